"""The words around a mention that change what it is: ``mention_words.csv``.

Columns ``word``, ``kind``, ``note`` and ``example``. Kinds:

- ``outlet_head`` — the noun an outlet's name starts with (قناة، وكالة، صحيفة، موقع): an
  outlet whose alias starts with one is also found by the rest of the alias after a
  citation word (قناة الميادين → «نقلت الميادين»);
- ``citation`` — a verb or noun after which an outlet's bare name is cited (نقلت، ذكرت،
  أفادت، مراسل);
- ``institution_head`` — the noun of an institution whose name may be a place name (جامعة،
  معهد، كلية): «جامعة بغداد» is one organisation, not a mention of Baghdad;
- ``research_head`` — a noun that is an institution only with an ``institution_tail`` after
  the place (مركز بغداد للدراسات; مركز الموصل alone is the city centre);
- ``institution_tail`` — a word after the place that ends an institution's name (للدراسات،
  للأبحاث): the organisation's mention covers it;
- ``prefix`` — a letter glued to a citation word or an institution noun (و، ف، ل، ب);
- ``person_before`` — a verb of meeting or a kinship noun right before a person's given name
  or ordinary-word surname (التقى، استقبل، شقيقه): after it, that short form of a person named
  in full before stands for the person as it does after a title (والتقى باراك، وشقيقه ليث);
- ``title_field`` — a preposition after a person title that opens the field or body of the
  person (الباحث في الشأن السياسي X، القيادي في التيار X): the name comes after it;
- ``dual_head`` — a head noun in the dual before two names (قاعدتي عين الأسد وحرير): the second
  name is found with the singular head (قاعدة حرير).

Every word is one word (a prefix one letter); the example must contain it (a citation word
or an institution noun perhaps after prefixes). Words are compared as written.
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.lexicons.files import LexiconError, Lexicons, as_lexicons, cached, read_rows

__all__ = ["MENTION_WORD_KINDS", "load_mention_words"]

#: The kinds of row of ``mention_words.csv``.
MENTION_WORD_KINDS = (
    "outlet_head",
    "citation",
    "institution_head",
    "research_head",
    "institution_tail",
    "prefix",
    "person_before",
    "title_field",
    "dual_head",
)

_COLUMNS = ["word", "kind", "note", "example"]


def _in_example(word: str, kind: str, example: str, prefixes: str) -> bool:
    words = [w.strip("«»\"'()/.,،:؛") for w in example.split()]
    if kind == "prefix":
        return any(len(w) > 1 and w.startswith(word) for w in words)
    return any(
        w == word or (w.endswith(word) and set(w[: -len(word)]) <= set(prefixes)) for w in words
    )


def _mention_words(path: str) -> pl.DataFrame:
    problems: list[tuple[int | None, str]] = []
    seen: dict[tuple[str, str], int] = {}
    rows = read_rows(path, _COLUMNS)
    prefixes = "".join(r["word"] for _, r in rows if r["kind"] == "prefix" and len(r["word"]) == 1)
    records = []
    for number, row in rows:
        word, kind, example = row["word"], row["kind"], row["example"]
        if kind not in MENTION_WORD_KINDS:
            problems.append(
                (number, f"unknown kind {kind!r} (use one of {', '.join(MENTION_WORD_KINDS)})")
            )
            continue
        if not word:
            problems.append((number, "empty word"))
            continue
        if len(word.split()) != 1:
            problems.append((number, f"word {word!r} is more than one word"))
        if kind == "prefix" and len(word) != 1:
            problems.append((number, f"prefix {word!r} is not one letter"))
        if (word, kind) in seen:
            problems.append(
                (number, f"duplicate {kind} {word!r} (first on row {seen[(word, kind)]})")
            )
        seen.setdefault((word, kind), number)
        if not example:
            problems.append((number, f"no example for {word!r}"))
        elif not _in_example(word, kind, example, prefixes):
            problems.append((number, f"word {word!r} is not in its own example {example!r}"))
        records.append((word, kind, row["note"], example))
    if problems:
        raise LexiconError(path, problems)
    return pl.DataFrame(records, schema=dict.fromkeys(_COLUMNS, pl.String), orient="row")


def load_mention_words(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """The mention words file, validated: ``word``, ``kind``, ``note``, ``example``, in file
    order. Raises :class:`LexiconError` naming the file, row and reason of every problem.

    Examples
    --------
    >>> words = load_mention_words()
    >>> words.filter(kind="institution_head")["word"].head(2).to_list()
    ['جامعة', 'معهد']
    """
    path = str(path or as_lexicons(lexicons).path("mention_words.csv"))
    return cached("mention_words", [path], lambda: _mention_words(path))
