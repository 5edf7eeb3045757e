"""``extract_framing``: every occurrence of a framing term, found with polars.

The steps, each over whole columns:

1. **Sentences** (:func:`toolkit.arabic.sentence_spans`) are kept only if their normalized
   text contains a key that every match of some term needs
   (:meth:`~toolkit.framing.terms.FramingTerms.sentence_keys`), an Aho-Corasick scan.
2. **Words**: the kept sentences are cut into words by one regex that tiles them
   (:data:`~toolkit.framing.terms.WORD_COVER`) and into stretches between punctuation marks;
   each distinct *light* form (the word without diacritics, tatweel and marks) that may fill
   a pattern word (:meth:`~toolkit.framing.terms.FramingTerms.word_filter`) is read once in
   Python (its head and the slots it fills), and its head moved back onto each spelling.
3. **Matches** grow one pattern word at a time: the first words of every term come from a
   join of the word hits on slot ids; each next word is the first hit of its slot after the
   last word matched (a forward as-of join by slot), kept when it is within the term's gap
   and in the same stretch of words (no punctuation in between, same sentence) — what
   :func:`toolkit.lexicons.patterns.match_at` does word by word.
4. Overlapping matches are resolved leftmost-longest
   (:func:`toolkit.framing.reference.leftmost_longest`), offsets come from the words' starts
   and heads, and ``quoted`` from the quotations of each sentence (a tiling regex again).

:func:`toolkit.framing.reference.extract_framing_reference` is the plain version of the same
rules; ``tests/framing/test_extract.py`` checks that both give the same frame.
"""

from __future__ import annotations

import os

import numpy as np
import polars as pl

from toolkit.arabic import normalization_map, normalize_expr, sentence_spans
from toolkit.arabic.sentences import regex_pieces
from toolkit.framing.reference import FRAMING_SCHEMA, QUOTES
from toolkit.framing.terms import WORD_COVER, FramingTerms, framing_terms
from toolkit.lexicons import Lexicons

__all__ = ["FRAMING_SCHEMA", "extract_framing"]

_QUOTE_COVER = QUOTES.pattern + r'|[^«“"]+|(?s:.)'
#: The normalization options that make a word's light form: only removals (diacritics,
#: tatweel, marks), so each character of the light form is one character of the word.
_LIGHT = {
    "alef": False,
    "alef_maksura": False,
    "digits": False,
    "presentation_forms": False,
    "persian_letters": False,
}
_REMOVED = frozenset(c for c, out in normalization_map(**_LIGHT).items() if out == "")


def _head_in(piece: str, light: str, head: int) -> int:
    """The offset in ``piece`` of the character at ``head`` in its light form."""
    if head == 0 or piece == light:
        return head
    kept = [k for k, char in enumerate(piece) if char not in _REMOVED]
    return kept[head] if head < len(kept) else len(piece)


def _key(column: str) -> pl.Expr:
    return normalize_expr(column).str.replace_all("ة", "ه", literal=True)


def extract_framing(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    framing: pl.DataFrame | str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
) -> pl.DataFrame:
    """Find every occurrence of a framing term: how each article names the US presence, the
    armed factions, the attacks …

    Parameters
    ----------
    articles
        Any frame with ``article_id`` and ``text``.
    framing
        The framing rows: a frame like :func:`toolkit.lexicons.framing.load_framing`'s or the
        path of a framing CSV; by default the ``framing.csv`` of ``lexicons``.
    lexicons
        The set of lexicon files (a :class:`toolkit.lexicons.Lexicons`, a folder of edited
        copies, or ``None`` for the shipped files): ``framing.csv`` and the clitic words
        (``clitics.csv``, ``entities.csv``). An edited file is used by the next call.

    Returns
    -------
    polars.DataFrame
        One row per occurrence, in text order: ``article_id``, ``sentence_id``, ``start``,
        ``end`` (offsets into ``text`` as given: ``text[start:end] == surface``),
        ``surface``, ``referent``, ``term``, ``frame``, ``gloss``, ``quoted`` (inside «…»,
        “…” or "…" on its line: someone the outlet quotes, not the outlet's own voice) and
        ``sentence`` (the sentence's text). Words match as the cue files match them:
        normalized, with و ف ب ك ل and the article set aside (``بالميليشيات`` is the term
        ``ميليشي*``); the surface starts after و ف ب ك ل. Where terms overlap, the one that
        starts first and then the longest is kept (``قوات الاحتلال الأمريكي`` is one
        occurrence, not ``الاحتلال`` inside it).

    See Also
    --------
    toolkit.framing.framing_frequency : counts and shares per outlet, month or voice.

    Examples
    --------
    >>> import polars as pl
    >>> text = "قال إن «قوات الاحتلال» ستغادر، وأدان الهجمات على القوات الأمريكية."
    >>> found = extract_framing(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    >>> found.select("surface", "referent", "frame", "quoted").rows()
    [('قوات الاحتلال', 'us_forces', 'occupation', True), ('الهجمات', 'attacks', 'attack', False), ('القوات الأمريكية', 'us_forces', 'neutral', False)]
    """
    terms = framing_terms(framing, lexicons)
    texts = articles.lazy().select(
        pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String)
    )
    sentences = (
        sentence_spans(texts)
        .filter(_key("text").str.contains_any(terms.sentence_keys()))
        .collect()
        .with_row_index("_s")
    )
    words = _words(sentences, terms)
    matches = _resolve(_matches(words, terms))
    if matches.is_empty():
        return pl.DataFrame(schema=FRAMING_SCHEMA)
    first = pl.Series(matches["first"])
    spans = pl.DataFrame(
        {
            "_s": words["_s"].gather(first),
            "start": (words["start"] + words["head"]).gather(first),
            "end": words["end"].gather(pl.Series(matches["last"])),
            "p": matches["p"],
        }
    )
    spans = spans.join(sentences, on="_s", how="left", suffix="_sentence", maintain_order="left")
    spans = spans.with_columns(
        surface=pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start")),
    )
    quoted = _quoted(spans)
    return (
        spans.with_columns(
            quoted=quoted,
            start=pl.col("start") + pl.col("start_sentence"),
            end=pl.col("end") + pl.col("start_sentence"),
        )
        .join(terms.table(), on="p", how="left", maintain_order="left")
        .rename({"text": "sentence"})
        .select(list(FRAMING_SCHEMA))
        .cast(FRAMING_SCHEMA)
    )


def _words(sentences: pl.DataFrame, terms: FramingTerms) -> pl.DataFrame:
    """The words of the kept sentences: ``_s``, ``_seg`` (the stretch of words between two
    punctuation marks: no term crosses one), ``start``, ``end`` (in the sentence), ``head``
    and ``slots`` (the slot ids the word fills), words that normalize to nothing left out,
    in text order."""
    words = (
        regex_pieces(sentences.select(pl.col("_s").alias("article_id"), "text"), WORD_COVER)
        .with_columns(word=pl.col("piece").str.contains(r"^\p{L}"))
        .with_columns(
            # a new stretch of words starts with each sentence and after any punctuation
            _seg=(
                (pl.col("article_id") != pl.col("article_id").shift(1)).fill_null(True)
                | (~pl.col("word") & pl.col("piece").str.contains(r"\p{P}"))
            ).cum_sum()
        )
        .filter(pl.col("word"))
        .select(pl.col("article_id").alias("_s"), "_seg", "piece", "start", "end")
        .collect()
    )
    # Words are read once per *light* form (diacritics, tatweel and marks removed): what a
    # word fills does not depend on them; its head is moved back onto the word as written.
    vocabulary = words.select(pl.col("piece").unique()).with_columns(
        light=normalize_expr("piece", **_LIGHT), key=_key("piece")
    )
    blank = vocabulary.filter(pl.col("key") == "").select("piece")  # a lone tatweel: no word
    vocabulary = vocabulary.filter(pl.col("key") != "")
    lights = vocabulary.filter(terms.word_filter(pl.col("key"))).select(pl.col("light").unique())
    read = {light: terms.read(light) for light in lights["light"].to_list()}
    read = {light: found for light, found in read.items() if found[1]}
    vocabulary = vocabulary.filter(pl.col("light").is_in(list(read)))
    heads = [_head_in(piece, light, read[light][0]) for piece, light in
             vocabulary.select("piece", "light").iter_rows()]  # fmt: skip
    hits = [(light, sid) for light, (_, ids) in read.items() for sid in sorted(ids)]
    slots = pl.DataFrame(hits, schema={"light": pl.String, "slots": pl.Int64}, orient="row")
    vocabulary = (
        vocabulary.with_columns(head=pl.Series(heads, dtype=pl.Int64))
        .join(slots.group_by("light").agg("slots"), on="light", how="left")
        .drop("key", "light")
    )
    words = words.join(blank, on="piece", how="anti", maintain_order="left")
    words = words.join(vocabulary, on="piece", how="left", maintain_order="left")
    return words.with_columns(pl.col("head").fill_null(0)).drop("piece")


def _matches(words: pl.DataFrame, terms: FramingTerms) -> pl.DataFrame:
    """Every match of every term: ``p`` (the row), ``first`` and ``last`` (word indexes)."""
    empty = pl.DataFrame(schema={"p": pl.Int64, "first": pl.Int64, "last": pl.Int64})
    hits = (
        words.with_row_index("w")
        .select(pl.col("w").cast(pl.Int64), "_seg", "slots")
        .explode("slots")
        .drop_nulls("slots")
        .rename({"slots": "sid"})
    )
    if hits.is_empty():
        return empty
    rows = [
        (p, m, sid, gap, len(ids))
        for p, (ids, gaps) in enumerate(zip(terms.slots, terms.gaps, strict=True))
        for m, (sid, gap) in enumerate(zip(ids, (0, *gaps), strict=True))
    ]
    steps = pl.DataFrame(rows, schema=["p", "m", "sid", "gap", "n"], orient="row").cast(pl.Int64)
    live = hits.join(steps.filter(pl.col("m") == 0), on="sid").select(
        "p", "n", "_seg", pl.col("w").alias("first"), pl.col("w").alias("last")
    )
    found = [live.filter(pl.col("n") == 1)]
    by_slot = hits.select(pl.col("w").alias("next"), "sid", pl.col("_seg").alias("next_s")).sort(
        "next"
    )
    for m in range(1, int(steps["n"].max())):
        step = steps.filter(pl.col("m") == m).select("p", "sid", "gap")
        live = (
            live.filter(pl.col("n") > m)
            .join(step, on="p")
            .with_columns(probe=pl.col("last") + 1)
            .sort("probe")
            .join_asof(
                by_slot,
                left_on="probe",
                right_on="next",
                by="sid",
                strategy="forward",
                check_sortedness=False,
            )
            .filter(
                pl.col("next").is_not_null()
                & (pl.col("next") - pl.col("last") - 1 <= pl.col("gap"))
                & (pl.col("next_s") == pl.col("_seg"))
            )
            .select("p", "n", "_seg", "first", pl.col("next").alias("last"))
        )
        found.append(live.filter(pl.col("n") == m + 1))
    return pl.concat(found).select("p", "first", "last") if found else empty


def _resolve(matches: pl.DataFrame) -> pl.DataFrame:
    """Leftmost-longest: sorted by first word, span (longest first) and row; a match is kept
    when it starts after the last word of every match kept before it (matches never cross
    sentences, so one pass over the text order is enough)."""
    if matches.is_empty():
        return matches
    ordered = matches.with_columns(span=pl.col("last") - pl.col("first")).sort(
        ["first", "span", "p"], descending=[False, True, False]
    )
    first, last = ordered["first"].to_numpy(), ordered["last"].to_numpy()
    keep = np.zeros(len(first), dtype=bool)
    reach = -1
    for i in range(len(first)):  # one pass over the matches (few), not over the text
        if first[i] > reach:
            keep[i] = True
            reach = last[i]
    return ordered.filter(pl.Series(keep)).select("p", "first", "last")


def _quoted(spans: pl.DataFrame) -> pl.Series:
    """Whether each span (``_s``, ``start``, ``end`` in the sentence ``text``) lies inside a
    quotation of its sentence."""
    sentences = spans.select("_s", "text").unique("_s")
    quotes = (
        regex_pieces(sentences.select(pl.col("_s").alias("article_id"), "text"), _QUOTE_COVER)
        .filter(pl.col("piece").str.contains(r'^(?:«[^»\n]*»|“[^”\n]*”|"[^"\n]*")$'))
        .select(
            pl.col("article_id").alias("_s"), pl.col("start").alias("q0"), pl.col("end").alias("q1")
        )
        .collect()
    )
    inside = (
        spans.select("_s", "start", "end")
        .with_row_index("_m")
        .join(quotes, on="_s", how="left")
        .group_by("_m", maintain_order=True)
        .agg(((pl.col("q0") <= pl.col("start")) & (pl.col("end") <= pl.col("q1"))).any())
    )
    return inside.sort("_m")["q0"].fill_null(False).alias("quoted")
