"""Shared set-up for the benchmarks: a database, the data set, a gunicorn.

Everything listens on 127.0.0.1 only, and every wait is bounded.
"""

import contextlib
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
WORKERS = 2

sys.path.insert(0, str(ROOT))

from tests.dbplugin import (  # noqa: E402
    postgres_bindir,
    restart_cluster,
    start_cluster,
    stop_cluster,
)


def environment(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "bench-only-not-for-production",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        # Every request of a benchmark comes from 127.0.0.1.
        "TRACKER_EXPORT_RATE": "off",
        "TRACKER_SEARCH_RATE": "off",
    }


def manage(database_url, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
    )


def prepare(database_url, scale):
    """Migrate, fill with the synthetic data set and collect static files."""
    print(f"== preparing {database_url.split('@')[-1]} at scale {scale}", flush=True)
    manage(database_url, "migrate", "--noinput", "-v0")
    subprocess.run(
        [PYTHON, "bench/generate.py", "--scale", str(scale)],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
    )
    manage(database_url, "collectstatic", "--noinput", "-v0")


@contextlib.contextmanager
def postgres():
    """A throwaway PostgreSQL cluster (the one the tests use); yields its URL."""
    with postgres_cluster() as (url, _):
        yield url


@contextlib.contextmanager
def postgres_cluster():
    """The same; yields (its URL, a function that restarts its server)."""
    bindir = postgres_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL server binaries not found (Debian: postgresql).")
    cluster, url = start_cluster(bindir)
    try:
        yield url, lambda: restart_cluster(cluster, bindir)
    finally:
        stop_cluster(cluster, bindir)


@contextlib.contextmanager
def sqlite():
    """A fresh SQLite file under bench/out/; yields its URL."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "bench.sqlite3"
    for leftover in OUT.glob("bench.sqlite3*"):
        leftover.unlink()
    yield f"sqlite:///{path}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid):
    """Process ids whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                status = (entry / "status").read_text()
                if re.search(rf"^PPid:\s+{pid}$", status, re.M):
                    found.append(int(entry.name))
    return found


def peak_rss_mb(pid):
    """The process's peak resident memory (VmHWM) in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)) / 1024


SERVE_CONFIG = ROOT / "gunicorn.conf.py"


@contextlib.contextmanager
def gunicorn(
    database_url,
    workers=WORKERS,
    *,
    as_served=False,
    options=(),
    listener=None,
    worker_class="sync",
    threads=1,
):
    """Serve the site; yields (base URL, gunicorn master process).

    With `as_served`, gunicorn runs with gunicorn.conf.py, as `make serve`
    runs it (threaded workers); otherwise with sync workers and a 300 s
    timeout, as the page and export figures were taken (or `worker_class`
    with `threads`). `options` are more
    gunicorn arguments; `listener`, a listening socket to serve on instead
    of a free port (its buffer sizes carry over to every connection)."""
    if listener is not None:
        port, bind = listener.getsockname()[1], f"fd://{listener.fileno()}"
    else:
        port = free_port()
        bind = f"127.0.0.1:{port}"
    if as_served:
        served = ["--config", str(SERVE_CONFIG), "--workers", str(workers)]
    else:
        # gunicorn reads ./gunicorn.conf.py by itself: undo its workers.
        served = ["--worker-class", worker_class, "--threads", str(threads)]
        served += ["--workers", str(workers), "--timeout", "300"]
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "tracker.wsgi",
            *served,
            "--bind",
            bind,
            "--log-level",
            "warning",
            "--access-logfile",
            "/dev/null",
            *options,
        ],
        cwd=ROOT,
        env=environment(database_url),
        pass_fds=() if listener is None else (listener.fileno(),),
    )
    try:
        wait_until_up(port, process)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(port, process, seconds=30, path="/"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} exited before it served")
        with contextlib.suppress(OSError):
            get(f"http://127.0.0.1:{port}{path}")
            return
        time.sleep(0.2)
    raise SystemExit(f"{process.args[0]} did not answer within {seconds} s")


def get(url, timeout=300):
    """GET on 127.0.0.1; returns (status, body bytes)."""
    host_port, _, path = url.removeprefix("http://").partition("/")
    host, port = host_port.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", "/" + path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def median_ms(url, count):
    """The median of `count` one-at-a-time GETs of `url`, after one that
    must answer 200 (it also warms the worker)."""
    status, _ = get(url)
    if status != 200:
        raise SystemExit(f"{url} answered {status}")
    times = []
    for _ in range(count):
        started = time.perf_counter()
        get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def requests_per_second(url, options):
    """wrk's requests per second on `url` (None without wrk); any failed
    response stops the benchmark."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    output = subprocess.run(
        [wrk, *options, url], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failed:
        raise SystemExit(f"wrk saw {failed.group(1)} failed responses on {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
