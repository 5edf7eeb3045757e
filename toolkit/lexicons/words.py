"""Word lists: stopwords, the clitic splitter's words, and the grammar words of the readers.

A word list file has the columns ``word``, ``kind``, ``note`` and ``example``: ``kind`` says
which list of the file a word belongs to, ``example`` (optional) is a phrase that must contain
the word. Words are compared in normalized form.
"""

from __future__ import annotations

import os
import re

import polars as pl

from toolkit.arabic import CliticSplitter, normalize
from toolkit.lexicons.files import LexiconError, Lexicons, as_lexicons, cached, read_rows

__all__ = [
    "STOPWORD_CATEGORIES",
    "clitic_splitter",
    "load_stopwords",
    "load_word_list",
    "name_words",
    "stopwords",
    "word_sets",
]

STOPWORD_CATEGORIES = ("function", "reporting_verb")
_PROCLITICS = re.compile(r"^(?:[وف]?[بكل]?(?:ال|ل)?)")


def _stopwords(path: str) -> pl.DataFrame:
    rows = read_rows(path, ["word", "category"])
    problems, seen = [], {}
    for number, row in rows:
        word, category = row["word"], row["category"]
        if not word:
            problems.append((number, "empty word"))
        elif len(word.split()) > 1:
            problems.append((number, f"{word!r} is more than one word"))
        elif normalize(word) in seen:
            first = seen[normalize(word)]
            problems.append((number, f"duplicate word {word!r} (first on row {first})"))
        else:
            seen[normalize(word)] = number
        if category not in STOPWORD_CATEGORIES:
            problems.append(
                (number, f"unknown category {category!r} (use {' or '.join(STOPWORD_CATEGORIES)})")
            )
    if problems:
        raise LexiconError(path, problems)
    return pl.DataFrame(
        [(row["word"], row["category"], row.get("source", "")) for _, row in rows],
        schema={"word": pl.String, "category": pl.String, "source": pl.String},
        orient="row",
    )


def load_stopwords(path: str | os.PathLike | None = None) -> pl.DataFrame:
    """The stopword list, validated: ``word``, ``category`` (function or reporting_verb) and
    ``source``. Words are as written; :func:`stopwords` gives them normalized.

    Examples
    --------
    >>> load_stopwords().filter(word="في")["category"].item()
    'function'
    """
    path = str(path or Lexicons().path("stopwords.csv"))
    return cached("stopwords", [path], lambda: _stopwords(path))


def stopwords(
    category: str | None = None, *, lexicons: Lexicons | str | None = None
) -> frozenset[str]:
    """The Arabic stopwords, in normalized form.

    ``category`` selects ``"function"`` words or ``"reporting_verb"``; ``None`` gives both. The
    list is the editable file ``toolkit/lexicons/stopwords.csv`` (see its README for sources).

    Examples
    --------
    >>> "في" in stopwords("function")
    True
    """
    path = str(as_lexicons(lexicons).path("stopwords.csv"))

    def build() -> dict[str | None, frozenset[str]]:
        rows = load_stopwords(path).select("word", "category").iter_rows()
        pairs = [(normalize(word), cat) for word, cat in rows]
        sets = {cat: frozenset(w for w, c in pairs if c == cat) for cat in STOPWORD_CATEGORIES}
        return {None: frozenset(w for w, _ in pairs), **sets}

    return cached("stopword_sets", [path], build).get(category, frozenset())


def _example_has(word: str, example: str) -> bool:
    """Whether ``example`` contains ``word`` as a whole word, maybe after proclitics."""
    for raw in normalize(example).split():
        core = raw.strip(".,،؛;:!?؟«»\"'()[]-–—").replace("ة", "ه")
        if core == word or _PROCLITICS.sub("", core, count=1) == word:
            return True
        rest = core
        for _ in range(3):
            if rest[:1] in "وفبكل" and len(rest) > len(word):
                rest = rest[1:]
                if rest == word or rest.removeprefix("ال") == word:
                    return True
    return False


def _word_list(path: str, kinds: tuple[str, ...]) -> pl.DataFrame:
    rows = read_rows(path, ["word", "kind", "note", "example"])
    problems: list[tuple[int | None, str]] = []
    seen: dict[tuple[str, str], int] = {}
    records = []
    for number, row in rows:
        word, kind = row["word"], row["kind"]
        if kind not in kinds:
            problems.append((number, f"unknown kind {kind!r} (use one of {', '.join(kinds)})"))
        if not word:
            problems.append((number, "empty word"))
            continue
        if len(word.split()) > 1:
            problems.append((number, f"{word!r} is more than one word"))
        key = normalize(word)
        if (key, kind) in seen:
            first = seen[(key, kind)]
            problems.append((number, f"duplicate {kind} word {word!r} (first on row {first})"))
        seen.setdefault((key, kind), number)
        if row["example"] and not _example_has(key.replace("ة", "ه"), row["example"]):
            problems.append((number, f"{word!r} is not in its own example {row['example']!r}"))
        records.append((normalize(word), kind, row["note"], row["example"]))
    if problems:
        raise LexiconError(path, problems)
    return pl.DataFrame(
        records,
        schema={"word": pl.String, "kind": pl.String, "note": pl.String, "example": pl.String},
        orient="row",
    )


def load_word_list(path: str | os.PathLike, kinds: tuple[str, ...]) -> pl.DataFrame:
    """A word list file, validated: ``word`` (normalized), ``kind`` (one of ``kinds``),
    ``note``, ``example``. Raises :class:`LexiconError` naming the file, row and reason.

    Examples
    --------
    >>> words = load_word_list(Lexicons().path("clitics.csv"), ("guard", "short_stem"))
    >>> words.filter(word="بغداد")["kind"].item()
    'guard'
    """
    path = str(path)
    return cached(("word_list", kinds), [path], lambda: _word_list(path, kinds))


def word_sets(path: str | os.PathLike, kinds: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """The words of each kind of a word list file, as sets of normalized words (ة read as ه
    when ``ة`` keys are wanted, the caller replaces it)."""
    path = str(path)

    def build() -> dict[str, frozenset[str]]:
        words = load_word_list(path, kinds)
        return {
            kind: frozenset(words.filter(pl.col("kind") == kind)["word"].to_list())
            for kind in kinds
        }

    return cached(("word_sets", kinds), [path], build)


CLITIC_KINDS = ("guard", "short_stem")


def clitic_splitter(lexicons: Lexicons | str | None = None) -> CliticSplitter:
    """The clitic splitter of a lexicon set, with its evidence: the words of ``clitics.csv``
    (``guard`` words are kept whole; ``short_stem`` words a conjunction may precede), the names
    of the gazetteer ``entities.csv`` and the word frequencies of
    :mod:`toolkit.lexicons.frequencies` (see :class:`toolkit.arabic.CliticSplitter` for how
    they are weighed). Remembered until one of the two files changes.

    Examples
    --------
    >>> [p[2] for p in clitic_splitter().split("وبغداد")]
    ['و', 'بغداد']
    >>> [p[2] for p in clitic_splitter().split("فؤاد")]
    ['فؤاد']
    """
    from toolkit.lexicons.entities import load_entities
    from toolkit.lexicons.frequencies import word_frequencies

    lexicons = as_lexicons(lexicons)
    path, gazetteer = str(lexicons.path("clitics.csv")), str(lexicons.path("entities.csv"))
    parties = str(lexicons.path("parties.csv"))

    def build() -> CliticSplitter:
        sets = word_sets(path, CLITIC_KINDS)
        entities = load_entities(gazetteer, parties=parties).explode("aliases")
        aliases = entities["aliases"].drop_nulls()
        people = entities.filter(pl.col("label") == "PERSON")["aliases"].drop_nulls()
        return CliticSplitter(
            guard=sets["guard"],
            short_stems=sets["short_stem"],
            names=name_words(aliases.to_list(), people=people.to_list()),
            zipf=word_frequencies().zipf,
        )

    return cached("clitic_splitter", [path, gazetteer, parties], build)


_ATTACHED = re.compile(r"^(?:[وف]?(?:بال|كال|لل)|[وف]ال)")


def name_words(aliases: list[str], *, people: list[str] = ()) -> frozenset[str]:
    """The normalized words of names that the clitic splitter treats as names: every word of
    every alias, but the one- and two-letter words and those that carry a clitic themselves:
    with the article (والدفاع in لجنة الأمن والدفاع), or a conjunction before another word of a
    name (وسوريا in الدولة الإسلامية في العراق وسوريا, where سوريا is a name too). The words
    of ``people`` (the aliases of persons) are names even when they look like a clitic and
    the article (كالاس، بالزاك): a person's name carries no clitic.

    Examples
    --------
    >>> sorted(name_words(["فؤاد حسين", "لجنة الأمن والدفاع", "العراق وسوريا", "سوريا"]))
    ['الامن', 'العراق', 'حسين', 'سوريا', 'فؤاد', 'لجنة']
    >>> "كالاس" in name_words(["كايا كالاس"]), "كالاس" in name_words([], people=["كايا كالاس"])
    (False, True)
    """
    words = {normalize(w) for alias in aliases for w in alias.split()}
    words = {w for w in words if len(w) > 2 and not _ATTACHED.match(w)}
    words |= {normalize(w) for alias in people for w in alias.split() if len(w) > 2}
    return frozenset(w for w in words if not (w[0] in "وف" and w[1:] in words))
