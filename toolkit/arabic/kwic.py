"""Keyword in context, matched on normalized text with clitics, offsets into the original.

:func:`kwic` finds the matches on arrays of code points (:class:`Concordance`: the articles'
normalized text joined once) instead of running the regular expression article by article;
:func:`kwic_reference` is the plain per-article form it must equal, row for row
(``tests/arabic/test_kwic_fast.py``).
"""

from __future__ import annotations

import functools
import re

import numpy as np
import polars as pl

from toolkit.arabic.normalize import (
    normalization_map,
    normalize,
    normalize_expr,
    normalize_with_map,
)

__all__ = ["Concordance", "kwic", "kwic_reference"]

_SCHEMA = {
    "article_id": pl.String,
    "start": pl.Int64,
    "end": pl.Int64,
    "left": pl.String,
    "match": pl.String,
    "right": pl.String,
}
#: Joins the articles' code points: not a word character, so a match never crosses it.
_SEP = "\x00"
#: The clitic letters the pattern may take before the term: [وف]? then [بكل]? then (ال)?.
_CONJ = tuple(map(ord, "وف"))
_PREP = tuple(map(ord, "بكل"))
_ARTICLE = tuple(map(ord, "ال"))
_PREFIX_RE = r"(?:[وف]?[بكل]?(?:ال)?)?"
#: How far before its shortest form a match can start: و or ف, ب ك or ل, ال, and the ال of
#: the whole term before its bare form.
_BACK = 6


def _needle(term: str, normalized: bool) -> str:
    return normalize(term).strip() if normalized else term.strip()


def _forms(needle: str, clitics: bool) -> list[str]:
    """The spellings the term matches in order (the whole term, then without its ال)."""
    bare = needle[2:] if clitics and needle.startswith("ال") else needle
    return [form for form in dict.fromkeys([needle, bare]) if form]


def kwic(
    articles: pl.DataFrame | pl.LazyFrame,
    term: str,
    *,
    window: int = 40,
    normalized: bool = True,
    clitics: bool = True,
) -> pl.DataFrame:
    """Keyword in context: every occurrence of ``term`` with its left and right context.

    ``term`` (one or more words) is matched as whole words on normalized text when
    ``normalized`` is true, so ``أمريكا`` also finds ``امريكا`` and ``أمـريكا``; with
    ``clitics`` it may carry attached و ف ب ك ل and ال (``بالعراق`` for ``العراق``). Only
    articles that contain the whole term are read (a clitic form alone, ``بقوات`` for
    ``القوات``, is found in those).

    Returns
    -------
    polars.DataFrame
        ``article_id``, ``start``, ``end`` (offsets of the match in the original text),
        ``left``, ``match``, ``right`` (``window`` characters of context on each side).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وصل إلى العِراق ثم غادر العراقيين"]})
    >>> kwic(df, "العراق", window=8).select("left", "match", "right").row(0)
    ('وصل إلى ', 'العِراق', ' ثم غادر')
    """
    needle = _needle(term, normalized)
    if not needle:
        return pl.DataFrame(schema=_SCHEMA)
    if _SEP in needle:  # a term with the joining character: read article by article
        return kwic_reference(articles, term, window=window, normalized=normalized, clitics=clitics)
    haystack = normalize_expr("text") if normalized else pl.col("text")
    candidates = (
        articles.lazy()
        .select(pl.col("article_id").cast(pl.String), "text", _norm=haystack)
        .filter(pl.col("_norm").str.contains(needle, literal=True))
        .collect()
    )
    found = Concordance(candidates, normalized=normalized, norm=candidates["_norm"])
    return found.lines(term, window=window, clitics=clitics)


@functools.cache
def _word_table() -> np.ndarray:
    """Whether each code point is a word character (``\\w`` of Python's ``re``)."""
    return np.array([chr(c).isalnum() or c == 0x5F for c in range(0x110000)], dtype=bool)


@functools.cache
def _length_table() -> np.ndarray:
    """How many characters each code point becomes under the default normalization."""
    table = np.ones(0x110000, dtype=np.uint8)
    for char, out in normalization_map().items():
        table[ord(char)] = len(out)
    return table


@functools.cache
def _member(codes: tuple[int, ...]) -> np.ndarray:
    table = np.zeros(0x110000, dtype=bool)
    table[list(codes)] = True
    return table


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


class Concordance:
    """Articles made ready for keyword in context: their (normalized) text as one array of
    code points, computed once, so that each new term is a few array operations.

    ``articles`` needs ``article_id`` and ``text``; ``normalized`` as in :func:`kwic` (the
    normalization's defaults). :meth:`find` gives the matches as arrays, :meth:`lines` the
    frame of :func:`kwic` (limited to the first ``limit`` matches when given). ``words``
    also indexes the runs of word characters (about a third of a second per 10,000 news
    articles), which makes each later term of word characters a scan of the words' last
    letters instead of the text: for a view that looks up many terms.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["بالعِراق والعراق"]})
    >>> Concordance(df).lines("العراق", window=3)["match"].to_list()
    ['بالعِراق', 'والعراق']
    """

    def __init__(
        self,
        articles: pl.DataFrame | pl.LazyFrame,
        *,
        normalized: bool = True,
        norm: pl.Series | None = None,
        words: bool = False,
    ) -> None:
        frame = (
            articles.lazy()
            .select(pl.col("article_id").cast(pl.String), pl.col("text").fill_null(""))
            .collect()
        )
        self.normalized = normalized
        self.ids = frame["article_id"]
        self.texts = frame["text"]
        if norm is None:  # (``norm``: the texts as normalized already, when the caller has them)
            norm = frame.select(normalize_expr("text") if normalized else pl.col("text"))["text"]
        self.norm_lengths = norm.str.len_chars().cast(pl.Int64).to_numpy()
        self.base = np.zeros(len(frame) + 1, dtype=np.int64)
        self.base[1:] = np.cumsum(self.norm_lengths + 1)
        # Padded at the end so that a look a few characters on never leaves the array.
        cp = _codes(_SEP.join(norm.to_list()) + _SEP * 16)
        self.cp = cp.astype(np.uint16) if cp.max(initial=0) <= 0xFFFF else cp
        self.norm = norm
        self.words = None
        if words:
            # The runs of word characters (for a term of word characters, every match is one).
            inside = np.r_[False, _word_table()[self.cp], False]
            edges = np.flatnonzero(inside[1:] != inside[:-1])
            first, stop = edges[0::2], edges[1::2]
            self.words = (first, stop, self.cp[np.maximum(stop - 1, 0)])

    def _occurrences(self, form: str) -> np.ndarray:
        """Where ``form`` starts in the joined text: found from its rarest character (counted
        on a sample), then checked character by character."""
        seq = _codes(form).tolist()
        cp = self.cp
        sample = cp[:: max(1, len(cp) // 200_000)]
        anchor = min(range(len(seq)), key=lambda j: int(np.count_nonzero(sample == seq[j])))
        at = np.flatnonzero(cp[anchor : len(cp) - len(seq) + anchor] == seq[anchor])
        for j, code in enumerate(seq):
            if j != anchor:
                at = at[cp[at + j] == code]
        return at

    def _ends(self, starts: np.ndarray, forms: list[str], clitics: bool) -> np.ndarray:
        """Where the pattern matches from each start, -1 where it does not: the options in
        the order the regular expression tries them (each clitic taken before it is left
        out, then the forms in order), the first that fits."""
        cp, word = self.cp, _word_table()
        end = np.full(len(starts), -1, dtype=np.int64)
        open_ = np.ones(len(starts), dtype=bool)
        options = (
            [(a, b, c) for a in (1, 0) for b in (1, 0) for c in (1, 0)] if clitics else [(0, 0, 0)]
        )
        codes = [_codes(form).tolist() for form in forms]
        for conj, prep, article in options:
            rows = np.flatnonzero(open_)
            at = starts[rows]
            if conj:
                keep = _member(_CONJ)[cp[at]]
                rows, at = rows[keep], at[keep] + 1
            if prep:
                keep = _member(_PREP)[cp[at]]
                rows, at = rows[keep], at[keep] + 1
            if article:
                keep = (cp[at] == _ARTICLE[0]) & (cp[at + 1] == _ARTICLE[1])
                rows, at = rows[keep], at[keep] + 2
            for seq in codes:
                fit = np.ones(len(rows), dtype=bool)
                for j, code in enumerate(seq):
                    fit &= cp[np.minimum(at + j, len(cp) - 1)] == code
                stop = at + len(seq)
                fit &= ~word[cp[np.minimum(stop, len(cp) - 1)]]
                end[rows[fit]] = stop[fit]
                open_[rows[fit]] = False
                rows, at = rows[~fit], at[~fit]
        return end

    def find(self, term: str, *, clitics: bool = True) -> tuple[np.ndarray, ...]:
        """The matches of ``term`` as arrays: article (row), start and end in the article's
        normalized text, in the order of :func:`kwic` (only articles that contain the whole
        term, as there)."""
        needle = _needle(term, self.normalized)
        empty = np.zeros(0, dtype=np.int64)
        if not needle or not len(self.ids):
            return empty, empty, empty
        if _SEP in needle:
            raise ValueError("the term contains a NUL character, which Concordance cannot search")
        forms = _forms(needle, clitics)
        core = min(forms, key=len)  # every match holds the shortest form
        word = _word_table()
        if self.words is not None and all(word[c] for c in _codes(needle).tolist()):
            return self._find_words(needle, forms, core, clitics)
        hits = self._occurrences(core)
        if core == needle:
            whole = hits
        else:  # the whole term is ال and its bare form
            head = hits[hits >= 2]
            whole = (
                head[(self.cp[head - 2] == _ARTICLE[0]) & (self.cp[head - 1] == _ARTICLE[1])] - 2
            )
        # The shortest form ends every match (it is the bare form, or ends the whole term):
        # only its occurrences before a character that is no word character can end one.
        hits = hits[~word[self.cp[hits + len(core)]]]
        has_term = np.zeros(len(self.ids), dtype=bool)
        has_term[np.searchsorted(self.base, whole, side="right") - 1] = True
        # Between a match's start and its shortest form there are only word characters (the
        # clitics, the ال of the whole term) and no word character is before it: it starts
        # where the run of word characters before the form starts, at most _BACK before it.
        cp = self.cp
        run = np.zeros(len(hits), dtype=np.int64)
        going = np.ones(len(hits), dtype=bool)
        for back in range(1, (_BACK if clitics else 0) + 2):
            going &= (hits - back >= 0) & word[cp[np.maximum(hits - back, 0)]]
            run += going
        near = run <= (_BACK if clitics else 0)
        starts, run, stops = (hits - run)[near], run[near], (hits + len(core))[near]
        if len(starts) > 1:  # in order already; a start met twice is one start
            first = np.r_[True, starts[1:] != starts[:-1]]
            starts, run, stops = starts[first], run[first], stops[first]
        article = np.searchsorted(self.base, starts, side="right") - 1
        inside = has_term[article]
        starts, run, stops = starts[inside], run[inside], stops[inside]
        if all(word[c] for c in _codes(needle).tolist()):
            # A term of word characters only: a match is a whole run of word characters, so
            # it ends where the shortest form does, and a form alone (no clitic before it)
            # always matches; only clitic forms go through the pattern's options.
            ends = np.where(run == 0, stops, -1)
            some = np.flatnonzero(run > 0)
            ends[some] = self._ends(starts[some], forms, clitics)
        else:
            ends = self._ends(starts, forms, clitics)
        found = ends > starts
        starts, ends = starts[found], ends[found]
        if len(starts) > 1 and (starts[1:] < ends[:-1]).any():  # overlaps: leftmost first
            keep, reach = [], -1
            for n, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
                if s >= reach:
                    keep.append(n)
                    reach = e
            starts, ends = starts[keep], ends[keep]
        article = np.searchsorted(self.base, starts, side="right") - 1
        origin = self.base[article]
        return article, starts - origin, ends - origin

    def _find_words(
        self, needle: str, forms: list[str], core: str, clitics: bool
    ) -> tuple[np.ndarray, ...]:
        """:meth:`find` for a term of word characters, from the runs of word characters: a
        match is a whole run that ends with the shortest form, at most ``_BACK`` longer."""
        first, stop, last = self.words
        cp, seq = self.cp, _codes(core).tolist()
        rows = np.flatnonzero(last == seq[-1])
        length = stop[rows] - first[rows]
        rows = rows[(length >= len(seq)) & (length <= len(seq) + (_BACK if clitics else 0))]
        for j in range(2, len(seq) + 1):
            rows = rows[cp[stop[rows] - j] == seq[-j]]
        has_term = self.norm.str.contains(needle, literal=True).fill_null(False).to_numpy()
        starts, stops = first[rows], stop[rows]
        article = np.searchsorted(self.base, starts, side="right") - 1
        inside = has_term[article]
        starts, stops, article = starts[inside], stops[inside], article[inside]
        # A form alone always matches; a run with clitics before its form goes through the
        # pattern's options (the whole run, or none of it: its end is the run's end).
        some = np.flatnonzero(stops - starts > len(seq))
        if len(some):
            ends = self._ends(starts[some], forms, clitics)
            bad = some[ends != stops[some]]
            keep = np.ones(len(starts), dtype=bool)
            keep[bad] = False
            starts, stops, article = starts[keep], stops[keep], article[keep]
        origin = self.base[article]
        return article, starts - origin, stops - origin

    def _original(
        self, article: np.ndarray, start: np.ndarray, end: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Normalized offsets back to offsets in the original text (as
        :func:`toolkit.arabic.normalize_with_map`'s index)."""
        if not self.normalized or not len(article):
            return start, end
        rows, back = np.unique(article, return_inverse=True)
        texts = self.texts.gather(rows).to_list()
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        text_base = np.r_[0, np.cumsum(lengths)]
        counts = _length_table()[_codes("".join(texts))]
        cum = np.cumsum(
            counts, dtype=np.int64
        )  # normalized characters up to and with each original one
        norm_base = np.r_[0, np.cumsum(self.norm_lengths[rows])]

        def index(position: np.ndarray) -> np.ndarray:
            at = np.searchsorted(cum, norm_base[back] + position, side="right") - text_base[back]
            return np.where(position >= self.norm_lengths[article], lengths[back], at)

        first = index(start)
        stop = np.maximum(index(end), index(end - 1) + 1)
        return first, stop

    def lines(
        self, term: str, *, window: int = 40, clitics: bool = True, limit: int | None = None
    ) -> pl.DataFrame:
        """The frame of :func:`kwic` for ``term`` (its first ``limit`` rows when given)."""
        return self.rows(self.find(term, clitics=clitics), window=window, limit=limit)

    def rows(
        self, found: tuple[np.ndarray, ...], *, window: int = 40, limit: int | None = None
    ) -> pl.DataFrame:
        """The frame of :func:`kwic` for matches from :meth:`find`."""
        article, start, end = found
        if limit is not None:
            article, start, end = article[:limit], start[:limit], end[:limit]
        if not len(article):
            return pl.DataFrame(schema=_SCHEMA)
        start, end = self._original(article, start, end)
        rows = pl.Series(article, dtype=pl.Int64)
        left = np.maximum(start - window, 0)
        frame = pl.DataFrame(
            {
                "article_id": self.ids.gather(rows),
                "start": start.astype(np.int64),
                "end": end.astype(np.int64),
                "text": self.texts.gather(rows),
                "_left": left.astype(np.int64),
            }
        )
        text, at, stop = pl.col("text"), pl.col("start"), pl.col("end")
        return frame.select(
            "article_id",
            "start",
            "end",
            left=text.str.slice(pl.col("_left"), at - pl.col("_left")),
            match=text.str.slice(at, stop - at),
            right=text.str.slice(stop, window),
        )


def kwic_reference(
    articles: pl.DataFrame | pl.LazyFrame,
    term: str,
    *,
    window: int = 40,
    normalized: bool = True,
    clitics: bool = True,
) -> pl.DataFrame:
    """:func:`kwic` article by article with Python's regular expressions (the reference the
    array form must equal)."""
    needle = _needle(term, normalized)
    if not needle:
        return pl.DataFrame(schema=_SCHEMA)
    haystack = normalize_expr("text") if normalized else pl.col("text")
    candidates = (
        articles.lazy()
        .select(pl.col("article_id").cast(pl.String), "text")
        .filter(haystack.str.contains(needle, literal=True))
        .collect()
    )
    prefix = _PREFIX_RE if clitics else ""
    forms = "|".join(re.escape(form) for form in _forms(needle, clitics))
    pattern = re.compile(rf"(?<![\w]){prefix}(?:{forms})(?![\w])")
    rows = []
    for article_id, text in candidates.select("article_id", "text").iter_rows():
        norm, index = normalize_with_map(text) if normalized else (text, list(range(len(text) + 1)))
        for match in pattern.finditer(norm):
            if match.end() == match.start():
                continue
            # A match inside a ligature that normalization expands (ﷺ, ﷲ) is the whole ligature.
            start = index[match.start()]
            end = max(index[match.end()], index[match.end() - 1] + 1)
            rows.append(
                (
                    article_id,
                    start,
                    end,
                    text[max(0, start - window) : start],
                    text[start:end],
                    text[end : end + window],
                )
            )
    return pl.DataFrame(rows, schema=_SCHEMA, orient="row")
