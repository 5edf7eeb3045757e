"""``extract_figures``: numbers with their qualifier, kind, counted noun, date and subject.

The stage runs in four steps: candidates and windows, vectorized
(:mod:`toolkit.figures.candidates`); the grammar, in Python, only on those windows
(:mod:`toolkit.figures.phrase`); overlapping phrases dropped; subjects from entities
(:mod:`toolkit.figures.subjects`). :func:`parse_windows` is the reference: it parses every
window as it is. By default the windows share their parses (:mod:`toolkit.figures.shared`),
with the same result.
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.arabic import sentence_spans
from toolkit.figures.candidates import windows as find_windows
from toolkit.figures.grammar import prenormalize
from toolkit.figures.jit import available
from toolkit.figures.lexicon import Grammar, grammar
from toolkit.figures.phrase import figure_tuple, parse_window
from toolkit.figures.schema import FIGURE_ROW_SCHEMA, FIGURE_SCHEMA, PARSED_SCHEMA
from toolkit.figures.shared import parse_windows_shared
from toolkit.figures.subjects import resolve_subjects
from toolkit.lexicons import Lexicons

__all__ = ["extract_figures", "parse_windows"]


def extract_figures(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    subjects: bool = True,
    mentions: pl.DataFrame | pl.LazyFrame | None = None,
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
    share: bool = True,
    compiled: bool = False,
) -> pl.DataFrame:
    """Find the numeric figures in articles: numbers with their qualifier, kind and subject.

    Parameters
    ----------
    articles
        Articles: any frame with ``article_id`` and ``text``.
    subjects
        Resolve the subject of troop figures that carry no nisba from the entity mentions of
        their sentence (:func:`toolkit.entities.extract_entities`). With ``False`` only nisbas
        (جندي أمريكي) give a subject; faster on very large corpora.
    mentions
        The entity mentions of these articles, as :func:`toolkit.entities.extract_entities`
        gives them (at least ``article_id``, ``start``, ``end``, ``party``, ``surface``), when
        they are already at hand (the batch pipeline passes them): they are used instead of
        extracting the entities again, with the same result. Whatever lexicon gave them,
        every mention with a party is used.
    gazetteer
        The entities gazetteer subjects are read with when ``mentions`` is not given: an
        entities frame (as from :func:`toolkit.lexicons.load_entities`) or the path of an
        entities CSV, as :func:`toolkit.entities.extract_entities` takes it; by default the
        shipped gazetteer.
    lexicons
        The set of the other lexicon files (number words, counted nouns, months, qualifiers,
        nisbas …): a :class:`~toolkit.lexicons.Lexicons`, a folder of edited copies, or
        ``None`` for the shipped files. An edited file is used by the next call.
    share
        Parse repeated windows, and windows that differ only in diacritics and tatweel inside
        their words, once (:mod:`toolkit.figures.shared`); ``False`` parses every window as it
        is (the reference; the same figures, slower). Only the reference path parses in
        Python; see ``compiled``.
    compiled
        Find the windows and parse them with compiled kernels (numba; :mod:`toolkit.figures.
        compiled`), and read the entity mentions for subjects only around the clauses that
        need one (:mod:`toolkit.figures.clauses`). ``False`` runs the reference: polars
        queries, the Python grammar and the entities of whole articles. The figures are the
        same (``tests/figures/test_compiled.py``). Off by default: the first call in a new
        environment compiles the kernels (about a minute, then cached on disk), and with
        ``subjects`` the entity mentions dominate the time (measured: 1.0× the reference
        with subjects, 4.5× without them; ``benchmarks/README.md``). Without numba the
        reference runs.

    Returns
    -------
    polars.DataFrame
        One row per figure, in text order, with the columns of :data:`FIGURE_SCHEMA`:
        ``article_id``, ``sentence_id`` (as :func:`toolkit.split_sentences` numbers them),
        ``start``/``end`` (the whole phrase, qualifier and counted noun included, so that
        ``text[start:end] == surface``), ``surface``, ``number_start``/``number_end`` (the
        number alone), ``value``, ``low``, ``high``, ``qualifier`` (one of
        :data:`QUALIFIERS`), ``kind`` (one of :data:`FIGURE_KINDS`), ``unit`` (soldier,
        day, week, month, year, hour, USD, IQD, percent …), ``noun`` (the counted noun),
        ``subject`` (a party id or null), ``subject_surface``, ``date_value`` (a full date),
        ``year``, ``month``, ``day`` (the known parts of a date) and ``sentence_start`` /
        ``sentence_end``.

    Examples
    --------
    >>> import polars as pl
    >>> articles = pl.DataFrame({"article_id": ["a"], "text": ["ويوجد نحو 2500 جندي أمريكي في العراق."]})
    >>> extract_figures(articles).select("surface", "value", "qualifier", "kind", "subject").row(0)
    ('نحو 2500 جندي', 2500.0, 'approx', 'troops', 'us_administration')
    >>> text = "أكثر من ثلاثة آلاف وخمسمائة عنصر إضافي خلال 12 شهراً"
    >>> extract_figures(pl.DataFrame({"article_id": ["b"], "text": [text]})).select(
    ...     "value", "qualifier", "kind", "unit").rows()
    [(3500.0, 'additional', 'troops', 'soldier'), (12.0, 'at_most', 'duration', 'month')]
    """
    g = grammar(lexicons)
    articles = (
        articles.lazy()
        .select(pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String))
        .filter(pl.col("text").is_not_null())
        .collect()
    )
    if articles.height == 0:
        return _empty()
    if compiled and available():
        found = _compiled_figures(lexicons, articles, subjects, mentions, gazetteer)
        if found is not None:
            return found
    articles = articles.with_columns(pre=prenormalize(pl.col("text")))
    sentences = (
        sentence_spans(articles.lazy())
        .select("article_id", "sentence_id", "start", "end")
        .collect()
    )
    windows = find_windows(g, articles.lazy(), sentences.lazy()).collect()
    if windows.height == 0:
        return _empty()
    columns = [articles[c].to_list() for c in ("article_id", "text", "pre")]
    texts = dict(zip(columns[0], zip(columns[1], columns[2], strict=True), strict=True))
    cuts = _cuts(windows, texts)
    rows, distinct = (parse_windows_shared if share else parse_windows)(g, cuts)
    figures = _figure_rows(windows, texts, rows, distinct)
    if figures.height == 0:
        return _empty()
    figures = _drop_overlaps(figures)
    if subjects:
        figures = resolve_subjects(g, figures, texts, mentions, gazetteer)
    return _finish(figures, articles)


def _finish(figures: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """The full dates, the text order and the output schema."""
    order = articles.select("article_id").with_row_index("_article")
    return (
        figures.with_columns(date_value=_date_value())
        .join(order, on="article_id", how="left")
        .sort("_article", "start")
        .select(list(FIGURE_SCHEMA))
        .cast(FIGURE_SCHEMA)
    )


def _compiled_figures(
    lexicons, articles: pl.DataFrame, subjects: bool, mentions, gazetteer
) -> pl.DataFrame | None:
    """The figures from the compiled path (:mod:`toolkit.figures.compiled`), or ``None`` when
    these articles need the reference (null or repeated ids, a hash shared by two words)."""
    from toolkit.figures.clauses import clause_subjects
    from toolkit.figures.compiled import compiled_rows
    from toolkit.figures.tables import compiled_grammar

    ids = articles["article_id"]
    if ids.null_count() or ids.n_unique() != len(ids):
        return None
    cg = compiled_grammar(lexicons)
    found = compiled_rows(cg, ids.to_list(), articles["text"].to_list())
    if found is None:
        return None
    figures, run = found
    if figures.height == 0:
        return _empty()
    figures = _drop_overlaps(figures)
    if subjects:
        figures = clause_subjects(cg.grammar, figures, run, mentions, gazetteer)
    return _finish(figures, articles)


def _cuts(windows: pl.DataFrame, texts: dict[str, tuple[str, str]]) -> list[tuple]:
    """Each window cut out of its article's normalized text: ``(row, window, lo, hi)`` with
    ``lo``/``hi`` in the window's offsets.

    The text is cut in Python (``str`` slicing is constant-time per window, where a polars
    ``str.slice`` walks the text from its start: quadratic on one long article).
    """
    cuts = []
    article_id, pre = None, ""
    columns = [windows[c].to_list() for c in ("article_id", "ws", "we", "lo", "hi")]
    for row, (aid, ws, we, lo, hi) in enumerate(zip(*columns, strict=True)):
        if aid != article_id:
            article_id, pre = aid, texts[aid][1]
        cuts.append((row, pre[ws:we], lo - ws, hi - ws))
    return cuts


def parse_windows(g: Grammar, cuts: list[tuple]) -> tuple[list[tuple], list[int]]:
    """The reference parse: every window of ``cuts`` parsed as it is. Returns the figures
    (``index`` of the window, offsets into it, fields) and each cut's index (its row)."""
    rows: list[tuple] = []
    for index, window, lo, hi in cuts:
        for figure in parse_window(g, window, lo, hi):
            f = figure_tuple(figure)
            surface = None if f[13] is None else window[f[13] : f[14]]
            rows.append((index, *f[:13], surface, *f[15:]))
    return rows, [cut[0] for cut in cuts]


def _figure_rows(
    windows: pl.DataFrame, texts: dict[str, tuple[str, str]], rows: list[tuple], distinct: list
) -> pl.DataFrame:
    """One row per figure: the parsed figures joined back to every window that has them,
    offsets into the article, and the surface cut from the original text."""
    parsed = pl.DataFrame(rows, schema=PARSED_SCHEMA, orient="row")
    shift = pl.col("ws")
    figures = (
        windows.with_columns(_d=pl.Series(distinct, dtype=pl.Int64))
        .join(parsed, on="_d", maintain_order="left")
        .select(
            "article_id",
            "sentence_id",
            (shift + pl.col("rel_start")).alias("start"),
            (shift + pl.col("rel_end")).alias("end"),
            (shift + pl.col("rel_number_start")).alias("number_start"),
            (shift + pl.col("rel_number_end")).alias("number_end"),
            *[c for c in PARSED_SCHEMA if c != "_d" and not c.startswith("rel_")],
            (shift + pl.col("rel_noun_end")).alias("noun_end"),
            "sentence_start",
            "sentence_end",
        )
    )
    surfaces = [
        texts[a][0][s:e]
        for a, s, e in zip(
            figures["article_id"].to_list(),
            figures["start"].to_list(),
            figures["end"].to_list(),
            strict=True,
        )
    ]
    return figures.with_columns(surface=pl.Series(surfaces, dtype=pl.String)).select(
        list(FIGURE_ROW_SCHEMA)
    )


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=FIGURE_SCHEMA)


def _date_value() -> pl.Expr:
    """The full date of ``year``, ``month`` and ``day``; null when a part is missing or the
    date does not exist (31/02/2021, 29 شباط 2021, 31 نيسان): such a figure keeps its surface
    and the parts as written, only ``date_value`` stays empty."""
    year, month, day = pl.col("year"), pl.col("month"), pl.col("day")
    month_ok = month.is_between(1, 12)
    first = pl.date(year, pl.when(month_ok).then(month).otherwise(1), 1)
    last_day = first.dt.month_end().dt.day()
    valid = month_ok & (day >= 1) & (day <= last_day)
    return pl.when(valid).then(pl.date(year, month, pl.when(valid).then(day).otherwise(1)))


def _drop_overlaps(figures: pl.DataFrame) -> pl.DataFrame:
    """Keep the first of figures whose phrases overlap (a window may see its neighbour's)."""
    return (
        figures.sort("article_id", "start", "end", descending=[False, False, True])
        .with_columns(_reach=pl.col("end").cum_max().shift(1).over("article_id"))
        .filter(pl.col("_reach").is_null() | (pl.col("start") >= pl.col("_reach")))
        .drop("_reach")
    )
