"""Curated text fit to publish, on the seed data: titles as published with
other renderings as cited alternatives, summaries for readers, working
notes kept with the citations, and source pages in plain words."""

import io
import re

from django.core.management import call_command
from django.test import TestCase

from agreements.models import Agreement, Citation, Source
from agreements.templatetags.browse import citation_url

WORKING_NOTES = re.compile(r"\(as reported|\[sic\]|wording\)|renders it|\bUA:|\bPL:")


class CuratedTextTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_seed", stdout=io.StringIO())

    def test_no_title_or_summary_carries_working_notes(self):
        for agreement in Agreement.objects.all():
            self.assertIsNone(WORKING_NOTES.search(agreement.title), agreement.slug)
            self.assertFalse(agreement.summary.startswith("Research notes"))
            self.assertTrue(agreement.summary, agreement.slug)

    def test_the_working_notes_are_kept_with_a_citation(self):
        sweden = Agreement.objects.get(slug="ukraine-sweden-2024-05-31")
        self.assertEqual(
            sweden.title, "Agreement on security cooperation between Ukraine and Sweden"
        )
        notes = sweden.citations.filter(note__contains="Research notes: ")
        self.assertEqual(notes.count(), 1)
        self.assertIn("Title as reported.", notes.get().note)

    def test_other_renderings_of_a_title_are_cited_alternatives_not_disputes(self):
        romania = Agreement.objects.get(slug="ukraine-romania-2024-07-11")
        claims = set(
            romania.citations.filter(field="title")
            .exclude(claim="")
            .values_list("claim", flat=True)
        )
        self.assertIn(
            "Acordul de cooperare în domeniul securităţii între România şi Ucraina",
            claims,
        )
        self.assertEqual(len(claims), 2)
        self.assertFalse(Citation.objects.disputed().filter(field="title").exists())
        page = self.client.get(romania.get_absolute_url()).content.decode()
        self.assertIn("Acordul de cooperare", page)
        self.assertNotIn("sources differ on Title", page)

    def test_the_us_venue_is_the_town_the_quotes_support(self):
        us = Agreement.objects.get(slug="ukraine-united-states-2024-06-13")
        self.assertEqual(us.place_signed, "Fasano (Apulia), Italy")

    def test_a_source_page_names_facts_in_plain_words_and_links_each_citation(self):
        citation = Citation.objects.filter(
            field="signed_on", agreement__isnull=False, source__url__startswith="http"
        ).first()
        page = self.client.get(citation.source.get_absolute_url()).content.decode()
        self.assertIn("Signed on", page)
        self.assertNotIn(">signed_on", page)
        self.assertIn(f'href="{citation_url(citation)}"', page)
        target = self.client.get(citation_url(citation).partition("#")[0])
        self.assertIn(f'id="citation-{citation.pk}"', target.content.decode())

    def test_a_source_without_a_recorded_title_says_so(self):
        source = Source.objects.create(
            slug="untitled-page",
            url="https://news.example/2024/06/13/untitled",
            title="Untitled — news.example (title derived from the URL)",
            publisher="news.example",
        )
        page = self.client.get(source.get_absolute_url()).content.decode()
        self.assertIn("<h1>Title not recorded (news.example)</h1>", page)
