"""Page speed at full size on PostgreSQL: median latency and throughput.

Starts a throwaway PostgreSQL cluster, fills it (bench/generate.py), serves
the site with gunicorn (2 workers) on 127.0.0.1 and measures each page with
a bounded number of sequential requests, then with wrk (-t2 -c8 -d10s):
once with the page cache on, as deployed (repeated requests are cache hits),
and once with it off (TRACKER_PAGE_CACHE_SECONDS=0: every request rendered).

    python bench/pages.py [--scale 1] [--database-url URL]  # URL: already filled
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

SEQUENTIAL = 60
WRK = ["-t2", "-c8", "-d10s", "--timeout", "5s"]
# (name, path, median target ms, throughput target req/s)
PAGES = [
    (
        "agreements by country, year",
        "/agreements/?country=country-0042&year=2024",
        15,
        300,
    ),
    (
        "  the same as JSON",
        "/api/agreements/?country=country-0042&year=2024",
        15,
        300,
    ),
    ("agreement page", "/agreements/agreement-00042/", 15, 300),
    ("  its JSON record", "/api/agreements/agreement-00042/", 15, 300),
    ("clause full-text search", "/clauses/?q=maritime", 50, None),
    ("  the same as JSON", "/api/clauses/?q=maritime", 50, None),
]


def measure(base_url):
    results = []
    for name, path, median_target, rate_target in PAGES:
        median = common.median_ms(base_url + path, SEQUENTIAL)
        rate = common.requests_per_second(base_url + path, WRK)
        results.append(
            {
                "page": name,
                "path": path,
                "median_ms": round(median, 1),
                "median_target_ms": median_target,
                "requests_per_s": rate and round(rate),
                "rate_target": rate_target,
            }
        )
    return results


def report(results):
    print(
        f"{'page':<34} {'cache':>5} {'median':>9} {'target':>7}"
        f" {'req/s':>7} {'target':>7}"
    )
    for row in results:
        rate = row["requests_per_s"]
        rate = "no wrk" if rate is None else rate
        median, target = row["median_ms"], row["median_target_ms"]
        print(
            f"{row['page']:<34} {row['page_cache']:>5} {median:>7.1f}ms {target:>5}ms"
            f" {rate:>7} {row['rate_target'] or '-':>7}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-url", help="an already filled database")
    args = parser.parse_args(argv)
    if args.database_url:
        results = run(args.database_url)
    else:
        with common.postgres() as url:
            common.prepare(url, args.scale)
            results = run(url)
    report(results)
    common.OUT.mkdir(parents=True, exist_ok=True)
    (common.OUT / "pages.json").write_text(json.dumps(results, indent=2))


def run(database_url):
    """Measure with the page cache on (as deployed) and off (every request
    rendered from the database)."""
    results = []
    for label, seconds in (("on", "600"), ("off", "0")):
        os.environ["TRACKER_PAGE_CACHE_SECONDS"] = seconds
        with common.gunicorn(database_url) as (base_url, _):
            for row in measure(base_url):
                results.append({**row, "page_cache": label})
    return results


if __name__ == "__main__":
    main()
