"""The OpenAPI description of the API, read off the registry (lists.py).

drf-spectacular writes the document; this module tells it, for each list,
the query parameters (from the list's FilterSet form: names, types, enums,
bounds) and the shape of a row (from its export columns: the CSV headers,
with JSON types), so the contract cannot drift from the lists it describes.
"""

from django import forms
from django.db import models
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from .. import lists
from ..export.columns import (
    DATE,
    FLAG,
    NUMBER,
    URL,
    ListOf,
    citation_columns,
    field_chain,
)
from ..models import Citation
from . import pages, records

ERRORS = "Errors"
NOT_FOUND = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


def row_component(listing):
    return f"{listing.model.__name__}Row"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def column_schema(column, model):
    """The JSON schema of one cell."""
    if isinstance(column.value, ListOf):
        return {"type": "array", "items": {"type": "string", "nullable": True}}
    chain = field_chain(model, column.value) if isinstance(column.value, str) else None
    nullable = chain is None or any(getattr(f, "null", False) for f in chain)
    if column.kind == NUMBER:
        decimal = chain and isinstance(chain[-1], models.DecimalField)
        schema = {"type": "number" if decimal else "integer"}
    elif column.kind == FLAG:
        schema = {"type": "boolean"}
    elif column.kind == DATE and chain:
        schema = {"type": "string", "format": "date"}
    elif column.kind == URL:
        schema = {"type": "string", "format": "uri"}
    else:
        schema = {"type": "string"}
    if nullable and column.header != "id":
        schema["nullable"] = True
    return schema


def row_schema(columns, model, description):
    return {
        "type": "object",
        "description": description,
        "properties": {c.header: column_schema(c, model) for c in columns},
        "required": [c.header for c in columns],
    }


def components():
    """Row schemas of every list and of citations, pages, records, errors."""
    schemas = {
        row_component(listing): row_schema(
            listing.columns(), listing.model, f"A row of /api/{listing.name}/."
        )
        for listing in lists.LISTINGS
    }
    schemas["CitationRow"] = row_schema(
        citation_columns(""), Citation, "A fact's source, with the quote."
    )
    schemas[ERRORS] = {
        "type": "object",
        "properties": {
            "errors": {
                "type": "object",
                "description": "Each invalid parameter and what is wrong with it.",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            }
        },
        "required": ["errors"],
    }
    return schemas


def page_schema(listing):
    link = {"type": "string", "format": "uri", "nullable": True}
    return {
        "type": "object",
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1},
            "next": link,
            "previous": link,
            "results": {"type": "array", "items": ref(row_component(listing))},
        },
        "required": ["count", "page", "page_size", "next", "previous", "results"],
    }


def record_schema(listing):
    model_rows = {model: f"{model.__name__}Row" for model in (Citation,)}
    model_rows.update({item.model: row_component(item) for item in lists.LISTINGS})
    properties = {listing.stem: ref(row_component(listing))}
    if listing.name == "sources":
        properties["text"] = {"type": "string", "description": "The text, verbatim."}
    for name, model in records.SHAPES.get(listing.name, {}).items():
        properties[name] = {"type": "array", "items": ref(model_rows[model])}
    return {"type": "object", "properties": properties, "required": list(properties)}


def _choices(field):
    return [str(value) for value, _ in field.choices if value not in ("", None)]


def form_parameters(listing):
    """OpenApiParameters for the list's FilterSet form, in its order."""
    parameters = []
    for name, field in listing.filterset_class(None).form.fields.items():
        schema = {"type": "string"}
        names = [name]
        if isinstance(field.widget, forms.MultiWidget):
            names = [f"{name}_{suffix}" for suffix in field.widget.suffixes]
            schema = {"type": "string", "format": "date"}
        elif isinstance(field, forms.NullBooleanField):
            schema = {"type": "string", "enum": ["true", "false"]}
        elif isinstance(field, forms.ModelChoiceField):
            schema = {"type": "string"}
        elif isinstance(field, forms.ChoiceField):
            schema = {"type": "string", "enum": _choices(field)}
        elif isinstance(field, forms.IntegerField | forms.DecimalField):
            schema = {"type": "integer"}
            for bound, key in (("min_value", "minimum"), ("max_value", "maximum")):
                if getattr(field, bound, None) is not None:
                    schema[key] = int(getattr(field, bound))
        elif isinstance(field, forms.DateField):
            schema = {"type": "string", "format": "date"}
        elif getattr(field, "max_length", None):
            schema = {"type": "string", "maxLength": field.max_length}
        multiple = {}
        if getattr(field.widget, "allow_multiple_selected", False):
            schema = {"type": "array", "items": schema}
            multiple = {"style": "form", "explode": True}
        for param in names:
            parameters.append(
                OpenApiParameter(
                    param,
                    schema,
                    OpenApiParameter.QUERY,
                    description=str(field.label or param),
                    **multiple,
                )
            )
    return parameters


def paging_parameters():
    return [
        OpenApiParameter(
            "page",
            {"type": "integer", "minimum": 1},
            OpenApiParameter.QUERY,
            description="Page number, from 1.",
        ),
        OpenApiParameter(
            "page_size",
            {"type": "integer", "minimum": 1, "maximum": pages.MAX_PAGE_SIZE},
            OpenApiParameter.QUERY,
            description=f"Rows per page (default {pages.PAGE_SIZE}).",
        ),
    ]


class ListingSchema(AutoSchema):
    """The operation of one list's JSON page or JSON Lines download."""

    def __init__(self, listing, kind):
        super().__init__()
        self.listing, self.kind = listing, kind

    def get_tags(self):
        return [self.listing.name]

    def get_operation_id(self):
        return f"{self.listing.name}_{self.kind}"

    def get_description(self):
        name = self.listing.name
        if self.kind == "lines":
            return (
                f"Every row of the filtered {name} list, in its order, as JSON "
                f"Lines: one object per line, as the rows of /api/{name}/."
            )
        return (
            f"The rows of /{name}/ and /{name}.csv with the same parameters and "
            "order, a page at a time; fields as the CSV columns."
        )

    def get_override_parameters(self):
        if self.kind == "record":
            return []
        parameters = form_parameters(self.listing)
        return parameters + (paging_parameters() if self.kind == "page" else [])

    def get_response_serializers(self):
        if self.kind == "record":
            return {200: record_schema(self.listing), 404: NOT_FOUND}
        if self.kind == "lines":
            ok = {"type": "string", "description": "One JSON object per line."}
        else:
            ok = page_schema(self.listing)
        return {200: ok, 400: ref(ERRORS)}

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        if self.kind == "lines":
            bodies["200"]["content"] = {
                "application/jsonl": {"schema": {"type": "string"}}
            }
        return bodies


class IndexSchema(AutoSchema):
    def get_response_serializers(self):
        link = {"type": "string", "format": "uri"}
        entry = {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "count": {"type": "integer"},
                **{
                    name: link
                    for name in ("api_url", "jsonl_url", "html_url", "csv_url")
                },
            },
        }
        return {
            200: {
                "type": "object",
                "properties": {
                    "lists": {"type": "array", "items": entry},
                    "schema_url": link,
                    "docs_url": link,
                },
            }
        }


def postprocess(result, generator, request, public):
    """drf-spectacular hook: adds the row components built from the registry."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(components())
    return result
