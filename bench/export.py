"""Full clause export speed and the serving process's peak memory.

On PostgreSQL and on SQLite: fill the database (bench/generate.py), serve
with gunicorn (2 workers) on 127.0.0.1, download /clauses.csv five times,
and report rows per second (median and range), the slowest time to the
first byte and the peak resident memory (VmHWM) of the gunicorn workers.

    python bench/export.py [--scale 1] [--only postgres|sqlite] [--runs 5]
"""

import argparse
import http.client
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

TARGETS = {"postgresql": 250_000, "sqlite": 60_000}  # rows/s
MEMORY_TARGET_MB = 100
RUNS = 5
PATH = "/clauses.csv"


def download(base_url):
    """Stream the export; returns (rows, bytes, seconds, first byte seconds)."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=600)
    started = time.perf_counter()
    connection.request("GET", PATH)
    response = connection.getresponse()
    if response.status != 200:
        raise SystemExit(f"{PATH} answered {response.status}")
    first_byte, size, lines = None, 0, 0
    while block := response.read1(256 * 1024):
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(block)
        lines += block.count(b"\n")  # the generated texts hold no line breaks
    seconds = time.perf_counter() - started
    connection.close()
    return lines - 1, size, seconds, first_byte


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


def measure(database_url, vendor, runs=RUNS):
    """`runs` full downloads; rows/s as the median and the range, since this
    machine's speed varies by about ±15 % from one run to the next."""
    with common.gunicorn(database_url) as (base_url, master):
        common.get(base_url + "/clauses.csv?agreement=agreement-00001")  # warm up
        results = [download(base_url) for _ in range(runs)]
        peak = max(common.peak_rss_mb(pid) for pid in common.children(master.pid))
    rows, size = results[0][:2]
    rates = sorted(rows / seconds for _, _, seconds, _ in results)
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
        "memory_target_mb": MEMORY_TARGET_MB,
        "probe_s": round(machine_probe(), 3),
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
