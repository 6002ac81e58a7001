"""One pledge per running total: merge cumulative totals reported twice.

A cumulative total is a running figure ("over USD 12 billion since March
2022"); two sources giving it differently are two claims about one fact,
not two pledges, and a sum must not add them. For each group of cumulative
pledges with the same donor, recipient, agreement, currency and first year,
the first (lowest id) is kept; the others' citations move to it, those
that support the amount (or the whole pledge) each with the figure its
pledge stated as its claim (where it had none), so the page shows that
sources differ; then the others are deleted. The kept pledge's own
citations get its figure as their claim likewise. The merge cannot be
undone (reversing does nothing).
"""

from django.db import migrations

GROUP = ("donor_id", "recipient_id", "agreement_id", "currency", "period_start_year")


def figure(pledge):
    qualifier = {"at_least": "at least ", "up_to": "up to ", "over": "over "}.get(
        pledge.qualifier, "about " if pledge.qualifier == "about" else ""
    )
    amount = pledge.amount
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if amount >= size:
            number = f"{amount / size:,.2f}".rstrip("0").rstrip(".")
            return f"{qualifier}{pledge.currency} {number} {word}"
    return f"{qualifier}{pledge.currency} {amount:,.0f}"


def merge(apps, schema_editor):
    Pledge = apps.get_model("agreements", "Pledge")
    Citation = apps.get_model("agreements", "Citation")
    totals = Pledge.objects.filter(kind="cumulative", amount__isnull=False)
    groups = {}
    for pledge in totals.order_by("pk"):
        groups.setdefault(tuple(getattr(pledge, f) for f in GROUP), []).append(pledge)
    for kept, *others in groups.values():
        if not others:
            continue
        for pledge in (kept, *others):
            Citation.objects.filter(
                pledge=pledge, claim="", field__in=("", "amount")
            ).update(claim=figure(pledge)[:300], field="amount")
            if pledge is not kept:
                Citation.objects.filter(pledge=pledge).update(pledge=kept)
                pledge.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0015_pledge_euro_figures"),
    ]

    operations = [
        migrations.RunPython(merge, migrations.RunPython.noop),
    ]
