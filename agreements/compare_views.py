"""/compare/ (the provision matrix, or agreements side by side) and its CSV,
/compare.csv: exactly the rows and columns the page shows, wide (one row
per agreement, one column per provision) or with `format=long` one row per
cell with its citation URLs and quotes."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.views.generic import TemplateView

from . import compare
from .export.expressions import guard
from .limits import rate_limited
from .templatetags.provisions import coding_value

WIDE_HEAD = ["agreement_slug", "agreement_title", "signed_on", "party_iso_codes"]
LONG_HEAD = [
    "agreement_slug",
    "provision",
    "status",
    "value",
    "unit",
    "flag",
    "number",
    "amount",
    "currency",
    "amount_eur",
    "text",
    "condition",
    "clause_urls",
    "citation_urls",
    "quotes",
    "url",
]


class CompareView(TemplateView):
    template_name = "agreements/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset, form, matrix, provisions, page = compare.matrix_for(
            self.request.GET, page=self.request.GET.get("page", "")
        )
        side = bool(matrix and form.is_bound and form.cleaned_data.get("agreement"))
        context.update(
            filter=filterset,
            form=form,
            matrix=matrix,
            provisions=provisions,
            chosen=self.request.GET.getlist("provision"),
            side_by_side=side,
            columns=matrix.by_provision() if side else [],
            side=compare.side_by_side(matrix.agreements) if side else None,
            page_obj=page,
            paginator=page.paginator if page else None,
            is_paginated=bool(page and page.has_other_pages()),
            page_range=page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
            if page
            else [],
        )
        return context


def plain(coding):
    if coding is None:
        return ""
    return coding_value(coding)


def _decimal(value):
    return "" if value is None else f"{value:f}"


def wide_rows(matrix, base_url):
    yield WIDE_HEAD + [p.slug for p in matrix.provisions] + ["url"]
    for agreement, cells in matrix.rows:
        yield [
            agreement.slug,
            agreement.title,
            agreement.signed_on.isoformat() if agreement.signed_on else "",
            "|".join(c.iso_code for c in agreement.party_list),
            *[plain(cell.coding) for cell in cells],
            base_url + agreement.get_absolute_url(),
        ]


def long_rows(matrix, base_url):
    yield LONG_HEAD
    for agreement, cells in matrix.rows:
        page = base_url + agreement.get_absolute_url()
        for cell in cells:
            coding = cell.coding
            if coding is None:
                yield (
                    [agreement.slug, cell.provision.slug, "not_coded"]
                    + [""] * 12
                    + [page]
                )
                continue
            yield [
                agreement.slug,
                cell.provision.slug,
                coding.status,
                plain(coding),
                cell.provision.unit,
                "" if coding.flag is None else str(coding.flag).lower(),
                _decimal(coding.number),
                _decimal(coding.amount),
                coding.currency,
                _decimal(coding.amount_eur),
                coding.text,
                coding.condition,
                "|".join(f"{page}#{c.anchor}" for c in coding.clause_list),
                "|".join(
                    dict.fromkeys(
                        c.source.url or base_url + c.source.get_absolute_url()
                        for c in cell.citations
                    )
                ),
                "|".join(c.reading or c.quote for c in cell.citations if c.quote),
                page,
            ]


def csv_lines(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([guard(str(cell)) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


@rate_limited("export")
def compare_export(request):
    filterset, form, matrix, _, _ = compare.matrix_for(request.GET)
    if matrix is None:
        errors = [*filterset.form.errors.items(), *form.errors.items()]
        lines = [f"{name}: {' '.join(messages)}" for name, messages in errors]
        return HttpResponse(
            "\n".join(lines) + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )

    base_url = request.build_absolute_uri("/").rstrip("/")
    long = request.GET.get("format") == "long"
    rows = (long_rows if long else wide_rows)(matrix, base_url)
    response = StreamingHttpResponse(
        csv_lines(rows), content_type="text/csv; charset=utf-8"
    )
    name = "compare_cells" if long else "compare"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
