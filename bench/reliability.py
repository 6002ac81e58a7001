"""Reliability of the site as `make serve` runs it, on PostgreSQL.

Starts a throwaway PostgreSQL cluster, fills it (bench/generate.py at
--scale, 0.1 by default: a few minutes in all; full size is --scale 1),
serves the site with gunicorn and gunicorn.conf.py (2 threaded workers, the
page cache on, the rate limits off: every request comes from 127.0.0.1) on
127.0.0.1, and checks, printing the figures in a table:

1. load: wrk, 30 s at 16 connections over a filtered list, a record page,
   a filtered export and the API: no error, no answer but 200;
2. 20 simultaneous full exports of the clause list: all complete, all the
   same bytes (sha256);
3. PostgreSQL restarted (pg_ctl restart) under load from 8 clients: what
   they got while it restarted (counted: cached pages, 503s, downloads
   cut as the server went away), and that every request afterwards is
   answered, by the same gunicorn workers;
4. two slow clients (about 50 KB/s each) on the full export while 4
   clients load pages: the pages keep answering.

    python bench/reliability.py [--scale 0.1]   # or: make reliability
"""

import argparse
import hashlib
import http.client
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

LIST = "/agreements/?country=country-0012&year=2024"
RECORD = "/agreements/agreement-00042/"
FILTERED_EXPORT = "/clauses.csv?agreement=agreement-00042"
API = "/api/agreements/?country=country-0012"
FULL_EXPORT = "/clauses.csv"
MIXED = [LIST, RECORD, FILTERED_EXPORT, API]

WRK = ["-t2", "-c16", "-d30s", "--timeout", "10s", "--latency"]
EXPORTS_AT_ONCE = 20
RESTART_CLIENTS = 8
SLOW_CLIENTS, SLOW_BYTES_PER_S = 2, 50_000
PAGE_CLIENTS = 4
TIMEOUT = 120  # seconds: the bound on any one request


def connect(base_url):
    host, port = base_url.removeprefix("http://").split(":")
    return http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)


def get(base_url, path):
    """(status or the error's name, seconds)."""
    started = time.monotonic()
    client = connect(base_url)
    try:
        client.request("GET", path)
        response = client.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, time.monotonic() - started
    finally:
        client.close()


def clients(base_url, paths, count, stop):
    """`count` threads requesting `paths` in turn until `stop` is set;
    returns the threads and their list of (start time, path, status,
    seconds)."""
    results = []

    def run(offset):
        n = offset
        while not stop.is_set():
            path = paths[n % len(paths)]
            started = time.monotonic()
            status, seconds = get(base_url, path)
            results.append((started, path, status, seconds))
            n += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    return threads, results


def check_paths(base_url):
    for path in [*MIXED, FULL_EXPORT]:
        status, _ = get(base_url, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")


def load(base_url):
    """wrk over the mixed paths; one figure row."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk not found (Debian: wrk)")
    paths = ", ".join(json.dumps(path) for path in MIXED)
    script = (
        f"local paths = {{{paths}}}\nlocal n = 0\n"
        "request = function()\n  n = n + 1\n"
        "  return wrk.format('GET', paths[n % #paths + 1])\nend\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        output = subprocess.run(
            [wrk, *WRK, "-s", lua.name, base_url],
            capture_output=True,
            text=True,
            check=True,
            timeout=90,
        ).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    socket_line = re.search(r"Socket errors:(.*)", output)
    socket_errors = (
        sum(int(n) for n in re.findall(r"\d+", socket_line.group(1)))
        if socket_line
        else 0
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = socket_errors + (int(non_2xx.group(1)) if non_2xx else 0)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+(\S+)", output).group(1)
    p99 = re.search(r"99%\s+(\S+)", output).group(1)
    return {
        "check": "30 s load, 16 connections (list, record, filtered export, API)",
        "figures": f"{requests:,} requests, {rate:,.0f}/s, p50 {p50}, p99 {p99}",
        "errors": errors,
        "ok": errors == 0,
    }


def full_download(base_url, path, results):
    client = connect(base_url)
    digest, size, lines = hashlib.sha256(), 0, 0
    try:
        client.request("GET", path)
        response = client.getresponse()
        while block := response.read1(256 * 1024):
            digest.update(block)
            size += len(block)
            lines += block.count(b"\n")
        results.append((response.status, digest.hexdigest(), size, lines))
    except (OSError, http.client.HTTPException) as error:
        results.append((type(error).__name__, None, size, lines))
    finally:
        client.close()


def concurrent_exports(base_url, database_url):
    with psycopg.connect(database_url) as db:
        (clauses,) = db.execute("SELECT count(*) FROM agreements_clause").fetchone()
    results = []
    threads = [
        threading.Thread(target=full_download, args=(base_url, FULL_EXPORT, results))
        for _ in range(EXPORTS_AT_ONCE)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 5)
    seconds = time.monotonic() - started
    complete = [r for r in results if r[0] == 200 and r[3] == clauses + 1]
    digests = {r[1] for r in results}
    size = max((r[2] for r in results), default=0)
    return {
        "check": f"{EXPORTS_AT_ONCE} full exports at once ({FULL_EXPORT})",
        "figures": (
            f"{len(complete)}/{EXPORTS_AT_ONCE} complete ({clauses:,} rows, "
            f"{size / 1e6:.1f} MB each), {len(digests)} distinct sha256, "
            f"{seconds:.1f} s in all"
        ),
        "errors": EXPORTS_AT_ONCE - len(complete) + len(digests) - 1,
        "ok": len(complete) == EXPORTS_AT_ONCE and len(digests) == 1,
    }


def restart_under_load(base_url, restart):
    stop = threading.Event()
    threads, results = clients(base_url, MIXED, RESTART_CLIENTS, stop)
    time.sleep(5)
    began = time.monotonic()
    restart()
    ended = time.monotonic()
    time.sleep(10)
    stop.set()
    for thread in threads:
        thread.join(TIMEOUT)
    # Every request that was under way at some point of the restart.
    during = [r for r in results if r[0] < ended and r[0] + r[3] >= began]
    after = [r for r in results if r[0] >= ended]
    statuses = {}
    for _, _, status, _ in during:
        statuses[status] = statuses.get(status, 0) + 1
    failed_after = [r for r in after if r[2] != 200]
    checked = [get(base_url, path)[0] for path in MIXED * 25]
    ok_after = sum(1 for status in checked if status == 200)
    others = ", ".join(
        f"{n} {status}" for status, n in statuses.items() if status not in (200, 503)
    )
    return {
        "check": f"PostgreSQL restart under load ({RESTART_CLIENTS} clients)",
        "figures": (
            f"restart {ended - began:.1f} s, {len(during)} requests meanwhile: "
            f"{statuses.get(200, 0)} 200 (page cache), {statuses.get(503, 0)} "
            f"503{f', {others} (exports cut midway)' if others else ''}; "
            f"in the 10 s after, {len(after) - len(failed_after)}/{len(after)} "
            f"200; then {ok_after}/{len(checked)} 200"
        ),
        # Counted, not failed: what clients got while the server was down.
        "errors": len(during) - statuses.get(200, 0),
        "ok": not failed_after and ok_after == len(checked),
    }


def paced_download(base_url, path, seconds, received):
    """Read `path` at about SLOW_BYTES_PER_S for `seconds`, then hang up."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as sock:
        sock.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n".encode())
        deadline, total = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            chunk = sock.recv(SLOW_BYTES_PER_S // 10)
            if not chunk:
                break
            total += len(chunk)
            time.sleep(0.1)
        received.append(total)


def page_latencies(base_url, seconds):
    stop = threading.Event()
    threads, results = clients(base_url, [LIST, RECORD, API], PAGE_CLIENTS, stop)
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(TIMEOUT)
    return results


def slow_clients(base_url):
    alone = page_latencies(base_url, 10)
    received = []
    slow = [
        threading.Thread(
            target=paced_download, args=(base_url, FULL_EXPORT, 25, received)
        )
        for _ in range(SLOW_CLIENTS)
    ]
    for thread in slow:
        thread.start()
    time.sleep(2)
    beside = page_latencies(base_url, 20)
    for thread in slow:
        thread.join(TIMEOUT)
    failed = [r for r in beside if r[2] != 200]

    def median_ms(results):
        return statistics.median(r[3] for r in results) * 1000

    return {
        "check": (
            f"{SLOW_CLIENTS} slow downloads (~{SLOW_BYTES_PER_S // 1000} KB/s) "
            f"beside {PAGE_CLIENTS} page clients"
        ),
        "figures": (
            f"{len(beside) - len(failed)}/{len(beside)} pages 200 in 20 s, "
            f"median {median_ms(beside):.1f} ms (alone: {median_ms(alone):.1f} "
            f"ms); slow clients read "
            f"{', '.join(f'{n / 1e6:.1f} MB' for n in received)} in 25 s"
        ),
        "errors": len(failed),
        "ok": not failed and len(received) == SLOW_CLIENTS,
    }


def report(rows):
    width = max(len(row["check"]) for row in rows)
    print(f"\n{'check':<{width}}  {'result':<6}  errors  figures")
    for row in rows:
        result = "ok" if row["ok"] else "FAILED"
        print(f"{row['check']:<{width}}  {result:<6}  {row['errors']:>6}  ", end="")
        print(row["figures"])


def run(database_url, restart):
    with common.gunicorn(database_url, as_served=True) as (base_url, master):
        workers = sorted(common.children(master.pid))
        check_paths(base_url)
        rows = []
        for step in (
            lambda: load(base_url),
            lambda: concurrent_exports(base_url, database_url),
            lambda: restart_under_load(base_url, restart),
            lambda: slow_clients(base_url),
        ):
            rows.append(step())
            print(f"-- {rows[-1]['check']}: {rows[-1]['figures']}", flush=True)
        same = sorted(common.children(master.pid)) == workers
        rows.append(
            {
                "check": "gunicorn workers throughout",
                "figures": f"the same {len(workers)}"
                if same
                else f"replaced: {workers} → {common.children(master.pid)}",
                "errors": 0 if same else 1,
                "ok": same,
            }
        )
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1, help="1 = full size")
    args = parser.parse_args(argv)
    with common.postgres_cluster() as (url, restart):
        common.prepare(url, args.scale)
        rows = run(url, restart)
    report(rows)
    common.OUT.mkdir(parents=True, exist_ok=True)
    (common.OUT / "reliability.json").write_text(json.dumps(rows, indent=2))
    if not all(row["ok"] for row in rows):
        raise SystemExit("reliability checks failed")


if __name__ == "__main__":
    main()
