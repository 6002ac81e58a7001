"""Full clause export speed and the serving process's peak memory.

On PostgreSQL and on SQLite: fill the database (bench/generate.py), serve
with gunicorn (2 workers) on 127.0.0.1, download /clauses.csv five times
(after a download that keeps the file), and report rows per second
(median and range), the slowest time to the first byte and the peak
resident memory (VmHWM) of the gunicorn workers. The JSON Lines download of
the same rows, /api/clauses.jsonl, is timed in the same run, each download
after a CSV one, and given as a share of the CSV's rows per second.

Beside them, two references taken on the same machine at the same time,
since its speed drifts by half from hour to hour: Python's csv module
writing the exported rows, and (on PostgreSQL) PostgreSQL's own COPY of
the plain join of clauses, agreements and parties' countries, read by a
bare client, unordered and in the export's order. The targets were set
where the csv module ran at 89,000 rows/s and COPY at 375,000 (taken here
as the unordered figure, the faster one, so a share is never flattered);
each figure is also given as a share of its reference.

    python bench/export.py [--scale 1] [--only postgres|sqlite] [--runs 5]
"""

import argparse
import csv
import http.client
import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

TARGETS = {"postgresql": 250_000, "sqlite": 60_000}  # rows/s
# The references when the targets were set: PostgreSQL's COPY of the plain
# join, and the csv module writing the rows (rows/s).
REFERENCES = {"postgresql": ("copy", 375_000), "sqlite": ("csv_module", 89_000)}
MEMORY_TARGET_MB = 100
RUNS = 5
PATH = "/clauses.csv"
JSONL_PATH = "/api/clauses.jsonl"
JSONL_SHARE_TARGET = 0.5  # of the CSV's rows/s


def download(base_url, keep=None, path=PATH):
    """Stream the export; returns (rows, bytes, seconds, first byte seconds).
    With `keep` (a file), the body is written to it as well."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=600)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    first_byte, size, lines = None, 0, 0
    while block := response.read1(256 * 1024):
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(block)
        if keep:
            keep.write(block)
        lines += block.count(b"\n")  # the generated texts hold no line breaks
    seconds = time.perf_counter() - started
    connection.close()
    header = 0 if path.endswith(".jsonl") else 1
    return lines - header, size, seconds, first_byte


def machine_probe():
    """Seconds for a fixed CPU-bound loop (best of three): this machine's
    speed drifts by a quarter from hour to hour, so figures taken at
    different times compare only with the probe beside them."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        sum(range(30_000_000))
        times.append(time.perf_counter() - started)
    return min(times)


def csv_module_rate(path, limit=100_000, batch=10_000):
    """Rows/s of Python's csv module writing the first `limit` rows of the
    CSV at `path` (the time of writing alone: the rows are read beforehand,
    a batch at a time)."""
    seconds, rows = 0.0, 0
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        next(reader)
        out = io.StringIO()
        writer = csv.writer(out)
        while rows < limit and (
            chunk := [row for _, row in zip(range(batch), reader, strict=False)]
        ):
            started = time.perf_counter()
            writer.writerows(chunk)
            seconds += time.perf_counter() - started
            rows += len(chunk)
            out.seek(0)
            out.truncate()
    return rows / seconds


PLAIN_JOIN = """
    SELECT c.id, c.agreement_id, a.slug, a.title, a.signed_on, p.slugs, p.codes,
           c.number, c.parent_id, c.position, c.heading, c.text
    FROM agreements_clause c
    JOIN agreements_agreement a ON a.id = c.agreement_id
    LEFT JOIN (
        SELECT party.agreement_id, string_agg(country.slug, '|') AS slugs,
               string_agg(country.iso_code, '|') AS codes
        FROM agreements_party party
        JOIN agreements_country country ON country.id = party.country_id
        GROUP BY party.agreement_id
    ) p ON p.agreement_id = a.id
"""
IN_ORDER = " ORDER BY a.signed_on DESC, a.title, c.position"


def copy_rate(database_url, order=""):
    """Rows/s of PostgreSQL's COPY of the plain join, read by psycopg and
    dropped; `order` is an ORDER BY to add. JIT is off, as for the export:
    it only slows this query down."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        connection.execute("SET jit = off; SET work_mem = '512MB'")
        started, rows = time.perf_counter(), 0
        statement = f"COPY ({PLAIN_JOIN}{order}) TO STDOUT (FORMAT csv)"
        with connection.cursor().copy(statement) as copy:
            for _row in copy:
                rows += 1
        return rows / (time.perf_counter() - started)


def measure(database_url, vendor, runs=RUNS):
    """`runs` full downloads; rows/s as the median and the range, since one
    download may run a third slower than the next, and the medians of the
    references timed between them."""
    common.OUT.mkdir(parents=True, exist_ok=True)
    with common.gunicorn(database_url) as (base_url, master):
        common.get(base_url + "/clauses.csv?agreement=agreement-00001")  # warm up
        saved = common.OUT / "clauses.csv"
        with open(saved, "wb") as keep:  # the rows for the csv module
            download(base_url, keep)
        results, writes, copies, ordered, lines = [], [], [], [], []
        download(base_url, path=JSONL_PATH)  # warm up
        for _ in range(runs):
            # Each download is followed by the references, so that both
            # medians come from the same stretch of the machine's speed.
            results.append(download(base_url))
            lines.append(download(base_url, path=JSONL_PATH))
            writes.append(csv_module_rate(saved))
            if vendor == "postgresql":
                copies.append(copy_rate(database_url))
                ordered.append(copy_rate(database_url, IN_ORDER))
        peak = max(common.peak_rss_mb(pid) for pid in common.children(master.pid))
    rows, size = results[0][:2]
    rates = sorted(rows / seconds for _, _, seconds, _ in results)
    if lines[0][0] != rows:
        raise SystemExit(f"{JSONL_PATH} gave {lines[0][0]} rows, the CSV {rows}")
    line_rates = sorted(rows / seconds for _, _, seconds, _ in lines)
    reference = {"csv_module": statistics.median(writes)}
    saved.unlink()
    if vendor == "postgresql":
        # Unordered, the faster of the two: the share is not flattered.
        reference["copy"] = statistics.median(copies)
        reference["copy_in_order"] = statistics.median(ordered)
    name, reference_then = REFERENCES[vendor]
    share = statistics.median(rates) / reference[name]
    return {
        "database": vendor,
        "rows": rows,
        "megabytes": round(size / 1e6, 1),
        "runs": runs,
        "seconds": round(rows / statistics.median(rates), 2),
        "rows_per_s": round(statistics.median(rates)),
        "rows_per_s_range": [round(rates[0]), round(rates[-1])],
        "rows_per_s_target": TARGETS[vendor],
        "first_byte_ms": round(max(first for *_, first in results) * 1000, 1),
        "worker_peak_rss_mb": round(peak, 1),
        "jsonl_megabytes": round(lines[0][1] / 1e6, 1),
        "jsonl_rows_per_s": round(statistics.median(line_rates)),
        "jsonl_rows_per_s_range": [round(line_rates[0]), round(line_rates[-1])],
        "jsonl_share_of_csv": round(
            statistics.median(line_rates) / statistics.median(rates), 3
        ),
        "jsonl_share_target": JSONL_SHARE_TARGET,
        "memory_target_mb": MEMORY_TARGET_MB,
        "probe_s": round(machine_probe(), 3),
        "reference": {key: round(value) for key, value in reference.items()},
        "share_of_reference": round(share, 3),
        "share_target": round(TARGETS[vendor] / reference_then, 3),
    }


def report(results):
    print(
        f"{'database':<11} {'rows':>9} {'MB':>7} {'runs':>5} {'rows/s':>9} "
        f"{'range':>17} {'target':>8} {'1st byte':>9} {'peak RSS':>9} {'probe':>7}"
    )
    for row in results:
        low, high = row["rows_per_s_range"]
        print(
            f"{row['database']:<11} {row['rows']:>9,} {row['megabytes']:>7} "
            f"{row['runs']:>5} {row['rows_per_s']:>9,} {low:>8,}-{high:<8,} "
            f"{row['rows_per_s_target']:>8,} {row['first_byte_ms']:>7}ms "
            f"{row['worker_peak_rss_mb']:>7}MB {row['probe_s']:>6}s"
        )
    for row in results:
        low, high = row["jsonl_rows_per_s_range"]
        print(
            f"{row['database']}: JSON Lines {row['jsonl_megabytes']} MB at "
            f"{row['jsonl_rows_per_s']:,} rows/s ({low:,}-{high:,}), "
            f"{row['jsonl_share_of_csv']:.0%} of the CSV's rate (target "
            f"{row['jsonl_share_target']:.0%}); peak RSS covers both"
        )
    for row in results:
        references = ", ".join(
            f"{name} {rate:,} rows/s" for name, rate in row["reference"].items()
        )
        print(
            f"{row['database']}: references at the time: {references}; the "
            f"export ran at {row['share_of_reference']:.0%} of "
            f"{REFERENCES[row['database']][0]} (target "
            f"{row['share_target']:.0%})"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", choices=["postgres", "sqlite"])
    parser.add_argument("--database-url", help="an already filled database")
    parser.add_argument("--runs", type=int, default=RUNS, help="downloads each")
    args = parser.parse_args(argv)
    results = []
    if args.database_url:
        vendor = "sqlite" if args.database_url.startswith("sqlite") else "postgresql"
        results.append(measure(args.database_url, vendor, args.runs))
    elif args.only != "sqlite":
        with common.postgres() as url:
            common.prepare(url, args.scale)
            results.append(measure(url, "postgresql", args.runs))
    if not args.database_url and args.only != "postgres":
        with common.sqlite() as url:
            common.prepare(url, args.scale)
            results.append(measure(url, "sqlite", args.runs))
    report(results)
    common.OUT.mkdir(parents=True, exist_ok=True)
    (common.OUT / "export.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
