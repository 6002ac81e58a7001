"""Django's form renderer, with the commonest widgets written in Python.

Django renders every <option> and every checkbox through its own template
(select_option.html, input_option.html, attrs.html): a filter form with a
few hundred options spent more time there than the list page spent in its
database. The widgets below produce exactly the HTML of Django's templates
(tests/test_form_renderer.py compares them, widget by widget), as do the
fields' labels; every other template goes to Django's renderer as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeData, mark_safe

from .html import escape


def _text(value):
    """`{{ value }}` in a template: escaped unless already safe."""
    return value if isinstance(value, SafeData) else escape(value)


def _formatted(value):
    """`{{ value|stringformat:'s' }}`, which keeps a safe value safe."""
    return value if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    """django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _option(option):
    """select_option.html, or input_option.html for checkboxes and radios,
    each with the newline its template file ends with (as is input.html's
    inside input_option.html): only the outermost template is stripped."""
    if option["template_name"] == "django/forms/widgets/select_option.html":
        return (
            f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_text(option['label'])}</option>\n"
        )
    # checkbox_option.html and radio_option.html include input_option.html.
    end = "\n" if option["template_name"] in WRAPPED else ""
    if not option.get("wrap_label"):
        return f"{_input(option)}\n\n{end}"
    label_id = option["attrs"].get("id")
    label_for = f' for="{_text(label_id)}"' if label_id else ""
    label = _text(option["label"])
    return f"<label{label_for}>{_input(option)}\n {label}</label>\n{end}"


WRAPPED = {
    "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/radio_option.html",
}


def _select(widget):
    """django/forms/widgets/select.html."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple_input(widget):
    """django/forms/widgets/multiple_input.html (checkboxes, radios)."""
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{_text(attrs["id"])}"')
    if attrs.get("class"):
        parts.append(f' class="{_text(attrs["class"])}"')
    parts.append(">")
    for group, options, _ in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _label(context):
    """django/forms/label.html (every field's label_tag)."""
    label = _text(context["label"])
    if not context["use_tag"]:
        return label
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"


LABEL = "django/forms/label.html"

INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "search",
        "number",
        "date",
        "email",
        "url",
        "hidden",
        "password",
    )
}
WRITERS = {
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/checkbox_select.html": _multiple_input,
    "django/forms/widgets/radio.html": _multiple_input,
    "django/forms/widgets/multiple_input.html": _multiple_input,
    **dict.fromkeys(INPUTS, _input),
}


class FastWidgets(DjangoTemplates):
    """FORM_RENDERER: the widgets of WRITERS in Python, the rest as Django."""

    def render(self, template_name, context, request=None):
        if template_name == LABEL:
            return mark_safe(_label(context))
        writer = WRITERS.get(template_name)
        if writer is None or "widget" not in context:
            return super().render(template_name, context, request)
        return mark_safe(writer(context["widget"]))
