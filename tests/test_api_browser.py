"""The API as a reader meets it in Chromium: from a list to its JSON, and
the documentation page, which draws the operations with its own scripts
served by this site."""

import json

import pytest
from playwright.sync_api import expect

from tests.factories import make_agreement, make_country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_follows_a_filtered_list_to_its_json(page, live_server):
    japan = make_country("Japan", iso_code="JP", slug="japan")
    make_agreement(title="Accord", parties=[japan, make_country()])
    make_agreement(title="Other pact")
    page.goto(live_server.url + "/agreements/?country=JP")
    page.get_by_role("link", name="JSON", exact=True).click()
    body = json.loads(page.locator("body").inner_text())
    assert [row["title"] for row in body["results"]] == ["Accord"]
    assert page.url == live_server.url + "/api/agreements/?country=JP"


def test_the_documentation_page_shows_every_operation(page, live_server):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url)
            else None
        ),
    )
    page.goto(live_server.url + "/api/docs/")
    expect(page.get_by_text("/api/agreements.jsonl", exact=True)).to_be_visible()
    expect(page.get_by_text("/api/sources/{key}/", exact=True)).to_be_visible()
    assert outside == []
