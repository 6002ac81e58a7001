"""All that a database gives its readers and holds: every list's CSV export
(agreements/lists.py) and every table's row count, history tables included.

Run as a script, it prints those of the database DATABASE_URL names, as
JSON, so a test compares a database it cannot open itself (one restored by
another process):

    DATABASE_URL=... python -m tests.snapshots
"""

import json
import os
import sys


def table_rows(connection):
    """{table: rows} of every table of `connection`, found by introspection."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        rows = {}
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {quote(name)}")
            rows[name] = cursor.fetchone()[0]
    return rows


def exports(client):
    """{list name: its whole CSV export, unfiltered, as text}."""
    from agreements import lists

    files = {}
    for listing in lists.LISTINGS:
        response = client.get(listing.export_url)
        assert response.status_code == 200, (listing.name, response.status_code)
        files[listing.name] = b"".join(response.streaming_content).decode()
    return files


def snapshot(client, connection):
    return {"exports": exports(client), "tables": table_rows(connection)}


def main():
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    json.dump(snapshot(Client(), connection), sys.stdout)


if __name__ == "__main__":
    main()
