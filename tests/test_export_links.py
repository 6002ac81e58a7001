"""Every address an export gives resolves: each `url`, `api_url` and
`source_url` cell of every CSV on the seed data names a page that answers,
and the element its fragment names is on it; `citation_urls` lists the
site's own page for a source without a web address of its own."""

import csv
import io
from decimal import Decimal
from urllib.parse import urlsplit

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from agreements.lists import LISTINGS
from agreements.models import Clause, Pledge, Source

BASE = "http://testserver"
LINK_COLUMNS = ("url", "api_url", "source_url")


def rows(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


class ExportLinksTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_seed", stdout=io.StringIO())
        if connection.vendor == "postgresql":
            # Statistics for the rows just loaded (this transaction's own);
            # otherwise the planner plans for the tables an earlier test
            # left, and one page's query once took minutes instead of ms.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def setUp(self):
        self.pages = {}

    def page(self, path):
        """The page at `path` (fetched once per test)."""
        if path not in self.pages:
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)
            self.pages[path] = response.content.decode()
        return self.pages[path]

    def assert_resolves(self, address, where):
        self.assertTrue(address.startswith(BASE + "/"), f"{where}: {address!r}")
        parts = urlsplit(address)
        page = self.page(parts.path)
        if parts.fragment:
            self.assertIn(f'id="{parts.fragment}"', page, f"{where}: {address}")

    def export_rows(self):
        for path in [listing.export_url for listing in LISTINGS]:
            for number, row in enumerate(rows(self.client, path), start=2):
                yield f"{path} line {number}", row

    def test_every_link_cell_of_every_export_resolves(self):
        followed = 0
        for where, row in self.export_rows():
            for column in LINK_COLUMNS:
                if column in row:
                    self.assertTrue(row[column], f"{where}: empty {column}")
                    self.assert_resolves(row[column], f"{where} {column}")
                    followed += 1
            for address in filter(None, row.get("citation_urls", "").split("|")):
                if address.startswith(BASE):
                    self.assert_resolves(address, f"{where} citation_urls")
        # Every row of the six lists has two links or more.
        self.assertGreater(followed, 1000)

    def test_a_row_backed_only_by_a_held_document_links_its_source_page(self):
        held = Source.objects.filter(url="")
        clause = Clause.objects.filter(citations__source__in=held).first()
        self.assertIsNotNone(clause)
        expected = {
            f"{BASE}{source.get_absolute_url()}"
            for source in Source.objects.filter(citations__clause=clause)
        }
        found = {
            row["id"]: row["citation_urls"]
            for row in rows(self.client, reverse("agreements:clause-export"))
        }
        self.assertEqual(set(found[str(clause.pk)].split("|")), expected)
        self.assertFalse([pk for pk, urls in found.items() if not urls])

    def test_held_pages_come_before_web_addresses(self):
        for _, row in self.export_rows():
            addresses = [a for a in row.get("citation_urls", "").split("|") if a]
            held = [a.startswith(BASE + "/sources/") for a in addresses]
            self.assertEqual(held, sorted(held, reverse=True), addresses)

    def test_a_pledge_outside_an_agreement_links_its_donor_page(self):
        made = Pledge.objects.exclude(donor__slug="ukraine").first()
        pledge = Pledge.objects.create(
            donor=made.donor,
            recipient=made.recipient,
            amount=Decimal("5000000"),
            currency="EUR",
            category=Pledge.Category.HUMANITARIAN,
        )
        row = next(
            row
            for row in rows(self.client, reverse("agreements:pledge-export"))
            if row["id"] == str(pledge.pk)
        )
        self.assertEqual(
            row["url"], f"{BASE}{pledge.donor.get_absolute_url()}#pledge-{pledge.pk}"
        )
        self.assert_resolves(row["url"], "pledge outside an agreement")

    def test_the_stored_cells_name_source_pages_as_the_site_does(self):
        # Migration 0018 writes /sources/<slug>/ in SQL.
        path = reverse("agreements:source-detail", kwargs={"slug": "s"})
        self.assertEqual(path, "/sources/s/")

    def test_the_json_api_gives_the_same_absolute_addresses(self):
        clause = Clause.objects.filter(citations__source__url="").first()
        response = self.client.get(
            reverse("api:clause-detail", kwargs={"key": clause.pk})
        )
        self.assertEqual(response.status_code, 200)
        urls = response.json()["clause"]["citation_urls"]
        self.assertTrue(urls)
        for address in urls:
            self.assertTrue(address.startswith("http"), address)
