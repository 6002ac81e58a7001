"""The Python-written widgets give exactly the HTML of Django's templates."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from agreements.form_renderer import WRITERS, FastWidgets

CHOICES = [("signed", "Signed (12)"), ("in_force", 'In force <"&>'), ("", "Any")]
GROUPED = [("Europe", [("fr", "France"), ("de", "Germany")]), ("jp", "Japan")]

WIDGETS = [
    (forms.TextInput(), "Tokyo & <Kyiv>"),
    (forms.TextInput(attrs={"type": "search", "list": "ids", "required": True}), ""),
    (forms.TextInput(attrs={"disabled": False, "data-x": mark_safe("a&amp;b")}), None),
    (forms.NumberInput(attrs={"min": 1, "max": 100}), 5),
    (forms.DateInput(), datetime.date(2024, 1, 12)),
    (forms.HiddenInput(), 7),
    (forms.EmailInput(), "a@b.org"),
    (forms.PasswordInput(), "secret"),
    (forms.Select(choices=CHOICES), "in_force"),
    (forms.Select(choices=GROUPED, attrs={"class": "wide"}), "de"),
    (forms.SelectMultiple(choices=CHOICES), ["signed", "in_force"]),
    (forms.NullBooleanSelect(), True),
    (forms.CheckboxSelectMultiple(choices=CHOICES), ["signed"]),
    (forms.CheckboxSelectMultiple(choices=GROUPED, attrs={"class": "c"}), ["jp"]),
    (forms.RadioSelect(choices=CHOICES), "signed"),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("attrs", [{"id": "id_field"}, {}])
def test_python_widgets_write_what_django_templates_write(widget, value, attrs):
    django_html = widget.render("field", value, attrs=attrs, renderer=DjangoTemplates())
    fast_html = widget.render("field", value, attrs=attrs, renderer=FastWidgets())

    assert widget.template_name in WRITERS
    assert fast_html == django_html


def test_the_site_renders_forms_with_the_fast_renderer(settings):
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    assert isinstance(get_default_renderer(), FastWidgets)


def test_other_templates_go_to_django(settings):
    field = forms.CharField(label="Place <signed>")
    form = type("F", (forms.Form,), {"place": field})(renderer=FastWidgets())

    html = str(form)

    assert "Place &lt;signed&gt;" in html
    assert '<input type="text" name="place"' in html


class LabelledForm(forms.Form):
    required_css_class = "needed"

    place = forms.CharField(label="Place <signed> & sealed")
    year = forms.IntegerField(label=mark_safe("Year <em>signed</em>"), required=False)
    kind = forms.ChoiceField(choices=CHOICES, label="Kind?", label_suffix=" →")
    countries = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )


@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize("suffix", [None, "", ":"])
def test_labels_read_as_django_writes_them(auto_id, suffix):
    def labels(renderer):
        form = LabelledForm(auto_id=auto_id, renderer=renderer)
        return [str(field.label_tag(label_suffix=suffix)) for field in form] + [
            str(form["place"].label_tag(attrs={"class": "wide"}, tag="span"))
        ]

    assert labels(FastWidgets()) == labels(DjangoTemplates())
