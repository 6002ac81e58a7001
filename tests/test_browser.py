import pytest
from playwright.sync_api import expect

from tests.factories import make_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_goes_from_home_to_an_agreement(page, live_server):
    make_agreement(title="Freedonia–Sylvania accord")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Agreements").first.click()
    page.get_by_role("link", name="Freedonia–Sylvania accord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Freedonia–Sylvania accord"
    )
