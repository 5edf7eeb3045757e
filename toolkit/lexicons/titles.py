"""The titles after which an unknown name is proposed as a PERSON, and the nisba endings.

One file, ``titles.csv``, with the columns ``title``, ``kind``, ``note`` and ``example``:

- ``person_title`` rows are titles of one or more words (الرئيس، وزير الدفاع، المتحدث باسم):
  a name that follows one and is not in the gazetteer is proposed as a PERSON
  (:func:`toolkit.extract_entities`, ``method="pattern"``). The example must contain the
  title, words split as the matcher splits them (و ف ب ك ل set aside, ال kept), so
  ``وقال الأمين العام للناتو …`` contains ``الأمين العام للناتو``.
- ``nisba_ending`` rows are word endings (ي، ية، يين، يون): after a title, ال and a word with
  one of these endings is a modifier (الإيراني، العراقية), so a name never continues into it.
  The example must contain a word longer than the ending that ends with it.
- ``org_head`` rows are the nouns an organisation's name starts with (هيئة، منظمة، مجلس):
  after a title, such a noun begins the body the person heads (رئيس هيئة النزاهة حيدر حنون),
  which is skipped; it is never the start of a name. The example must contain the word.

Words are compared in normalized form, ة read as ه.
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.arabic import CliticSplitter, normalize
from toolkit.lexicons.files import LexiconError, Lexicons, as_lexicons, cached, read_rows
from toolkit.lexicons.patterns import strip_punct
from toolkit.lexicons.words import clitic_splitter

__all__ = ["TITLE_KINDS", "load_titles", "title_key"]

#: The kinds of row of ``titles.csv``.
TITLE_KINDS = ("person_title", "nisba_ending", "org_head")

_COLUMNS = ["title", "kind", "note", "example"]


def title_key(text: str, splitter: CliticSplitter) -> tuple[str, ...]:
    """The pieces of a phrase as the entity matcher reads them: each word split by the clitic
    rule, conjunctions and prepositions set aside, the article kept as ``ال``, ة read as ه.

    Examples
    --------
    >>> title_key("للناتو", clitic_splitter())
    ('ال', 'ناتو')
    """
    pieces: list[str] = []
    for raw in text.split():
        word = strip_punct(raw)[2]
        if not word:
            continue
        for _, _, norm, clitic in splitter.split(word):
            if clitic in (None, "article") and norm:
                pieces.append(norm.replace("ة", "ه"))
    return tuple(pieces)


def _contains(example: tuple[str, ...], title: tuple[str, ...]) -> bool:
    size = len(title)
    return any(example[i : i + size] == title for i in range(len(example) - size + 1))


def _titles(path: str, splitter: CliticSplitter) -> pl.DataFrame:
    problems: list[tuple[int | None, str]] = []
    seen: dict[tuple[str, str], int] = {}
    records = []
    for number, row in read_rows(path, _COLUMNS):
        title, kind, example = " ".join(row["title"].split()), row["kind"], row["example"]
        if kind not in TITLE_KINDS:
            problems.append(
                (number, f"unknown kind {kind!r} (use one of {', '.join(TITLE_KINDS)})")
            )
        if not title:
            problems.append((number, "empty title"))
            continue
        key = " ".join(normalize(title).replace("ة", "ه").split())
        if (key, kind) in seen:
            first = seen[(key, kind)]
            problems.append((number, f"duplicate {kind} {title!r} (first on row {first})"))
        seen.setdefault((key, kind), number)
        if kind == "nisba_ending":
            if " " in title:
                problems.append((number, f"nisba ending {title!r} is more than one word"))
            elif example and not any(
                len(piece) > len(key) and piece.endswith(key)
                for piece in title_key(example, splitter)
            ):
                problems.append((number, f"no word of its example {example!r} ends with {title!r}"))
        elif example and not _contains(title_key(example, splitter), title_key(title, splitter)):
            problems.append((number, f"title {title!r} is not in its own example {example!r}"))
        if kind == "org_head" and " " in title:
            problems.append((number, f"organisation noun {title!r} is more than one word"))
        records.append((title, kind, row["note"], example))
    if problems:
        raise LexiconError(path, problems)
    return pl.DataFrame(records, schema=dict.fromkeys(_COLUMNS, pl.String), orient="row")


def load_titles(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """The titles file, validated: ``title`` (as written, spaces collapsed), ``kind``
    (``person_title``, ``nisba_ending`` or ``org_head``), ``note``, ``example``, in file order.

    ``path`` defaults to the ``titles.csv`` of ``lexicons`` (the shipped file by default);
    examples are checked with that set's clitic rule. Raises :class:`LexiconError` naming the
    file, row and reason of every problem. Read again whenever the file (or clitics.csv)
    changes.

    Examples
    --------
    >>> titles = load_titles()
    >>> titles.filter(kind="person_title")["title"].head(2).to_list()
    ['الرئيس', 'رئيس الوزراء']
    """
    lexicons = as_lexicons(lexicons)
    path = str(path or lexicons.path("titles.csv"))
    splitter = clitic_splitter(lexicons)
    # Keyed by the splitter too (a new one whenever its files change); the value holds it, so
    # its id is not reused while the value is kept.
    value = cached(("titles", id(splitter)), [path], lambda: (splitter, _titles(path, splitter)))
    return value[1]
