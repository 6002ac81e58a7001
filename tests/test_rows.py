"""The rows rendered by Jinja2 (agreements/rows.py): stored text is escaped
in every one of them, as in the Django templates around them."""

import datetime

import pytest
from django.utils.safestring import mark_safe

from agreements.models import Coding, Provision, Topic
from agreements.rows import date, regroup
from tests.factories import (
    make_agreement,
    make_citation,
    make_clause,
    make_country,
    make_event,
    make_participation,
    make_person,
    make_pledge,
    make_source,
)

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
# Quotes are written &#34; by Jinja2 and &quot; by Django: either will do.
ESCAPED = "&lt;script&gt;alert("


@pytest.fixture
def hostile():
    """Every kind of row, its free text a script."""
    country = make_country(f"Ruritania {SCRIPT}")
    other = make_country("Freedonia")
    agreement = make_agreement(
        parties=[country, other],
        title=f"Accord {SCRIPT}",
        short_title=f"Short {SCRIPT}",
    )
    clause = make_clause(
        agreement, number="1", heading=f"Heading {SCRIPT}", text=f"Text {SCRIPT}"
    )
    topic = Topic.objects.create(name=f"Topic {SCRIPT}", slug="topic")
    clause.topics.add(topic)
    pledge = make_pledge(
        donor=country, recipient=other, agreement=agreement, description=SCRIPT
    )
    event = make_event(agreement, place=f"Place {SCRIPT}", occasion=SCRIPT)
    make_participation(event=event, person=make_person(name=f"Person {SCRIPT}"))
    Coding.objects.create(
        agreement=agreement,
        provision=Provision.objects.get(slug="term"),
        number=10,
        condition=f"Condition {SCRIPT}",
    )
    source = make_source(title=f"Source {SCRIPT}", publisher=SCRIPT)
    make_citation(source=source, agreement=agreement, quote=f"Quote {SCRIPT}")
    make_citation(source=source, clause=clause, quote=f"Clause quote {SCRIPT}")
    make_citation(source=source, pledge=pledge, quote=SCRIPT)
    return agreement


@pytest.mark.parametrize(
    "url",
    [
        "/agreements/",
        "/agreements/?q=accord",
        "/clauses/",
        "/clauses/?q=text",
        "/pledges/",
        "/events/",
        "/sources/",
        "/countries/",
    ],
)
def test_every_list_escapes_what_its_rows_show(client, hostile, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert SCRIPT not in content
    assert ESCAPED in content


def test_the_agreement_page_escapes_its_clauses_and_quotes(client, hostile):
    response = client.get(hostile.get_absolute_url())
    content = response.content.decode()
    assert SCRIPT not in content
    texts = ("Heading ", "Text ", "Topic ", "Quote ", "Clause quote ", "Place ")
    for text in (*texts, "Person ", "Condition ", '<td colspan="6">'):
        assert text + ESCAPED in content, text


def test_the_country_page_escapes_its_timeline(client, hostile):
    country = hostile.parties.get(name="Freedonia")
    content = client.get(country.get_absolute_url()).content.decode()
    assert SCRIPT not in content
    assert 'class="timeline-date"' in content
    assert "Place " + ESCAPED in content


def test_a_search_marks_words_inside_escaped_text(client, hostile):
    content = client.get("/clauses/", {"q": "text"}).content.decode()
    assert "<mark>Text</mark> &lt;script&gt;" in content


def test_dates_read_as_django_writes_them():
    day = datetime.date(2024, 7, 9)
    assert date(day, "j M Y") == "9 Jul 2024"
    assert date(day, "j F Y") == "9 July 2024"
    assert date(day, "Y-m-d") == "2024-07-09"
    assert date(None, "j M Y") == ""


def test_regroup_keeps_runs_in_their_order():
    class Row:
        def __init__(self, kind):
            self.kind = kind

    rows = [Row("pledge"), Row("clause"), Row("clause"), Row("agreement")]
    groups = regroup(rows, "kind")
    assert [(g.grouper, len(g.list)) for g in groups] == [
        ("pledge", 1),
        ("clause", 2),
        ("agreement", 1),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Short text with <mark>one</mark> mark.",
        " ".join(f"word{n}" for n in range(60)),
        " ".join(f"<mark>w</mark>{n}" for n in range(20)),  # 40 words by tags
        "<mark>a</mark> <mark>b</mark> " * 13,  # 39 runs, 52 tags
        "x " * 38 + "<mark>y</mark>z",
        "",
    ],
)
@pytest.mark.parametrize("length", [1, 39, 40])
def test_words_are_cut_where_django_cuts_them(text, length):
    from django.template.defaultfilters import truncatewords_html

    from agreements.rows import truncate_words_html

    safe = mark_safe(text)
    ours, djangos = truncate_words_html(safe, length), truncatewords_html(safe, length)
    # Django also joins runs of whitespace, which HTML shows as one space.
    assert " ".join(str(ours).split()) == " ".join(str(djangos).split())
