"""What a list does not know: notes on how complete its columns are.

A blank cell means "not recorded", never "no": an agreement with no
in-force date may well be in force, and a clause search finds nothing in
an agreement whose text the site does not hold. Each list page says so
above its rows (Listing.coverage names the function for a list).
"""

from dataclasses import dataclass, field

from .models import Agreement

# Above this many agreements without text, a note counts them instead of
# naming each.
NAMED_AT_MOST = 8


@dataclass
class Note:
    text: str
    links: list = field(default_factory=list)  # (label, url)


def _of(count, total, noun="agreement"):
    return f"{count} of {total} {noun}{'' if total == 1 else 's'}"


def agreement_notes(filterset):
    """Clause text held, in-force dates and terms recorded, among the rows."""
    found = filterset.qs.completeness()
    total = found["total"]
    if not total:
        return []
    notes = [Note(f"Clause text held for {_of(found['text_held'], total)}.")]
    if found["in_force_recorded"] < total:
        recorded = _of(found["in_force_recorded"], total)
        notes.append(
            Note(
                f"Entry into force recorded for {recorded}; for the others it "
                "is not recorded, which does not mean they are not in force."
            )
        )
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    if chosen.get("status"):
        every = Agreement.objects.completeness()
        if every["in_force_recorded"] < every["total"]:
            recorded = _of(every["in_force_recorded"], every["total"])
            notes.append(
                Note(
                    f"Of all agreements, entry into force is recorded for "
                    f"{recorded}; the others show the last status recorded."
                )
            )
    if found["term_recorded"] < total:
        notes.append(Note(f"Term recorded for {_of(found['term_recorded'], total)}."))
    return notes


def clause_notes(filterset):
    """The agreements in the search's scope whose text is not held: a clause
    search cannot find anything in them."""
    if filterset.is_bound and not filterset.is_valid():
        return []
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    scope = Agreement.objects.all()
    if chosen.get("agreement"):
        scope = scope.filter(pk=chosen["agreement"].pk)
    if chosen.get("country"):
        scope = scope.involving(chosen["country"])
    total = scope.count()
    missing = list(
        scope.without_text().order_by("signed_on", "pk")[: NAMED_AT_MOST + 1]
    )
    if not missing:
        return []
    count = (
        scope.without_text().count() if len(missing) > NAMED_AT_MOST else len(missing)
    )
    if total == count == 1:
        lead = "No clause text is held for this agreement"
    elif total == count:
        lead = f"No clause text is held for any of these {total} agreements"
    else:
        lead = f"No clause text is held for {_of(count, total)} in this search"
    if count > NAMED_AT_MOST:
        return [
            Note(f"{lead}, so nothing in them can match; their pages list the sources.")
        ]
    links = [(str(a), a.get_absolute_url() + "#sources-heading") for a in missing]
    it = "it" if count == 1 else "them"
    sources = "its sources" if count == 1 else "their sources"
    return [Note(f"{lead}, so nothing in {it} can match. See {sources}:", links)]
