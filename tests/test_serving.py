"""gunicorn as `make serve` runs it (gunicorn.conf.py): slow downloads
neither hold every worker nor get cut by the worker timeout.

The answers travel through small socket buffers (tests/served.py), so a
download of a few hundred KB keeps its worker busy for as long as its
client takes, as a full export does in production."""

import pytest
from django.db import connection

from bench.generate import generate
from tests.served import SlowDownload, database_url_of_this_run, fetch, served

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="gunicorn serves the PostgreSQL test database; SQLite's lives "
        "in this process's memory",
    ),
    pytest.mark.django_db(transaction=True),
]

EXPORT = "/clauses.csv"
PAGE = "/agreements/"


@pytest.fixture
def filled():
    """500 clauses (a CSV export of some 300 KB), committed for gunicorn."""
    generate(scale=0.001, verbose=False)
    return database_url_of_this_run()


def test_pages_answer_while_two_slow_downloads_are_open(filled):
    with served(filled) as port:
        status, _, whole = fetch(port, EXPORT)
        assert status == 200 and len(whole) > 100_000
        downloads = [SlowDownload(port, EXPORT) for _ in range(2)]
        for download in downloads:
            download.start()
        for download in downloads:
            assert download.started.wait(60)
            assert " 200 " in download.status_line, download.error

        # Both downloads are open and their client reads nothing: sync
        # workers (2) would both be stuck writing to them until the worker
        # timeout (30 s) killed them.
        pages = [fetch(port, PAGE, timeout=20) for _ in range(5)]

        assert [status for status, _, _ in pages] == [200] * 5
        assert all(b"agreement-00003" in body for _, _, body in pages)
        for download in downloads:
            assert download.finish()
            assert download.error is None
            assert download.body == whole


def test_a_download_slower_than_the_worker_timeout_completes(filled):
    # A 3 s timeout, where production has 30: the client below reads
    # nothing for 6 s, then the rest. --preload loads the site before the
    # workers fork, so that a slow start on a busy machine is not a timeout.
    with served(filled, "--timeout", "3", "--preload") as port:
        _, _, whole = fetch(port, EXPORT)
        download = SlowDownload(port, EXPORT, hold=6)
        download.start()
        assert download.started.wait(60)
        download.join(60)
        assert not download.is_alive()

    assert " 200 " in download.status_line
    assert download.error is None
    assert download.body == whole  # a worker killed midway would cut it
