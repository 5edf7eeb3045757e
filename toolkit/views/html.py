"""Right-to-left HTML for Arabic text, with every piece of article text escaped.

Nothing from an article reaches HTML without :func:`html.escape`, so an article containing
``<script>`` or ``<img onerror=…>`` shows those characters as text and runs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

import polars as pl

__all__ = ["FONT_STACK", "LABEL_COLORS", "highlight", "kwic_html", "rtl_block", "table_html"]

FONT_STACK = "'Noto Sans Arabic', 'Noto Naskh Arabic', 'Amiri', 'Arial', sans-serif"
LABEL_COLORS = {
    "PERSON": "#ffd8a8",
    "ORG": "#b2f2bb",
    "GPE": "#a5d8ff",
    "LOC": "#d0bfff",
    "figure": "#ffec99",
    "cue": "#ffc9c9",
    "speaker": "#c5f6fa",
}


def rtl_block(inner_html: str, *, tag: str = "div", style: str = "") -> str:
    """Wrap already-safe HTML in an element with ``dir="rtl" lang="ar"`` and an Arabic font."""
    css = f"font-family: {FONT_STACK}; line-height: 1.9; text-align: right; {style}".strip()
    return f'<{tag} dir="rtl" lang="ar" style="{css}">{inner_html}</{tag}>'


def highlight(
    text: str,
    spans: Iterable[Mapping],
    *,
    colors: Mapping[str, str] = LABEL_COLORS,
) -> str:
    """Escape ``text`` and mark the given spans with ``<mark>``.

    Each span is a mapping with ``start`` and ``end`` (offsets into ``text``), ``kind`` (a
    key of ``colors``: an entity label, ``cue``, ``speaker``, ``figure``…) and an optional
    ``title`` shown on hover. Overlapping spans: the one that starts first wins.

    Examples
    --------
    >>> highlight("قال <b>بايدن</b>", [{"start": 7, "end": 12, "kind": "PERSON", "title": "Biden"}])
    'قال &lt;b&gt;<mark class="tk-person" title="Biden" ...>بايدن</mark>&lt;/b&gt;'
    """
    out, position = [], 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        start, end = int(span["start"]), int(span["end"])
        if start < position or end <= start:
            continue
        kind = str(span.get("kind") or "")
        title = escape(str(span.get("title") or kind), quote=True)
        color = colors.get(kind, "#eeeeee")
        out.append(escape(text[position:start]))
        out.append(
            f'<mark class="tk-{escape(kind.lower(), quote=True)}" title="{title}" '
            f'style="background: {color}; padding: 0 2px; border-radius: 3px;">'
            f"{escape(text[start:end])}</mark>"
        )
        position = end
    out.append(escape(text[position:]))
    return "".join(out).replace("\n", "<br>")


def table_html(frame: pl.DataFrame, *, rtl_columns: Iterable[str] = (), max_rows: int = 200) -> str:
    """An HTML table of ``frame`` with every cell escaped; ``rtl_columns`` are set right to left."""
    rtl_set = set(rtl_columns)
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for row in frame.head(max_rows).iter_rows():
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            shown = "" if value is None else escape(str(value))
            attrs = ' dir="rtl" lang="ar" style="text-align: right"' if column in rtl_set else ""
            cells.append(f"<td{attrs}>{shown}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = (
        f"<p>… {frame.height - max_rows} more rows not shown</p>" if frame.height > max_rows else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def kwic_html(lines: pl.DataFrame) -> str:
    """Concordance lines from :func:`toolkit.kwic` as an RTL table: preceding text on the
    right, the match in the middle, following text on the left, as Arabic is read."""
    rows = []
    for left, match, right in lines.select("left", "match", "right").iter_rows():
        rows.append(
            '<tr><td style="text-align: left; white-space: nowrap">'
            f"{escape(left)}</td>"
            f'<td style="text-align: center"><mark>{escape(match)}</mark></td>'
            f'<td style="text-align: right; white-space: nowrap">{escape(right)}</td></tr>'
        )
    if not rows:
        return rtl_block("<p>لا نتائج (no matches)</p>")
    return rtl_block(f"<table>{''.join(rows)}</table>")
