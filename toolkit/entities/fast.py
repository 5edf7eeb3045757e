"""The fast path: the mentions of the reference without building the clitic token stream.

Articles are joined into chunks of about two million characters (:class:`FastPath` sets the
size; chunks run on two threads, numpy lets go of the GIL) and each chunk is read as arrays of
code points (:mod:`toolkit.entities.chunk`): tokens are cut as the tokenizer cuts them, only the
words whose suffix is an alias or title piece are split by the call's clitic splitter, and
phrases are followed piece by piece through a trie (:mod:`toolkit.entities.matcher`). Names
after titles are read by the reference rule itself (:func:`toolkit.entities.patterns.propose`)
on the few tokens after the titles where a name can start, while sentences are cut (by polars)
on another thread.

Articles the fast path cannot reproduce exactly (presentation forms such as ﻻ, combining marks
that normalization keeps, a diacritic or tatweel right after a digit, tatweel opening a word)
and lexicons it cannot express (an alias ending in a lone ال), null or duplicate article ids,
go to the reference (:func:`toolkit.entities.reference.reference_mentions`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl

from toolkit.arabic import sentence_spans
from toolkit.entities.chars import CHUNK_CHARS, chars
from toolkit.entities.chunk import Chunk, splits_for
from toolkit.entities.forms import CANDIDATE_METHODS
from toolkit.entities.found import MENTION_SCHEMA
from toolkit.entities.matcher import Matcher, head_hashes, matcher, stop_hashes
from toolkit.entities.patterns import WINDOW, as_pattern, propose
from toolkit.entities.reference import reference_mentions
from toolkit.entities.stream import spans, stream, surfaces
from toolkit.entities.suspects import Suspects, suspects_for
from toolkit.entities.tables import EntityTables

__all__ = ["FastPath", "fast_mentions"]


@dataclass(frozen=True)
class FastPath:
    """How the fast path runs; the mentions it finds do not depend on it.

    Parameters
    ----------
    chunk_chars
        Characters per chunk of articles: a chunk's arrays are held in memory at once, and
        chunks are what the threads share out.
    threads
        Threads the chunks are scanned on (1: one after the other).
    on_reference
        Called with each frame of articles the fast path hands to the reference (all of them
        when the lexicon is one it cannot express), e.g. to count them.
    compiled
        Run the character scan, the suffix hits and the phrase walk as compiled kernels
        (numba; :mod:`toolkit.entities.kernel`) instead of numpy: the same arrays and matches
        (``tests/entities/test_kernel.py``). ``None`` (the default): compiled when numba can
        be imported. The first call on a new machine compiles them (a few seconds); numba
        keeps the machine code on disk for later processes.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> seen = []
    >>> df = pl.DataFrame({"article_id": ["a", "b"], "text": ["ﻟﻠﻨﺎﺗﻮ", "العراق"]})
    >>> extract_entities(df, fast=FastPath(on_reference=lambda a: seen.append(a.height))).height
    2
    >>> seen  # the presentation forms of the first article go to the reference
    [1]
    """

    chunk_chars: int = CHUNK_CHARS
    threads: int = 2
    on_reference: Callable[[pl.DataFrame], None] | None = None
    compiled: bool | None = None

    def use_kernel(self) -> bool:
        """Whether the chunks are scanned by the compiled kernel."""
        from toolkit.entities.kernel import available

        return available() if self.compiled is None else self.compiled


def _to_reference(
    articles: pl.DataFrame, tables: EntityTables, patterns: bool, dated: bool, settings: FastPath
) -> pl.DataFrame:
    if settings.on_reference is not None:
        settings.on_reference(articles)
    return reference_mentions(articles, tables, patterns, dated=dated)


def fast_mentions(
    articles: pl.DataFrame,
    tables: EntityTables,
    patterns: bool,
    *,
    dated: bool = False,
    settings: FastPath | None = None,
) -> pl.DataFrame:
    """Mentions and candidates as :func:`~toolkit.entities.reference.reference_mentions`
    finds them, with ``_article`` (the row of the article) and ``surface``."""
    settings = settings or FastPath()
    candidates = tables.candidates(dated)
    phrases = matcher(tables, patterns, candidates)
    ids = articles["article_id"]
    if phrases is None or ids.null_count() or ids.n_unique() != len(ids):
        return _to_reference(articles, tables, patterns, dated, settings)
    pool = ThreadPoolExecutor(1)  # sentences are cut (by polars) while numpy matches
    sentences = pool.submit(_sentence_starts, articles)
    pool.shutdown(wait=False)
    texts = articles["text"].fill_null("").to_list()
    sizes = articles["text"].str.len_chars().fill_null(0).to_numpy()
    # Everything the chunks read, held once for the whole call.
    table, splits, stops = chars(), splits_for(tables.splitter), stop_hashes(tables)
    heads = head_hashes(tables)
    suspects = suspects_for(tables.spelling)
    compiled = settings.use_kernel()
    if compiled:  # compiled (or loaded from disk) once, before the threads share it
        from toolkit.entities.kernel import warm

        warm()

    def scan(span: tuple[int, int]):
        lo, hi = span
        chunk = Chunk(texts[lo:hi], table, tables.splitter, splits, stops, heads, compiled=compiled)
        return _scan(chunk, lo, phrases, patterns, suspects)

    bad = np.zeros(len(texts), dtype=bool)
    lexicon_parts, window_parts, candidate_parts = [], [], []
    edges, total = [0], 0
    for index, size in enumerate(sizes.tolist()):
        total += size + 1
        if total >= settings.chunk_chars:
            edges.append(index + 1)
            total = 0
    if edges[-1] != len(texts):
        edges.append(len(texts))
    chunks = list(itertools.pairwise(edges))
    if len(chunks) > 1 and settings.threads > 1:
        with ThreadPoolExecutor(settings.threads) as threads:  # numpy lets go of the GIL
            scanned = list(threads.map(scan, chunks))
    else:
        scanned = [scan(span) for span in chunks]
    for (lo, hi), (chunk_bad, lexicon_part, window_part, candidate_part) in zip(
        chunks, scanned, strict=True
    ):
        bad[lo:hi] |= chunk_bad
        lexicon_parts.append(lexicon_part)
        candidate_parts.append(candidate_part)
        if window_part is not None:
            window_parts.append(window_part)
    frames = []
    lexicon = _concat_parts(lexicon_parts, 5)
    good = ~bad[lexicon[0]]
    art_index, first, start, end, phrase = (x[good] for x in lexicon)
    meta = tables.aliases.select(
        pl.col("entity_id").alias("entity"), "name_en", "name_ar", "label", "party", "method"
    )
    found = pl.DataFrame(
        {"_article": art_index, "_first": first, "start": start, "end": end}
    ).with_columns(meta[phrase])
    frames.append(found)
    phrased = _concat_parts(candidate_parts, 5)
    good = ~bad[phrased[0]]
    if good.any():
        art_index, first, start, end, phrase = (x[good] for x in phrased)
        frames.append(
            pl.DataFrame(
                {"_article": art_index, "_first": first, "start": start, "end": end}
            ).with_columns(
                entity=candidates["key"].gather(pl.Series(phrase, dtype=pl.Int64)),
                method=pl.lit(CANDIDATE_METHODS[0]),
            )
        )
    if window_parts:
        proposed = _window_mentions(texts, _concat_parts(window_parts, 3), bad, found, tables)
        if proposed is not None:
            frames.append(proposed)
    mentions = pl.concat(frames, how="diagonal_relaxed")
    article = mentions["_article"].to_numpy()
    rows = pl.Series(article, dtype=pl.Int64)
    mentions = mentions.with_columns(
        article_id=articles["article_id"].gather(rows),
        sentence_id=pl.Series(
            _sentence_ids(sentences.result(), article, mentions["_first"].to_numpy())
        ),
        # text[start:end] of each mention's article (offsets are in characters, as polars
        # slices strings).
        surface=articles["text"]
        .fill_null("")
        .cast(pl.String)
        .gather(rows)
        .str.slice(mentions["start"], mentions["end"] - mentions["start"]),
    )
    parts = [mentions]
    if bad.any():
        rows = np.flatnonzero(bad)
        subset = articles[pl.Series(rows, dtype=pl.Int64)]
        slow = _to_reference(subset, tables, patterns, dated, settings)
        index = pl.DataFrame({"article_id": subset["article_id"], "_article": rows})
        slow = slow.join(index, on="article_id", how="left").with_columns(
            surface=surfaces(subset, slow)
        )
        parts.append(slow)
    return pl.concat(
        [f.select("_article", *MENTION_SCHEMA).cast(MENTION_SCHEMA) for f in parts],
        how="vertical_relaxed",
    )


def _sentence_starts(articles: pl.DataFrame) -> tuple[np.ndarray, ...]:
    """Article index, start and sentence_id of every sentence, in text order."""
    frame = articles.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("article_id"), "text")
    sentences = sentence_spans(frame).select("article_id", "start", "sentence_id").collect()
    return tuple(sentences[c].cast(pl.Int64).to_numpy() for c in sentences.columns)


def _sentence_ids(sentences: tuple[np.ndarray, ...], article: np.ndarray, at: np.ndarray):
    """The sentence each offset ``at`` of article ``article`` falls in (1 before the first)."""
    s_article, s_start, s_id = sentences
    if not len(s_article):
        return np.ones(len(article), dtype=np.int64)
    key = (s_article << 32) | s_start
    where = np.searchsorted(key, (article.astype(np.int64) << 32) | at, side="right") - 1
    safe = np.maximum(where, 0)
    return np.where((where >= 0) & (s_article[safe] == article), s_id[safe], 1)


def _scan(chunk: Chunk, lo: int, matcher: Matcher, patterns: bool, suspects: Suspects):
    """Lexicon matches and candidate phrases (article, first-piece start, start, end, phrase)
    and title windows (article, start, end) of a chunk of articles (the first is article
    ``lo``), and which articles need the reference (some of their characters, or a word that
    may be a typo)."""
    marked = suspects.marked(chunk)
    if marked.any():
        chunk.bad[np.unique(chunk.article[marked])] = True
    hits = chunk.hits(matcher)
    chunk.split(hits[0])
    code = chunk.units(*hits)
    t0, w0, last, phrase = chunk.matches(matcher, code, 0)
    article, first, start, end = chunk.spans(t0, w0, last)
    lexicon = (article + lo, first, start, end, phrase)
    c0, c_w0, c_last, c_phrase = chunk.matches(matcher, code, 2)
    c_article, c_first, c_start, c_end = chunk.spans(c0, c_w0, c_last)
    candidates = (c_article + lo, c_first, c_start, c_end, c_phrase)
    if not patterns:
        return chunk.bad, lexicon, None, candidates
    n0, n_w0, n_last, _ = chunk.matches(matcher, code, 1)
    ok = chunk.may_name(n_last + 1, 2 * t0 + w0, 2 * last + 2)
    n0, n_w0, n_last = n0[ok], n_w0[ok], n_last[ok]
    after = n_last + 1
    t_article, _, _, t_end = chunk.spans(n0, n_w0, n_last)
    # The last token of an article is the separator after it.
    w_last = np.minimum(after + WINDOW - 1, chunk.last_token[t_article] - 1)
    w_end = chunk.orig[chunk.te[w_last]] - chunk.offset[t_article]
    w_end = np.minimum(w_end, chunk.lengths[t_article])
    return chunk.bad, lexicon, (t_article + lo, t_end, w_end), candidates


def _concat_parts(parts: list[tuple], width: int) -> tuple[np.ndarray, ...]:
    if not parts:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(width))
    return tuple(np.concatenate([p[i] for p in parts]).astype(np.int64) for i in range(width))


def _window_mentions(
    texts: list[str],
    windows: tuple[np.ndarray, ...],
    bad: np.ndarray,
    found: pl.DataFrame,
    tables: EntityTables,
) -> pl.DataFrame | None:
    """Names proposed after titles, read by the reference rule on the few tokens after each
    title (``windows``: article, start, end)."""
    article, w_start, w_end = windows
    good = ~bad[article]
    article, w_start, w_end = article[good], w_start[good], w_end[good]
    if not len(article):
        return None
    windows_text = [
        texts[a][s:e]
        for a, s, e in zip(article.tolist(), w_start.tolist(), w_end.tolist(), strict=True)
    ]
    frame = pl.DataFrame(
        {"article_id": [str(i) for i in range(len(windows_text))], "text": windows_text},
        schema={"article_id": pl.String, "text": pl.String},
    )
    pieces = stream(frame, tables.splitter).with_columns(_w=pl.col("article_id").cast(pl.Int64))
    if pieces.is_empty():
        return None
    window = pieces["_w"].to_numpy()
    absolute = w_start[window] + pieces["start"].to_numpy()
    owner = article[window]
    # Pieces inside a lexicon match are taken.
    lex_article = found["_article"].to_numpy()
    lex_first = found["_first"].to_numpy()
    lex_end = found["end"].to_numpy()
    key = (lex_article << 32) | lex_first
    order = np.argsort(key, kind="stable")
    key, lex_end_sorted, lex_article_sorted = key[order], lex_end[order], lex_article[order]
    probe = (owner << 32) | absolute
    at = np.searchsorted(key, probe, side="right") - 1
    taken = np.zeros(pieces.height + 1, dtype=bool)
    if len(key):
        safe = np.maximum(at, 0)
        taken[:-1] = (
            (at >= 0) & (lex_article_sorted[safe] == owner) & (lex_end_sorted[safe] > absolute)
        )
    starts = np.r_[True, window[1:] != window[:-1]]
    first = np.flatnonzero(starts)
    anchor = pieces["article_id"].gather(pl.Series(first)).to_list()
    found_names = propose(pieces, taken, first, anchor, tables)
    if not found_names:
        return None
    names = spans(pieces, pl.DataFrame(found_names, schema={"row": pl.Int64, "n": pl.Int64}))
    rows = pl.Series(found_names and [f["row"] for f in found_names], dtype=pl.Int64)
    w = pieces["_w"].gather(rows).to_numpy()
    shift = w_start[w]
    return as_pattern(
        pl.DataFrame(
            {
                "_article": article[w],
                "_first": shift + pieces["start"].gather(rows).to_numpy(),
                "start": shift + names["start"].to_numpy(),
                "end": shift + names["end"].to_numpy(),
            }
        )
    )
