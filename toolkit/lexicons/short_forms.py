"""The short forms of names that an article uses after the full name: ``short_forms.csv``.

Most short forms need no row: the entity finder derives the surname of a person from the
gazetteer's aliases (the last word with ال, or a family name: حيدر العبادي → العبادي,
جو بايدن → بايدن), a given name with the surname (محمد شياع السوداني → محمد السوداني) and
the kunya (أبو آلاء الولائي → أبو آلاء, أبي آلاء, أبوآلاء). The file lists what cannot be
derived, and what must not be:

- ``surname`` — a surname, nisba or nickname used alone after the full name (المهندس after
  أبو مهدي المهندس, السوداني although it is also the adjective "Sudanese");
- ``after_title`` — a given name or an ordinary-word surname that stands for the person only
  right after a title (الرئيس نيجيرفان، العميد سريع، الرئيس رئيسي);
- ``kunya`` — a kunya that is not the start of an alias (أبو هادي for Hassan Nasrallah);
- ``org_short`` — the short form of an organisation or a place after its full name
  (العصائب، الحشد، الحلف، التيار، الإطار، حرير); most are ordinary words;
- ``exclude`` — a derived form that must not be used (الابن from جورج بوش الابن).

Every short form counts only after a full mention of its entity in the same article (see
:mod:`toolkit.entities.coreference`). Columns: ``entity_id`` (an id of ``entities.csv``),
``short_form`` (as written, without و ف ب ك ل in front), ``kind``, ``note``, ``example`` (a
phrase that contains the short form, words compared as the entity finder compares them).
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.lexicons.entities import load_entities
from toolkit.lexicons.files import LexiconError, Lexicons, as_lexicons, cached, read_rows
from toolkit.lexicons.titles import title_key
from toolkit.lexicons.words import clitic_splitter

__all__ = ["SHORT_FORM_KINDS", "load_short_forms"]

#: The kinds of row of ``short_forms.csv``.
SHORT_FORM_KINDS = ("surname", "after_title", "kunya", "org_short", "exclude")

_COLUMNS = ["entity_id", "short_form", "kind", "note", "example"]


def _contains(example: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return bool(size) and any(
        example[i : i + size] == phrase for i in range(len(example) - size + 1)
    )


def _short_forms(path: str, lexicons: Lexicons) -> pl.DataFrame:
    splitter = clitic_splitter(lexicons)
    gazetteer = lexicons.path("entities.csv")
    known = set(load_entities(gazetteer, parties=lexicons.path("parties.csv"))["entity_id"])
    problems: list[tuple[int | None, str]] = []
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    records = []
    for number, row in read_rows(path, _COLUMNS):
        eid, form, kind, example = row["entity_id"], row["short_form"], row["kind"], row["example"]
        form = " ".join(form.split())
        if kind not in SHORT_FORM_KINDS:
            problems.append(
                (number, f"unknown kind {kind!r} (use one of {', '.join(SHORT_FORM_KINDS)})")
            )
        if eid not in known:
            problems.append((number, f"unknown entity_id {eid!r} (not in {gazetteer})"))
        key = title_key(form, splitter)
        if not key:
            problems.append((number, "empty short_form"))
            continue
        if (eid, key) in seen:
            problems.append(
                (
                    number,
                    f"duplicate short form {form!r} of {eid!r} (first on row {seen[eid, key]})",
                )
            )
        seen.setdefault((eid, key), number)
        if not example:
            problems.append((number, "empty example (write a phrase that uses the short form)"))
        elif not _contains(title_key(example, splitter), key):
            problems.append((number, f"short form {form!r} is not in its own example {example!r}"))
        records.append((eid, form, kind, row["note"], example))
    if problems:
        raise LexiconError(path, problems)
    return pl.DataFrame(records, schema=dict.fromkeys(_COLUMNS, pl.String), orient="row")


def load_short_forms(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """The short forms file, validated: ``entity_id``, ``short_form`` (spaces collapsed),
    ``kind``, ``note``, ``example``, in file order.

    ``path`` defaults to the ``short_forms.csv`` of ``lexicons`` (the shipped file by
    default); entity ids are checked against that set's ``entities.csv`` and examples with
    its clitic rule. Raises :class:`LexiconError` naming the file, row and reason of every
    problem. Read again whenever the file (or the gazetteer, or clitics.csv) changes.

    Examples
    --------
    >>> forms = load_short_forms()
    >>> forms.filter(short_form="العصائب")["entity_id"].to_list()
    ['asaib_ahl_al_haq']
    """
    lexicons = as_lexicons(lexicons)
    path = str(path or lexicons.path("short_forms.csv"))
    files = [path, *(lexicons.path(n) for n in ("entities.csv", "parties.csv", "clitics.csv"))]
    return cached("short_forms", files, lambda: _short_forms(path, lexicons))
