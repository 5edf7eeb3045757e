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

__all__ = [
    "ARABIC_FONT",
    "bar_chart",
    "bilingual",
    "dodge",
    "figure_png",
    "rtl",
    "shorten",
    "use_arabic_font",
    "value_label",
]

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


def shorten(text: str, width: int = 28) -> str:
    """``text`` cut to at most ``width`` characters at a word boundary, with ``…`` if cut.

    A word longer than ``width`` on its own is kept whole rather than cut in the middle.

    Examples
    --------
    >>> shorten("Arabic-language report citing the AP", 24)
    'Arabic-language report…'
    >>> shorten("short", 24)
    'short'
    """
    if len(text) <= width:
        return text
    words, kept = text.split(), []
    for word in words:
        if kept and len(" ".join([*kept, word])) > width - 1:
            break
        kept.append(word)
    return " ".join(kept).rstrip(" ,.;:·-") + "…"


#: What a figure of each kind counts, for an axis label: "number of soldiers", "days".
_KIND_AXES = {"count": "number", "percent": "percent (%)", "date": "year"}
_PLURAL = {"day": "days", "week": "weeks", "month": "months", "year": "years", "hour": "hours",
           "minute": "minutes", "decade": "decades", "soldier": "soldiers"}  # fmt: skip


def value_label(kind: str | None, units=()) -> str:
    """An axis label that says what the numbers count, from a figure ``kind`` and its units.

    Examples
    --------
    >>> value_label("troops", ["soldier"])
    'number of soldiers (troops)'
    >>> value_label("duration", ["month", "month"])
    'duration (months)'
    >>> value_label("duration", ["day", "month"])
    'duration (day, month: mixed units)'
    >>> value_label("money", ["USD"])
    'amount (USD)'
    """
    present = sorted({u for u in units if u})
    if kind == "troops":
        return "number of soldiers (troops)" if present in ([], ["soldier"]) else "number of troops"
    if kind in {"count", "percent", "date"}:
        return _KIND_AXES[kind]
    name = {"money": "amount"}.get(kind or "", kind or "value")
    if len(present) == 1:
        return f"{name} ({_PLURAL.get(present[0], present[0])})"
    if present:
        return f"{name} ({', '.join(present)}: mixed units)"
    return name


def dodge(groups: int, span: float, *, share: float = 0.012) -> list[float]:
    """Offsets that spread ``groups`` series side by side around 0, ``share`` of ``span`` apart.

    Used where points of several series fall on the same x (the same month): each series is
    moved a little sideways so that none hides another; the middle of the group is the true x.

    Examples
    --------
    >>> dodge(3, 1000)
    [-12.0, 0.0, 12.0]
    """
    step = span * share
    return [(i - (groups - 1) / 2) * step for i in range(groups)]


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
