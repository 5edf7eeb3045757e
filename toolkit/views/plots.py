"""Matplotlib charts with Arabic labels rendered correctly.

matplotlib ≥ 3.11 shapes Arabic itself (letters join, runs go right to left), so labels are
passed in their normal logical order and never reshaped on top. The font is Noto Sans Arabic
from the ``fontpkg-noto-sans-arabic`` package, with DejaVu Sans as fallback for Latin and digits.
"""

from __future__ import annotations

import io
import re

import matplotlib
import polars as pl
from matplotlib import font_manager
from matplotlib.figure import Figure

__all__ = ["ARABIC_FONT", "bar_chart", "bilingual", "figure_png", "rtl", "use_arabic_font"]

ARABIC_FONT = "Noto Sans Arabic"
_RLM = "\u200f"
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def use_arabic_font() -> str:
    """Register the pip-installed Noto Sans Arabic font and make it the default; return its name.

    Also turns off mathtext (``text.parse_math``): chart labels come from article text and
    sources, where a ``$`` is a dollar sign, never the start of a formula. Safe to call more
    than once.
    """
    import fontpkg_noto_sans_arabic

    names = {f.name for f in font_manager.fontManager.ttflist}
    if ARABIC_FONT not in names:
        for path in sorted((fontpkg_noto_sans_arabic.ROOT / "files").glob("*.ttf")):
            font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams["font.family"] = [ARABIC_FONT, "DejaVu Sans"]
    matplotlib.rcParams["svg.hashsalt"] = "arabic-news-toolkit"
    matplotlib.rcParams["text.parse_math"] = False
    return ARABIC_FONT


def rtl(label: str) -> str:
    """Force right-to-left layout for an Arabic label that starts with Latin text or digits.

    Labels without Arabic letters are returned unchanged.
    """
    if not label or label[0] == _RLM or not _ARABIC.search(label):
        return label
    return label if _ARABIC.match(label) else _RLM + label


def bilingual(arabic: str | None, english: str | None) -> str:
    """``"الناتو (NATO)"``: the Arabic name with its English gloss, either may be missing."""
    if arabic and english:
        return f"{arabic} ({english})"
    return arabic or english or ""


def bar_chart(
    frame: pl.DataFrame,
    *,
    label: str,
    value: str,
    title: str = "",
    xlabel: str = "",
    note: str = "",
    color: str = "#3b6ea8",
) -> Figure:
    """A horizontal bar chart, largest bar on top, with Arabic labels.

    ``frame`` holds one row per bar; ``label`` and ``value`` name its columns. ``note`` is
    printed under the chart (for example, that practice material is included).
    """
    use_arabic_font()
    figure = Figure(figsize=(7, 0.4 * max(frame.height, 3) + 1.2), layout="constrained")
    ax = figure.subplots()
    labels = [rtl(str(x)) for x in frame[label].to_list()][::-1]
    ax.barh(labels, frame[value].to_list()[::-1], color=color)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    if note:
        figure.supxlabel(note, fontsize=8, color="#555555")
    return figure


def figure_png(figure: Figure) -> bytes:
    """Render a figure to PNG bytes (deterministic for the same input)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()
