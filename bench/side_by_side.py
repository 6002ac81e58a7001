"""This site against Datasette on the same SQLite file, in one run.

Fills a fresh SQLite file (bench/generate.py; at --scale 1: 10,000
agreements, 500,000 clauses), then serves it twice on 127.0.0.1:

- this site: gunicorn as `make serve` runs it, page cache off
  (TRACKER_PAGE_CACHE_SECONDS=0), so every request is a first visit;
- Datasette (DATASETTE_VERSION, installed into bench/out/datasette-venv on
  first use), facet suggestions off, page size 50, its default facet time
  limit; each page asks for the facets Datasette can count on the table
  (our pages count more: countries and groups through the parties).

For each pair it runs wrk (WRK below) against both, ROUNDS times, and
prints both sites' requests per second and their ratio, then the median of
SERIAL one-at-a-time requests of each page of this site.

    python bench/side_by_side.py [--scale 1] [--sqlite PATH]  # PATH: filled
"""

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

DATASETTE_VERSION = "0.65.5"
WRK = ["-t2", "-c8", "-d8s", "--timeout", "10s"]
ROUNDS = 2
SERIAL = 40


def pairs(ids):
    """(name, our path, Datasette's path) for each page compared."""
    agreement, donor, database = ids["agreement"], ids["donor"], ids["database"]
    table = f"/{database}/agreements_agreement"
    return [
        (
            "agreements signed in 2024",
            "/agreements/?year=2024",
            f"{table}?signed_on__startswith=2024&_facet=status&_facet=kind"
            "&_facet=signed_year",
        ),
        (
            "pledges by one donor in EUR",
            f"/pledges/?donor={donor['iso_code']}&currency=EUR",
            f"/{database}/agreements_pledge?donor_id={donor['id']}&currency=EUR"
            "&_facet=category&_facet=kind&_facet=currency&_facet=recipient_id",
        ),
        (
            "clauses of one agreement",
            f"/clauses/?agreement={agreement['slug']}",
            f"/{database}/agreements_clause?agreement_id={agreement['id']}",
        ),
        (
            "an agreement's page / its row",
            f"/agreements/{agreement['slug']}/",
            f"{table}/{agreement['id']}",
        ),
    ]


def serial_pages(ids):
    """Every public page kind of this site, for the one-at-a-time medians."""
    agreement, donor = ids["agreement"], ids["donor"]
    return [
        ("agreements", "/agreements/"),
        ("agreements signed in 2024", "/agreements/?year=2024"),
        ("agreements, one country", f"/agreements/?country={donor['iso_code']}"),
        ("countries", "/countries/"),
        ("clauses", "/clauses/"),
        ("clauses of one agreement", f"/clauses/?agreement={agreement['slug']}"),
        ("clause search", "/clauses/?q=maritime"),
        ("pledges", "/pledges/"),
        ("pledges by one donor in EUR", pairs(ids)[1][1]),
        ("events", "/events/"),
        ("sources", "/sources/"),
        ("agreement page", f"/agreements/{agreement['slug']}/"),
        ("country page", f"/countries/{donor['slug']}/"),
        ("site search", "/search/?q=maritime"),
        ("home", "/"),
    ]


def record_ids(sqlite_path):
    """The 43rd agreement and a donor with EUR pledges (the bench's usual)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(sqlite_path)) as db:
        db.row_factory = sqlite3.Row
        agreement = db.execute(
            "SELECT id, slug FROM agreements_agreement ORDER BY id LIMIT 1 OFFSET 42"
        ).fetchone()
        donor = db.execute(
            "SELECT c.id, c.slug, c.iso_code FROM agreements_country c "
            "JOIN agreements_pledge p ON p.donor_id = c.id "
            "WHERE p.currency = 'EUR' AND c.iso_code <> '' "
            "GROUP BY c.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    # Datasette names a database after its file.
    database = Path(sqlite_path).stem
    return {"agreement": dict(agreement), "donor": dict(donor), "database": database}


def datasette_bin():
    """Datasette in a virtualenv of its own (its dependencies stay out of
    the site's)."""
    venv = common.OUT / "datasette-venv"
    binary = venv / "bin" / "datasette"
    if binary.exists():
        return binary
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"datasette=={DATASETTE_VERSION}",
        ],
        check=True,
    )
    return binary


@contextlib.contextmanager
def datasette(sqlite_path):
    port = common.free_port()
    process = subprocess.Popen(
        [
            str(datasette_bin()),
            "serve",
            str(sqlite_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--setting",
            "suggest_facets",
            "off",
            "--setting",
            "default_page_size",
            "50",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        common.wait_until_up(port, process, path=f"/{Path(sqlite_path).stem}")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def compare(ours, theirs, ids):
    rows = []
    for name, our_path, their_path in pairs(ids):
        for url in (ours + our_path, theirs + their_path):
            status, _ = common.get(url)
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
        for round_number in range(1, ROUNDS + 1):
            our_rate = common.requests_per_second(ours + our_path, WRK)
            their_rate = common.requests_per_second(theirs + their_path, WRK)
            rows.append(
                {
                    "page": name,
                    "round": round_number,
                    "ours": round(our_rate, 1),
                    "datasette": round(their_rate, 1),
                    "ratio": round(our_rate / their_rate, 2),
                }
            )
    return rows


def serial(base_url, ids):
    return [
        {
            "page": name,
            "path": path,
            "median_ms": round(common.median_ms(base_url + path, SERIAL), 1),
        }
        for name, path in serial_pages(ids)
    ]


def report(compared, medians):
    print(
        f"\n{'page (wrk -t2 -c8 -d8s)':<34} {'round':>5} {'ours':>8}"
        f" {'datasette':>10} {'ratio':>6}"
    )
    for row in compared:
        print(
            f"{row['page']:<34} {row['round']:>5} {row['ours']:>8.1f}"
            f" {row['datasette']:>10.1f} {row['ratio']:>5.2f}x"
        )
    databases = list(medians)
    print(
        f"\n{'median, one request at a time':<34}"
        + "".join(f" {db:>11}" for db in databases)
    )
    for index, row in enumerate(medians[databases[0]]):
        cells = "".join(
            f" {medians[db][index]['median_ms']:>9.1f}ms" for db in databases
        )
        print(f"{row['page']:<34}{cells}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--sqlite", help="an already filled SQLite file")
    parser.add_argument(
        "--postgres-url",
        help="an already filled PostgreSQL database (else one is made)",
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found (Debian: apt-get install wrk).")
    os.environ["TRACKER_PAGE_CACHE_SECONDS"] = "0"
    with contextlib.ExitStack() as stack:
        if args.sqlite:
            sqlite_path = Path(args.sqlite).resolve()
            sqlite_url = f"sqlite:///{sqlite_path}"
        else:
            sqlite_url = stack.enter_context(common.sqlite())
            common.prepare(sqlite_url, args.scale)
            sqlite_path = Path(sqlite_url.removeprefix("sqlite:///"))
        ids = record_ids(sqlite_path)
        with common.gunicorn(sqlite_url) as (ours, _), datasette(sqlite_path) as theirs:
            compared = compare(ours, theirs, ids)
            medians = {"SQLite": serial(ours, ids)}
        if not args.no_postgres:
            postgres_url = args.postgres_url
            if postgres_url is None:
                postgres_url = stack.enter_context(common.postgres())
                common.prepare(postgres_url, args.scale)
            with common.gunicorn(postgres_url) as (ours, _):
                medians["PostgreSQL"] = serial(ours, ids)
    report(compared, medians)
    common.OUT.mkdir(parents=True, exist_ok=True)
    (common.OUT / "side_by_side.json").write_text(
        json.dumps({"compared": compared, "medians": medians}, indent=2)
    )


if __name__ == "__main__":
    main()
