"""How a provision's coded value reads on a page."""

from django import template

from ..models import Coding
from .browse import money

register = template.Library()


@register.filter
def coding_value(coding):
    """ "10 years", "yes", "USD 4.5 billion", the text; "absent" where the
    text has no such provision; "not coded" for no coding."""
    if coding is None:
        return "not coded"
    if coding.status == Coding.Status.ABSENT:
        return "absent"
    if coding.flag is not None:
        return "yes" if coding.flag else "no"
    if coding.number is not None:
        number = coding.number.normalize()
        unit = coding.provision.unit
        if number == 1:
            unit = unit.removesuffix("s")
        return f"{number:f} {unit}".strip()
    if coding.amount is not None:
        return money(coding.amount, coding.currency)
    return coding.text


@register.filter
def coding_euros(coding):
    """ "≈ EUR 4.17 billion" for an amount in another currency, else ""."""
    if coding is None or coding.amount is None or coding.currency == "EUR":
        return ""
    if coding.amount_eur is None:
        return ""
    return f"≈ {money(coding.amount_eur, 'EUR')}"
