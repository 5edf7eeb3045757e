"""The compiled path of :func:`toolkit.figures.extract_figures`: windows and parsing as kernels.

:func:`compiled_rows` gives exactly the figure rows that the reference gives
(:func:`toolkit.figures.candidates.windows`, then
:func:`toolkit.figures.extract.parse_windows` on every window, then the rows joined back to
the windows), from numba kernels:

1. the articles' code points, one array (:mod:`toolkit.figures.codepoints`);
2. sentences, number tokens and windows in one pass (:mod:`toolkit.figures.scan`);
3. the distinct windows, their tokens and the call's vocabulary
   (:mod:`toolkit.figures.kernel_tokens`);
4. the features of every word of the vocabulary, computed by the grammar's own look-ups once
   per word and grammar (:mod:`toolkit.figures.features`, :mod:`toolkit.figures.tables`);
5. the figures of every distinct window (:mod:`toolkit.figures.kernel_phrase`), joined back
   to all the windows that have them.

Windows the compiled parse cannot follow exactly (it would call ``int()`` on an odd digit
string) are parsed by the reference (:func:`toolkit.figures.phrase.parse_window`), and two
words of one hash send the whole call to the reference (``None``). The tests hold the two
paths equal on every corpus they have (``tests/figures/test_compiled.py``).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from toolkit.figures.codepoints import CodePoints, code_points, decode, table
from toolkit.figures.features import KINDS, QUALIFIER_NAMES
from toolkit.figures.kernel_phrase import (
    C_CHANGE_EMPTY,
    C_UNIT_PERCENT,
    C_UNIT_SOLDIER,
    C_UNIT_USD,
    FIGURE_INTS,
    parse_kernel,
)
from toolkit.figures.kernel_tokens import window_tokens
from toolkit.figures.phrase import figure_tuple, parse_window
from toolkit.figures.scan import SENTENCE_CLASSES, scan_windows
from toolkit.figures.schema import FIGURE_ROW_SCHEMA
from toolkit.figures.tables import CompiledGrammar

__all__ = ["Compiled", "compiled_rows"]

_COLUMN = {name: n + 1 for n, name in enumerate(FIGURE_INTS)}  # in a row of the int table


class Compiled:
    """What one call of the compiled path keeps for the later steps: the code points, the
    windows and the texts (see :func:`compiled_rows`)."""

    def __init__(self, ids: list[str], texts: list[str], points: CodePoints) -> None:
        self.ids, self.texts, self.points = ids, texts, points
        self.cp, self.offsets = code_points(texts)
        points.cover(self.cp)

    def normalized(self, article: int, start: int, end: int) -> str:
        """The length-preserving normalization of ``texts[article][start:end]``."""
        base = self.offsets[article]
        return decode(self.points.pre[self.cp[base + start : base + end]])


def _strings(names: list, ids: np.ndarray) -> pl.Series:
    """``names[id]`` for each id, null for -1."""
    lookup = pl.Series([*names, None], dtype=pl.String)
    return lookup.gather(np.where(ids < 0, len(names), ids))


def _reference_rows(run: Compiled, cg: CompiledGrammar, windows: np.ndarray, rows: list[int]):
    """The reference parse of the windows ``rows`` (as ``(window, figure tuple)`` pairs)."""
    out = []
    for w in rows:
        article, _, _, _, ws, we, lo, hi = windows[w].tolist()
        window = run.normalized(article, ws, we)
        for figure in parse_window(cg.grammar, window, lo - ws, hi - ws):
            out.append((w, figure_tuple(figure), window))
    return out


def compiled_rows(
    cg: CompiledGrammar, ids: list[str], texts: list[str]
) -> tuple[pl.DataFrame, Compiled] | None:
    """The figure rows of the articles ``ids``/``texts`` (in :data:`FIGURE_ROW_SCHEMA`, before
    overlaps are dropped and subjects read), and what the call keeps; ``None`` when the call
    must go to the reference."""
    run = Compiled(ids, texts, table())
    points = run.points
    windows = scan_windows(run.cp, run.offsets, points, cg.scan_tables, cg.placeholder)
    empty = pl.DataFrame(schema=FIGURE_ROW_SCHEMA)
    if not len(windows):
        return empty, run
    index, reps, t_off, toks, kcp, koff, collision = window_tokens()(
        run.cp, run.offsets, points.pre, points.bits, SENTENCE_CLASSES, windows, cg.placeholder
    )
    if collision:
        return None
    joined = decode(kcp)
    keys = [joined[a:b] for a, b in zip(koff[:-1].tolist(), koff[1:].tolist(), strict=True)]
    ki, kf, kp = cg.features(keys)
    key_id = {key: n for n, key in enumerate(keys)}
    pairs = np.array(
        [(f, key_id[s], m) for f, s, m in cg.month_pairs if s in key_id] or np.zeros((0, 3)),
        dtype=np.int64,
    ).reshape(-1, 3)
    units = cg.names["unit"]
    consts = np.zeros(4, dtype=np.int64)
    consts[C_UNIT_PERCENT], consts[C_UNIT_USD] = units["percent"], units["USD"]
    consts[C_UNIT_SOLDIER], consts[C_CHANGE_EMPTY] = units["soldier"], cg.change_empty
    tables = (pairs, cg.left_head, cg.left_words, cg.right, consts)
    ints, floats, aborted = parse_kernel()(
        run.cp, points.pre, points.bits, run.offsets, windows, reps, t_off, toks,
        ki, kf, kp, tables, cg.placeholder,
    )  # fmt: skip
    # every window gets the rows of its distinct window
    counts = np.bincount(ints[:, 0], minlength=len(reps))
    starts = np.cumsum(counts) - counts
    per_window = counts[index]
    owner = np.repeat(np.arange(len(windows)), per_window)
    first = np.cumsum(per_window) - per_window
    rows = (
        np.repeat(starts[index], per_window) + np.arange(len(owner)) - np.repeat(first, per_window)
    )
    frame = _frame(run, cg, keys, windows, owner, ints[rows], floats[rows])
    if len(aborted):
        redo = np.flatnonzero(np.isin(index, aborted)).tolist()
        frame = pl.concat([frame, _reference_frame(run, cg, windows, redo)])
    return frame, run


def _frame(run: Compiled, cg: CompiledGrammar, keys, windows, owner, ints, floats) -> pl.DataFrame:
    column = {name: ints[:, n] for name, n in _COLUMN.items()}
    w = windows[owner]
    article, ws = w[:, 0], w[:, 4]
    start, end = ws + column["start"], ws + column["end"]
    texts = run.texts
    surfaces = [
        texts[a][s:e]
        for a, s, e in zip(article.tolist(), start.tolist(), end.tolist(), strict=True)
    ]
    subject_at = np.flatnonzero(column["subject_start"] >= 0)
    subject_surface = np.full(len(owner), None, dtype=object)
    for r in subject_at.tolist():
        a, base = int(article[r]), int(ws[r])
        subject_surface[r] = run.normalized(
            a, base + int(column["subject_start"][r]), base + int(column["subject_end"][r])
        )
    units = sorted(cg.names["unit"], key=cg.names["unit"].get)
    parties = sorted(cg.names["party"], key=cg.names["party"].get)

    def nullable(name: str, offset=None) -> pl.Series:
        values = column[name] if offset is None else column[name] + offset
        return pl.Series(values).set(pl.Series(column[name] < 0), None)

    return pl.DataFrame(
        {
            "article_id": _strings(run.ids, article),
            "sentence_id": w[:, 1],
            "start": start,
            "end": end,
            "surface": pl.Series(surfaces, dtype=pl.String),
            "number_start": ws + column["number_start"],
            "number_end": ws + column["number_end"],
            "value": floats[:, 0],
            "low": pl.Series(floats[:, 1]).set(pl.Series(column["has_low"] == 0), None),
            "high": pl.Series(floats[:, 2]).set(pl.Series(column["has_high"] == 0), None),
            "qualifier": _strings(list(QUALIFIER_NAMES), column["qualifier"]),
            "kind": _strings(list(KINDS), column["kind"]),
            "unit": _strings(units, column["unit"]),
            "noun": _strings(keys, column["noun"]),
            "noun_end": nullable("noun_end", ws),
            "subject": _strings(parties, column["subject"]),
            "subject_surface": pl.Series(subject_surface.tolist(), dtype=pl.String),
            "subject_done": column["subject_done"] != 0,
            "year": nullable("year"),
            "month": nullable("month"),
            "day": nullable("day"),
            "sentence_start": w[:, 2],
            "sentence_end": w[:, 3],
        }
    ).cast(FIGURE_ROW_SCHEMA)


def _reference_frame(run: Compiled, cg: CompiledGrammar, windows, rows: list[int]) -> pl.DataFrame:
    """The rows of the windows the compiled parse left to the reference."""
    records = []
    for w, f, window in _reference_rows(run, cg, windows, rows):
        article, sid, s0, s1, ws = windows[w, :5].tolist()
        subject = None if f[13] is None else window[f[13] : f[14]]
        start, end = ws + f[0], ws + f[1]
        records.append(
            (run.ids[article], sid, start, end, run.texts[article][start:end], ws + f[2],
             ws + f[3], *f[4:11], None if f[11] is None else ws + f[11], f[12], subject, f[15],
             *f[16:19], s0, s1)
        )  # fmt: skip
    return pl.DataFrame(records, schema=FIGURE_ROW_SCHEMA, orient="row")
