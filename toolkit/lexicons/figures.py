"""The figures' word lists: number words, counted nouns, months, grammar words, qualifiers.

Five files (see ``README.md`` in this folder): ``number_words.csv`` (units, teens, tens,
hundreds, scales with their plural and dual forms, fractions, vague plurals), ``figure_nouns.csv``
(the nouns a number counts, force and identifier nouns; ``form`` marks duals such as شهرين and
singular durations), ``months.csv``, ``figure_words.csv`` (the grammar words: year context,
locatives, per cent, clitic prefixes …) and ``qualifiers.csv`` (the qualifiers before and after
a number, in the phrase syntax of :mod:`toolkit.lexicons.qualifiers`). Each is validated when it is read (errors name the file,
the row and the reason) and read again by the next call after an edit; each has ``note`` and
``example`` columns, and an example, when given, must be matched by its row. Words are compared
normalized (أ إ آ → ا, ى → ي, no diacritics or tatweel; ة is kept).

The phrase syntax of ``qualifiers.csv`` is in :mod:`toolkit.lexicons.qualifiers`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from fractions import Fraction

import polars as pl

from toolkit.lexicons.files import LexiconError, Lexicons, as_lexicons, cached, read_rows
from toolkit.lexicons.qualifiers import (
    ARABIC_WORD,
    QUALIFIER_SIDES,
    TokenPhrase,
    compile_phrase,
    example_tokens,
    lexicon_key,
    load_qualifiers,
    read_qualifiers,
)

__all__ = [
    "FIGURE_FILES",
    "NOUN_KINDS",
    "NUMBER_KINDS",
    "QUALIFIER_SIDES",
    "WORD_KINDS",
    "FigureLexicon",
    "compile_phrase",
    "figure_lexicon",
    "load_figure_nouns",
    "load_figure_words",
    "load_months",
    "load_number_words",
    "load_qualifiers",
]

#: The files this module reads.
FIGURE_FILES = tuple(
    "number_words.csv figure_nouns.csv months.csv figure_words.csv qualifiers.csv".split()
)
#: The kinds of ``number_words.csv``, in the order that decides how a word is read.
NUMBER_KINDS = tuple(
    "unit teen_unit one ten tens hundred hundreds scale plural_scale dual_scale ambiguous_dual"
    " fraction plural_fraction vague few vague_scale".split()
)
#: The kinds of ``figure_nouns.csv`` and the units each allows (None: no unit).
NOUN_KINDS = {
    "troops": ("soldier",),
    "duration": ("day", "week", "month", "year", "hour", "minute", "decade"),
    "money": None,  # a currency code: USD, IQD, EUR …
    "force": (),
    "army": (),
    "identifier": (),
}
#: The kinds of ``figure_words.csv``: how an example must contain the word.
WORD_KINDS = {
    **dict.fromkeys(
        "year_context locative function percent_word percent_noun percent_prep adjective".split(),
        "word",
    ),
    **dict.fromkeys(["adjective_ending", "nisba_ending"], "ending"),
    **dict.fromkeys(["clitic", "dual_article", "month_clitic", "article"], "prefix"),
}
_CLITIC_PREFIX = re.compile(r"^[وفبكل]{0,2}(?:ال)?$")


def _has_word(tokens: list[str], word: str) -> bool:
    """A token is ``word``, maybe with clitics (و ف ب ك ل) and the article before it."""
    return any(t.endswith(word) and _CLITIC_PREFIX.match(t[: len(t) - len(word)]) for t in tokens)


def _number(text: str) -> float:
    return float(Fraction(text)) if "/" in text else float(text)


def _words_problem(word: str) -> str | None:
    if not word:
        return "empty word"
    if not ARABIC_WORD.match(word):
        return f"{word!r} is not one Arabic word"
    return None


def _check_word(problems: list, seen: dict, number: int, word: str, kind: str, kinds) -> None:
    """The checks every word row shares: one Arabic word, a known kind, no duplicate."""
    problem = _words_problem(word)
    if problem:
        problems.append((number, problem))
    if kind not in kinds:
        problems.append((number, f"unknown kind {kind!r} (use one of {', '.join(kinds)})"))
    if (word, kind) in seen:
        problems.append((number, f"duplicate {kind} {word!r} (first on row {seen[word, kind]})"))
    seen.setdefault((word, kind), number)


# ---- number_words.csv ----------------------------------------------------------------------


def _number_words(path: str) -> pl.DataFrame:
    rows = read_rows(path, ["word", "kind", "value", "high", "note", "example"])
    problems: list[tuple[int | None, str]] = []
    seen: dict[tuple[str, str], int] = {}
    records = []
    for number, row in rows:
        word, kind = lexicon_key(row["word"]), row["kind"]
        _check_word(problems, seen, number, word, kind, NUMBER_KINDS)
        value = high = None
        try:
            value = _number(row["value"]) if row["value"] else None
            high = _number(row["high"]) if row["high"] else None
        except (ValueError, ZeroDivisionError):
            problems.append((number, f"value {row['value']!r} / high {row['high']!r} is no number"))
        if kind == "ambiguous_dual":
            if value is not None or high is not None:
                problems.append((number, "an ambiguous_dual row has no value (its dual_scale has)"))
        elif value is None:
            problems.append((number, f"a {kind} word needs a value"))
        if kind in {"vague", "few"} and (high is None or value is None or high < value):
            problems.append((number, f"a {kind} word needs a value (low) and a high >= it"))
        if kind not in {"vague", "few"} and high is not None:
            problems.append((number, f"only vague and few words have a high (this is {kind})"))
        if row["example"] and word and not _has_word(example_tokens(row["example"]), word):
            problems.append((number, f"{word!r} is not in its example {row['example']!r}"))
        records.append((word, kind, value, high, row["note"], row["example"]))
    duals = {w for w, k, *_ in records if k == "dual_scale"}
    for (word, kind), number in seen.items():
        if kind == "ambiguous_dual" and word not in duals:
            problems.append((number, f"ambiguous_dual {word!r} is no dual_scale word"))
    if problems:
        raise LexiconError(path, problems)
    return pl.DataFrame(
        records,
        schema={
            "word": pl.String,
            "kind": pl.String,
            "value": pl.Float64,
            "high": pl.Float64,
            "note": pl.String,
            "example": pl.String,
        },
        orient="row",
    )


def load_number_words(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """``number_words.csv``, validated: ``word`` (normalized), ``kind``, ``value``, ``high``
    (vague and few words: the top of their range), ``note``, ``example``.

    Examples
    --------
    >>> load_number_words().filter(word="عشرات").select("value", "high").row(0)
    (20.0, 99.0)
    """
    path = str(path or as_lexicons(lexicons).path("number_words.csv"))
    return cached("number_words", [path], lambda: _number_words(path))


# ---- figure_nouns.csv ----------------------------------------------------------------------


def _figure_nouns(path: str) -> pl.DataFrame:
    rows = read_rows(path, ["word", "kind", "unit", "form", "note", "example"])
    problems: list[tuple[int | None, str]] = []
    seen: dict[tuple[str, str], int] = {}
    records = []
    for number, row in rows:
        word, kind, unit, form = lexicon_key(row["word"]), row["kind"], row["unit"], row["form"]
        _check_word(problems, seen, number, word, kind, NOUN_KINDS)
        if kind in NOUN_KINDS:
            units = NOUN_KINDS[kind]
            if units is None and not re.fullmatch(r"[A-Z]{3}", unit):
                problems.append((number, f"a {kind} noun needs a currency code as unit (USD)"))
            elif units is not None and (unit not in units if units else unit):
                allowed = f"one of {', '.join(units)}" if units else "none"
                problems.append((number, f"unit {unit!r} for a {kind} noun (use {allowed})"))
        if form not in {"", "dual", "single"}:
            problems.append((number, f"unknown form {form!r} (use dual, single or nothing)"))
        elif form == "dual" and kind not in {"troops", "duration"}:
            problems.append((number, "only troop and duration nouns may be duals"))
        elif form == "single" and kind != "duration":
            problems.append((number, "only duration nouns may be single"))
        if row["example"] and word and not _has_word(example_tokens(row["example"]), word):
            problems.append((number, f"{word!r} is not in its example {row['example']!r}"))
        records.append((word, kind, unit or None, form or None, row["note"], row["example"]))
    if problems:
        raise LexiconError(path, problems)
    return pl.DataFrame(
        records,
        schema=dict.fromkeys(["word", "kind", "unit", "form", "note", "example"], pl.String),
        orient="row",
    )


def load_figure_nouns(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """``figure_nouns.csv``, validated: ``word`` (normalized), ``kind``, ``unit``, ``form``
    (``dual``, ``single`` or null), ``note``, ``example``.

    Examples
    --------
    >>> load_figure_nouns().filter(word="شهرين").select("kind", "unit", "form").row(0)
    ('duration', 'month', 'dual')
    """
    path = str(path or as_lexicons(lexicons).path("figure_nouns.csv"))
    return cached("figure_nouns", [path], lambda: _figure_nouns(path))


# ---- months.csv ----------------------------------------------------------------------------


def _months(path: str) -> pl.DataFrame:
    rows = read_rows(path, ["name", "month", "note", "example"])
    problems: list[tuple[int | None, str]] = []
    seen: dict[str, int] = {}
    records = []
    for number, row in rows:
        name = " ".join(lexicon_key(row["name"]).split())
        words = name.split()
        if not 1 <= len(words) <= 2 or any(_words_problem(w) for w in words):
            problems.append((number, f"{row['name']!r} is not a month name of one or two words"))
        if not row["month"].isdigit() or not 1 <= int(row["month"]) <= 12:
            problems.append((number, f"month {row['month']!r} is not a number from 1 to 12"))
        if name in seen:
            problems.append((number, f"duplicate name {name!r} (first on row {seen[name]})"))
        seen.setdefault(name, number)
        if row["example"] and words:
            tokens = example_tokens(row["example"])
            found = any(
                _has_word([tokens[i]], words[0]) and tokens[i + 1 : i + len(words)] == words[1:]
                for i in range(len(tokens))
            )
            if not found:
                problems.append((number, f"{name!r} is not in its example {row['example']!r}"))
        month = int(row["month"]) if row["month"].isdigit() else 0
        records.append((name, month, row["note"], row["example"]))
    if problems:
        raise LexiconError(path, problems)
    return pl.DataFrame(
        records,
        schema={"name": pl.String, "month": pl.Int64, "note": pl.String, "example": pl.String},
        orient="row",
    )


def load_months(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """``months.csv``, validated: ``name`` (normalized; one or two words), ``month`` (1–12),
    ``note``, ``example``.

    Examples
    --------
    >>> load_months().filter(name="كانون الثاني")["month"].item()
    1
    """
    path = str(path or as_lexicons(lexicons).path("months.csv"))
    return cached("months", [path], lambda: _months(path))


# ---- figure_words.csv ----------------------------------------------------------------------


def _figure_words(path: str) -> pl.DataFrame:
    rows = read_rows(path, ["word", "kind", "note", "example"])
    problems: list[tuple[int | None, str]] = []
    seen: dict[tuple[str, str], int] = {}
    records = []
    for number, row in rows:
        word, kind = lexicon_key(row["word"]), row["kind"]
        _check_word(problems, seen, number, word, kind, WORD_KINDS)
        if row["example"] and word and kind in WORD_KINDS:
            tokens = example_tokens(row["example"])
            how = WORD_KINDS[kind]
            if how == "word":
                found = _has_word(tokens, word)
            elif how == "ending":
                found = any(t.endswith(word) and len(t) > len(word) for t in tokens)
            else:
                found = any(t.startswith(word) and len(t) > len(word) for t in tokens)
            if not found:
                what = {"word": "word", "ending": "ending of a word", "prefix": "start of a word"}
                reason = f"{word!r} is no {what[how]} of its example {row['example']!r}"
                problems.append((number, reason))
        records.append((word, kind, row["note"], row["example"]))
    if problems:
        raise LexiconError(path, problems)
    return pl.DataFrame(
        records, schema=dict.fromkeys(["word", "kind", "note", "example"], pl.String), orient="row"
    )


def load_figure_words(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """``figure_words.csv``, validated: ``word`` (normalized), ``kind``, ``note``, ``example``.

    Examples
    --------
    >>> sorted(load_figure_words().filter(kind="percent_prep")["word"])
    ['ف', 'في']
    """
    path = str(path or as_lexicons(lexicons).path("figure_words.csv"))
    return cached("figure_words", [path], lambda: _figure_words(path))


# ---- the whole set -------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureLexicon:
    """The figures' word lists of one lexicon set, as plain tables in file order."""

    number_words: tuple[tuple[str, str, float | None, float | None], ...]
    nouns: tuple[tuple[str, str, str | None, str | None], ...]  # word, kind, unit, form
    months: tuple[tuple[str, int], ...]
    words: dict[str, tuple[str, ...]]  # kind -> words, in file order
    left: tuple[tuple[str, str], ...]
    left_tokens: tuple[tuple[str, TokenPhrase], ...]
    right: tuple[tuple[str, tuple[frozenset[str], ...]], ...]
    additional: str
    change: str


def figure_lexicon(lexicons: Lexicons | str | os.PathLike | None = None) -> FigureLexicon:
    """Every word list of the figures in a lexicon set, validated; read again after an edit.

    Examples
    --------
    >>> lexicon = figure_lexicon()
    >>> dict(lexicon.months)["نيسان"], lexicon.left[0][0]
    (4, 'at_least')
    """
    lexicons = as_lexicons(lexicons)
    paths = [str(lexicons.path(name)) for name in FIGURE_FILES]

    def build() -> FigureLexicon:
        numbers, nouns, months, words, _ = paths
        qualifiers = cached("qualifiers", [paths[4]], lambda: read_qualifiers(paths[4]))[1]
        table = load_figure_words(words)
        return FigureLexicon(
            number_words=tuple(
                load_number_words(numbers).select("word", "kind", "value", "high").rows()
            ),
            nouns=tuple(load_figure_nouns(nouns).select("word", "kind", "unit", "form").rows()),
            months=tuple(load_months(months).select("name", "month").rows()),
            words={
                kind: tuple(table.filter(pl.col("kind") == kind)["word"].to_list())
                for kind in WORD_KINDS
            },
            left=qualifiers.left,
            left_tokens=qualifiers.left_tokens,
            right=qualifiers.right,
            additional=qualifiers.additional,
            change=qualifiers.change,
        )

    return cached("figure_lexicon", paths, build)
