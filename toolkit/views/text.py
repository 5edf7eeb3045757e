"""Views of the text layer: normalization side by side, token frequencies, KWIC."""

from __future__ import annotations

from collections import Counter
from html import escape

import ipywidgets as widgets
import polars as pl
from matplotlib.figure import Figure

from toolkit.arabic import (
    NORMALIZE_OPTIONS,
    Concordance,
    kwic,
    normalization_map,
    normalize,
)
from toolkit.views.html import kwic_html, rtl_block
from toolkit.views.plots import bar_chart
from toolkit.views.widgets import LiveView, live

__all__ = ["frequency_chart", "kwic_explorer", "normalization_explorer", "normalization_html"]

#: The KWIC explorer keeps each term's matches at this window (its slider's largest).
_KWIC_WIDEST = 120
#: ... for this many terms at most.
_KWIC_TERMS_KEPT = 8

_OPTION_LABELS = {
    "diacritics": "حذف التشكيل (diacritics)",
    "tatweel": "حذف التطويل (tatweel)",
    "alef": "توحيد الألف أ إ آ ← ا (alef)",
    "alef_maksura": "ى ← ي (alef maksura)",
    "teh_marbuta": "ة ← ه (teh marbuta)",
    "digits": "٠١٢ ← 012 (digits)",
    "presentation_forms": "أشكال العرض ← حروف (presentation forms)",
    "persian_letters": "ک ی چ گ پ ← ك ي ج ك ب (Persian letters)",
    "marks": "حذف العلامات الخفية (invisible marks)",
}


def normalization_html(text: str, **options: bool) -> str:
    """The text before and after :func:`toolkit.normalize`, side by side, as RTL HTML."""
    after = normalize(text, **options)
    # Each character is kept, removed or replaced (one table lookup each, so a long article is
    # as quick as a short one; an alignment such as difflib's grows with the square).
    table = normalization_map(**options)
    changed = sum(n for char, n in Counter(text).items() if table.get(char, char) != char)
    cells = (
        f"<tr><th>قبل (before)</th><td>{escape(text)}</td></tr>"
        f"<tr><th>بعد (after)</th><td>{escape(after)}</td></tr>"
    )
    summary = f"<p>{len(text)} → {len(after)} characters; {changed} removed or replaced</p>"
    return rtl_block(f"<table>{cells}</table>") + summary


def normalization_explorer(text: str) -> LiveView:
    """A checkbox per normalization option and the text before and after."""
    controls = {
        name: widgets.Checkbox(value=default, description=_OPTION_LABELS[name], indent=False)
        for name, default in NORMALIZE_OPTIONS.items()
    }
    return live(lambda **options: normalization_html(text, **options), **controls)


def frequency_chart(freq: pl.DataFrame, *, top: int = 15, note: str = "") -> Figure:
    """A bar chart of the ``top`` most frequent terms from :func:`toolkit.token_frequency`."""
    return bar_chart(
        freq.head(top),
        label="term",
        value="count",
        title=f"أكثر الكلمات تكرارا (top {top} words)",
        xlabel="occurrences (tokens)",
        note=note,
    )


def kwic_explorer(articles: pl.DataFrame, *, term: str = "القوات", window: int = 40) -> LiveView:
    """A search box that shows RTL concordance lines for the typed word or phrase.

    The articles' normalized text is prepared once (:class:`toolkit.arabic.Concordance`), so
    a new term is found with a few array operations; its count and first 50 lines (the rows
    of :func:`toolkit.arabic.kwic`) are kept for the last few terms at the widest window
    (their offsets do not depend on the window), so moving the window slider only re-cuts
    the context of the lines shown from the text.
    """
    widest = max(window, _KWIC_WIDEST)
    texts = dict(zip(articles["article_id"].cast(pl.String), articles["text"], strict=True))
    concordance = Concordance(articles, words=True)
    found: dict[str, tuple[int, pl.DataFrame]] = {}

    def draw(term: str, window: int) -> str:
        if term not in found:
            if len(found) >= _KWIC_TERMS_KEPT:
                found.pop(next(iter(found)))
            if "\x00" in term:  # a term the arrays cannot search: the whole table
                lines = kwic(articles, term, window=widest)
                found[term] = (lines.height, lines.head(50))
            else:
                matches = concordance.find(term)
                lines = concordance.rows(matches, window=widest, limit=50)
                found[term] = (len(matches[0]), lines)
        count, shown = found[term]
        if window != widest:
            rows = [
                (text[max(0, start - window) : start], text[end : end + window])
                for text, start, end in zip(
                    (texts[a] for a in shown["article_id"]), shown["start"], shown["end"],
                    strict=True,
                )
            ]  # fmt: skip
            shown = shown.with_columns(
                left=pl.Series([left for left, _ in rows], dtype=pl.String),
                right=pl.Series([right for _, right in rows], dtype=pl.String),
            )
        return f"<p>{count} matches</p>" + kwic_html(shown)

    return live(
        draw,
        term=widgets.Text(value=term, description="term", continuous_update=False),
        window=widgets.IntSlider(value=window, min=10, max=widest, step=10, description="window"),
    )
