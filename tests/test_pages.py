import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import make_agreement, make_country

pytestmark = pytest.mark.django_db


def test_home_page_counts_what_the_tracker_holds(client):
    make_agreement()
    assertContains(
        client.get(reverse("agreements:home")), "<strong>1</strong> agreements"
    )


def test_agreement_page_names_its_parties(client):
    parties = [make_country("Freedonia"), make_country("Sylvania")]
    agreement = make_agreement(parties=parties, title="The accord")
    response = client.get(agreement.get_absolute_url())
    for country in parties:
        assertContains(response, f'href="{country.get_absolute_url()}">{country.name}<')


def test_unknown_agreement_is_a_styled_404(client):
    response = client.get("/agreements/no-such-pact/")
    assertContains(response, "There is no page at this address", status_code=404)


def test_admin_is_only_for_staff(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "model",
    [
        "agreement",
        "clause",
        "country",
        "countrygroup",
        "person",
        "pledge",
        "signingevent",
        "participation",
        "source",
        "citation",
        "topic",
    ],
)
def test_admin_changelist_and_add_pages_open(admin_client, model):
    assert admin_client.get(f"/admin/agreements/{model}/").status_code == 200
    assert admin_client.get(f"/admin/agreements/{model}/add/").status_code == 200
