"""The names and columns of figures: qualifiers, kinds and the schema of the figures frame."""

from __future__ import annotations

import polars as pl

__all__ = ["FIGURE_KINDS", "FIGURE_ROW_SCHEMA", "FIGURE_SCHEMA", "PARSED_SCHEMA", "QUALIFIERS"]

#: The qualifiers a figure can carry.
QUALIFIERS = (
    "exact",
    "approx",
    "more_than",
    "at_least",
    "less_than",
    "at_most",
    "additional",
    "range",
    "vague",
)

#: The kinds of figure.
FIGURE_KINDS = ("troops", "duration", "date", "percent", "money", "count")

#: The columns of :func:`toolkit.figures.extract_figures`, in order.
FIGURE_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "number_start": pl.Int64,
    "number_end": pl.Int64,
    "value": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "qualifier": pl.String,
    "kind": pl.String,
    "unit": pl.String,
    "noun": pl.String,
    "subject": pl.String,
    "subject_surface": pl.String,
    "date_value": pl.Date,
    "year": pl.Int64,
    "month": pl.Int64,
    "day": pl.Int64,
    "sentence_start": pl.Int64,
    "sentence_end": pl.Int64,
}


def _row_schema() -> dict[str, pl.DataType]:
    """:data:`FIGURE_SCHEMA` as the parser fills it: no ``date_value`` yet, plus where the
    counted noun ends and whether the subject is settled."""
    schema = {}
    for name, dtype in FIGURE_SCHEMA.items():
        if name != "date_value":
            schema[name] = dtype
        if name == "noun":
            schema["noun_end"] = pl.Int64
        elif name == "subject_surface":
            schema["subject_done"] = pl.Boolean
    return schema


FIGURE_ROW_SCHEMA = _row_schema()

#: The parsed figures of the distinct windows: ``_d`` (the window), offsets into it, fields.
PARSED_SCHEMA = {
    "_d": pl.Int64,
    "rel_start": pl.Int64,
    "rel_end": pl.Int64,
    "rel_number_start": pl.Int64,
    "rel_number_end": pl.Int64,
    "value": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "qualifier": pl.String,
    "kind": pl.String,
    "unit": pl.String,
    "noun": pl.String,
    "rel_noun_end": pl.Int64,
    "subject": pl.String,
    "subject_surface": pl.String,
    "subject_done": pl.Boolean,
    "year": pl.Int64,
    "month": pl.Int64,
    "day": pl.Int64,
}
