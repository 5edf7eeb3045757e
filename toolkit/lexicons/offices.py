"""Who held which office when (``offices.csv``), and the office titles as journalists write
them (``office_titles.csv``): a bare title in a dated article stands for the person in office
on that date (see :mod:`toolkit.entities.offices`).

``offices.csv`` has one row per term: ``entity_id`` (an id of ``entities.csv``), ``role`` (a
short id in lower case: ``iraq_prime_minister``), ``from`` and ``to`` (``YYYY``, ``YYYY-MM``
or ``YYYY-MM-DD``; an empty ``to`` means still in office, an empty ``from`` that the start is
not known, so the row never resolves a date), ``note``. A partial date covers its whole
period: a term ``from`` 2020 starts on 1 January 2020, a term ``to`` 2025-04 ends on 30 April.

``office_titles.csv`` has ``title``, ``kind``, ``role``, ``note``, ``example``: ``kind`` is

- ``title`` — a title that names one office (``رئيس الوزراء العراقي`` → ``iraq_prime_minister``);
  its ``role`` must be a role of ``offices.csv``;
- ``after`` — a word after a title that says the sitting holder is not meant
  (``السابق``، ``الأسبق``، ``المكلف``), ``role`` empty;
- ``before`` — a word before a title that makes it another office (``نائب رئيس الوزراء``),
  ``role`` empty.

The example must contain the title, words compared as the entity finder compares them.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import polars as pl

from toolkit.lexicons.entities import load_entities
from toolkit.lexicons.files import LexiconError, Lexicons, as_lexicons, cached, read_rows
from toolkit.lexicons.titles import title_key
from toolkit.lexicons.words import clitic_splitter

__all__ = ["OFFICE_TITLE_KINDS", "load_office_titles", "load_offices", "term_bounds"]

#: The kinds of row of ``office_titles.csv``.
OFFICE_TITLE_KINDS = ("title", "after", "before")

_OFFICE_COLUMNS = ["entity_id", "role", "from", "to", "note"]
_TITLE_COLUMNS = ["title", "kind", "role", "note", "example"]
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ROLE = re.compile(r"^[a-z][a-z0-9_]*$")


def term_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date of ``offices.csv`` covers (``None`` when empty).

    Raises ``ValueError`` for a date that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Examples
    --------
    >>> term_bounds("2025-04")
    (datetime.date(2025, 4, 1), datetime.date(2025, 4, 30))
    >>> term_bounds("2020")[1]
    datetime.date(2020, 12, 31)
    """
    if not text:
        return None
    found = _DATE.match(text)
    if not found:
        raise ValueError(f"{text!r} is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in found.groups())
    try:
        return _bounds(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date ({exc})") from None


def _bounds(year: int, month: int | None, day: int | None) -> tuple[dt.date, dt.date]:
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is None:
        first = dt.date(year, month, 1)
        after = dt.date(year + month // 12, month % 12 + 1, 1)
        return first, after - dt.timedelta(days=1)
    day_date = dt.date(year, month, day)
    return day_date, day_date


def _offices(path: str, lexicons: Lexicons) -> pl.DataFrame:
    gazetteer = lexicons.path("entities.csv")
    known = set(load_entities(gazetteer, parties=lexicons.path("parties.csv"))["entity_id"])
    problems: list[tuple[int | None, str]] = []
    seen: dict[tuple[str, str, str], int] = {}
    records = []
    for number, row in read_rows(path, _OFFICE_COLUMNS):
        eid, role = row["entity_id"], row["role"]
        if eid not in known:
            problems.append((number, f"unknown entity_id {eid!r} (not in {gazetteer})"))
        if not _ROLE.match(role):
            problems.append((number, f"role {role!r} is not an id (lower case, digits, _)"))
        bounds = []
        for column in ("from", "to"):
            try:
                bounds.append(term_bounds(row[column]))
            except ValueError as exc:
                problems.append((number, f"{column}: {exc}"))
                bounds.append(None)
        start, end = bounds
        if start and end and start[0] > end[1]:
            problems.append(
                (number, f"the term ends ({row['to']}) before it starts ({row['from']})")
            )
        key = (eid, role, row["from"])
        if key in seen:
            problems.append((number, f"duplicate term of {eid!r} as {role!r} (row {seen[key]})"))
        seen.setdefault(key, number)
        records.append(
            {
                **{c: row[c] for c in _OFFICE_COLUMNS},
                "start": start[0] if start else None,
                "end": end[1] if end else None,
            }
        )
    if problems:
        raise LexiconError(path, problems)
    schema = dict.fromkeys(_OFFICE_COLUMNS, pl.String) | {"start": pl.Date, "end": pl.Date}
    return pl.DataFrame(records, schema=schema)


def load_offices(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """The terms of office, validated: ``entity_id``, ``role``, ``from``, ``to``, ``note`` as
    written, and ``start``/``end`` (dates; ``end`` null while in office, ``start`` null when
    unknown).

    Raises :class:`LexiconError` naming the file, row and reason of every problem (an
    unknown entity, a bad date, a term that ends before it starts). Read again whenever the
    file or the gazetteer changes.

    Examples
    --------
    >>> import datetime as dt
    >>> terms = load_offices().filter(role="iraq_prime_minister")
    >>> day = dt.date(2021, 7, 26)
    >>> terms.filter((pl.col("start") <= day) & (pl.col("end") >= day))["entity_id"].item()
    'mustafa_al_kadhimi'
    """
    lexicons = as_lexicons(lexicons)
    path = str(path or lexicons.path("offices.csv"))
    files = [path, lexicons.path("entities.csv"), lexicons.path("parties.csv")]
    return cached("offices", files, lambda: _offices(path, lexicons))


def _office_titles(path: str, lexicons: Lexicons) -> pl.DataFrame:
    splitter = clitic_splitter(lexicons)
    offices = lexicons.path("offices.csv")
    roles = set(load_offices(offices, lexicons=lexicons)["role"])
    problems: list[tuple[int | None, str]] = []
    seen: dict[tuple[str, ...], int] = {}
    records = []
    for number, row in read_rows(path, _TITLE_COLUMNS):
        title, kind, role, example = (row[c] for c in ("title", "kind", "role", "example"))
        title = " ".join(title.split())
        if kind not in OFFICE_TITLE_KINDS:
            problems.append(
                (number, f"unknown kind {kind!r} (use one of {', '.join(OFFICE_TITLE_KINDS)})")
            )
        if kind == "title" and role not in roles:
            problems.append((number, f"role {role!r} is held by nobody in {offices}"))
        if kind in ("after", "before") and role:
            problems.append((number, f"a word of kind {kind!r} has no role (found {role!r})"))
        key = title_key(title, splitter)
        if not key:
            problems.append((number, "empty title"))
            continue
        if key in seen:
            problems.append((number, f"duplicate title {title!r} (first on row {seen[key]})"))
        seen.setdefault(key, number)
        size = len(key)
        words = title_key(example, splitter)
        if not any(words[i : i + size] == key for i in range(len(words) - size + 1)):
            problems.append((number, f"title {title!r} is not in its own example {example!r}"))
        records.append((title, kind, role, row["note"], example))
    if problems:
        raise LexiconError(path, problems)
    return pl.DataFrame(records, schema=dict.fromkeys(_TITLE_COLUMNS, pl.String), orient="row")


def load_office_titles(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """The office titles file, validated: ``title`` (spaces collapsed), ``kind`` (``title``,
    ``after`` or ``before``), ``role``, ``note``, ``example``, in file order.

    Roles are checked against the ``offices.csv`` of ``lexicons``, examples with its clitic
    rule; raises :class:`LexiconError` naming the file, row and reason of every problem.

    Examples
    --------
    >>> titles = load_office_titles()
    >>> titles.filter(title="رئيس الوزراء العراقي")["role"].item()
    'iraq_prime_minister'
    """
    lexicons = as_lexicons(lexicons)
    path = str(path or lexicons.path("office_titles.csv"))
    names = ("offices.csv", "entities.csv", "parties.csv", "clitics.csv")
    files = [path, *(lexicons.path(n) for n in names)]
    return cached("office_titles", files, lambda: _office_titles(path, lexicons))
