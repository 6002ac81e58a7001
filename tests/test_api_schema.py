"""The API's contract: a valid OpenAPI 3 document, and an API that keeps it.

schemathesis generates requests from the schema for every operation (valid
and invalid parameters, odd keys) and checks each answer: never a server
error, a documented status code and content type, a body that fits the
schema. Answers that depend on the data (an unknown country is a 400) are
not held to "valid input is accepted".
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from agreements import lists
from tests.test_api import world  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/schema/?format=json"
EXAMPLES = 25  # requests per operation
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_schema_is_valid_openapi_and_covers_every_list(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    for listing in lists.LISTINGS:
        for path in (f"/api/{listing.name}/", f"/api/{listing.name}.jsonl"):
            assert "get" in document["paths"][path], path
        row = document["components"]["schemas"][f"{listing.model.__name__}Row"]
        assert list(row["properties"]) == [c.header for c in listing.columns()]
    pledge = document["components"]["schemas"]["PledgeRow"]["properties"]
    assert pledge["amount"] == {"type": "number", "nullable": True}
    assert pledge["per_year"] == {"type": "boolean"}
    assert pledge["citation_urls"]["type"] == "array"


def test_the_documentation_page_loads_its_assets_from_this_site(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn." not in page and "jsdelivr" not in page


@pytest.fixture
def wsgi_app():
    """The site as a WSGI application that, like Django's test client, keeps
    the test's database connection open between requests."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def test_every_operation_keeps_the_contract(world, wsgi_app):  # noqa: F811
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 1 + 3 * len(lists.LISTINGS)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_it(case):
            case.call_and_validate(checks=CHECKS)

        keeps_it()
