"""Views of numeric figures: a table with each figure in its sentence, interval charts, a
timeline and an explorer widget. They only read the frames of :mod:`toolkit.figures`.

Every piece of article text is escaped (:func:`html.escape`, through
:func:`toolkit.views.html.highlight`) before it goes into HTML.
"""

from __future__ import annotations

import base64
import math
from html import escape

import ipywidgets as widgets
import polars as pl
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from toolkit.figures import compare_figures
from toolkit.lexicons import load_parties
from toolkit.views.html import highlight, rtl_block
from toolkit.views.plots import bilingual, figure_png, rtl, shorten, use_arabic_font, value_label
from toolkit.views.widgets import LiveView

__all__ = [
    "SYNTHETIC_NOTE",
    "TABLE_ROWS",
    "HtmlLiveView",
    "figure_explorer",
    "figure_table_html",
    "format_figure",
    "plot_figure_intervals",
    "plot_figure_timeline",
]

ALL = "(all)"
NONE = "(none)"
#: Shown next to every chart or table that includes the constructed practice corpus.
SYNTHETIC_NOTE = "includes constructed practice articles (not real news)"
#: The most rows the figure explorer's table shows (its chart shows at most 40 figures).
TABLE_ROWS = 200

_SYMBOL = {
    "approx": "≈",
    "more_than": ">",
    "at_least": "≥",
    "less_than": "<",
    "at_most": "≤",
    "additional": "+",
}
_COLORS = {
    "band": "#9ec5e8",
    "point": "#1f4e79",
    "open": "#1f4e79",
    "base": "#7fa7cf",
    "added": "#f4a259",
    "range": "#c9b6e4",
    "disagree": "#c0392b",
}
_KIND_TITLES = {
    "troops": "أعداد القوات حسب الطرف (troop figures by party)",
    "duration": "المدد الزمنية (durations)",
    "percent": "النسب المئوية (percentages)",
    "money": "المبالغ (money)",
    "count": "الأعداد (counts)",
    "date": "التواريخ (dates)",
}


def _number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "?"
    if math.isinf(value):
        return "∞"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_figure(row: dict) -> str:
    """A figure as a short reading: ``≈2,500``, ``>300``, ``2,500–3,000``, ``+3,500``.

    Examples
    --------
    >>> format_figure({"qualifier": "approx", "value": 2500.0, "low": None, "high": None})
    '≈2,500'
    >>> format_figure({"qualifier": "range", "value": 2.0, "low": 2.0, "high": 3.0})
    '2–3'
    >>> format_figure({"kind": "date", "qualifier": "exact", "year": 2020, "month": 1, "day": None})
    '2020-01'
    """
    qualifier = row.get("qualifier")
    if row.get("kind") == "date":
        parts = [row.get("year"), row.get("month"), row.get("day")]
        while parts and parts[-1] is None:
            parts.pop()
        shown = "-".join("?" if p is None else f"{p:02d}" for p in parts)
        if qualifier == "range":
            return f"{int(row['low'])}–{int(row['high'])}"
        return shown or _number(row.get("value"))
    if qualifier in {"range", "vague"}:
        return f"{_number(row.get('low'))}–{_number(row.get('high'))}"
    return _SYMBOL.get(qualifier, "") + _number(row.get("value"))


def _party_names() -> dict[str, tuple[str, str]]:
    parties = load_parties()
    return {
        pid: (ar, en)
        for pid, ar, en in parties.select("party_id", "name_ar", "name_en").iter_rows()
    }


def _subject_label(subject: str | None, lang: str = "both") -> str:
    if subject is None:
        arabic, english = "غير محدد", "unattributed"
    else:
        arabic, english = _party_names().get(subject, (subject, subject))
    if lang == "ar":
        return arabic
    if lang == "en":
        return english
    return bilingual(arabic, english)


# --------------------------------------------------------------------------------------------
# Table
# --------------------------------------------------------------------------------------------


def _synthetic_ids(articles: pl.DataFrame) -> set[str]:
    if "synthetic" not in articles.columns:
        return set()
    return set(articles.filter(pl.col("synthetic").fill_null(False))["article_id"])


def _row_html(row: dict, text: str, source: str) -> str:
    s0, s1 = row["sentence_start"], row["sentence_end"]
    sentence = text[s0:s1]
    span = {
        "start": row["start"] - s0,
        "end": row["end"] - s0,
        "kind": "figure",
        "title": f"{row['kind']} · {row['qualifier']}",
    }
    cells = [
        escape(f"{row['article_id']} · {row['sentence_id']}")
        + f"<br><small>{escape(source)}</small>",
        rtl_block(highlight(sentence, [span]), tag="span"),
        escape(format_figure(row)),
        escape(row["qualifier"] or ""),
        escape(row["kind"] or ""),
        escape(row["unit"] or ""),
        escape(_subject_label(row["subject"])),
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _table(rows: list[str], *, note: str = "") -> str:
    head = "".join(
        f"<th>{escape(h)}</th>"
        for h in (
            "article · sentence",
            "sentence",
            "figure",
            "qualifier",
            "kind",
            "unit",
            "subject",
        )
    )
    caption = f"<caption>{escape(note)}</caption>" if note else ""
    return (
        f'<table class="tk-figures">{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _row_htmls(figures: pl.DataFrame, articles: pl.DataFrame) -> list[str]:
    texts = dict(articles.select("article_id", "text").iter_rows())
    sources = (
        dict(articles.select("article_id", "source").iter_rows())
        if "source" in articles.columns
        else {}
    )
    return [
        _row_html(row, texts.get(row["article_id"], ""), sources.get(row["article_id"]) or "")
        for row in figures.iter_rows(named=True)
    ]


def figure_table_html(figures: pl.DataFrame, articles: pl.DataFrame, *, max_rows: int = 300) -> str:
    """An HTML table of figures, each shown in its sentence (RTL) with the figure marked.

    Columns: article and sentence (with the source), the sentence with the figure's phrase
    in ``<mark>``, the figure as read (``≈2,500``), qualifier, kind, unit and subject. The
    article text is escaped before it becomes HTML. When constructed practice articles are
    among the rows, the table's caption says so.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.figures import extract_figures
    >>> arts = pl.DataFrame({"article_id": ["a"], "text": ["<b>نحو 2500 جندي</b>"]})
    >>> html = figure_table_html(extract_figures(arts), arts)
    >>> "<mark" in html and "&lt;b&gt;" in html and "<b>" not in html
    True
    """
    shown = figures.head(max_rows)
    rows = _row_htmls(shown, articles)
    note = SYNTHETIC_NOTE if set(shown["article_id"]) & _synthetic_ids(articles) else ""
    more = (
        f"<p>… {figures.height - max_rows} more figures not shown</p>"
        if figures.height > max_rows
        else ""
    )
    if not rows:
        return "<p>No figures.</p>"
    return _table(rows, note=note) + more


# --------------------------------------------------------------------------------------------
# Interval chart
# --------------------------------------------------------------------------------------------


_LRM = "\u200e"


def _row_label(row: dict, lang: str) -> str:
    where = shorten(row.get("source") or row.get("article_id") or "")
    when = row.get("published")
    # A left-to-right mark keeps 2021-02-19 in order after Arabic text (bidi rule W2).
    date = _LRM + when.isoformat() if when is not None else "undated"
    tag = (" · derived" if row.get("derived") else "") + (
        " · practice" if row.get("synthetic") else ""
    )
    return rtl(f"{_subject_label(row.get('subject'), lang)} · {where} · {date}{tag}")


def _axes(ax: Axes | None, rows: int) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    figure = Figure(figsize=(10, 0.45 * max(rows, 3) + 1.8), layout="constrained")
    return figure, figure.subplots()


def _draw_row(ax: Axes, y: float, row: dict, right: float) -> None:
    qualifier, value = row["qualifier"], row["value"]
    low, high = row["interval_low"], row["interval_high"]
    edge = _COLORS["disagree"] if row.get("disagrees") else "none"
    if row.get("derived"):
        added = row["value"] - (row.get("base_value") or 0.0)
        base = value - added
        ax.barh(y, base, height=0.5, color=_COLORS["base"], edgecolor=edge)
        ax.barh(y, added, left=base, height=0.5, color=_COLORS["added"], edgecolor=edge)
        if math.isinf(high):
            ax.annotate(
                "",
                xy=(right, y),
                xytext=(value, y),
                arrowprops={"arrowstyle": "->", "color": _COLORS["open"]},
            )
        return
    if qualifier == "additional":
        ax.barh(
            y, value, height=0.5, color=_COLORS["added"], hatch="//", edgecolor=_COLORS["point"]
        )
        return
    if qualifier in {"range", "vague"}:
        ax.barh(
            y,
            high - low,
            left=low,
            height=0.5,
            color=_COLORS["range"],
            hatch=".." if qualifier == "vague" else None,
            edgecolor=edge if edge != "none" else _COLORS["range"],
        )
        return
    if qualifier == "approx":
        ax.barh(y, high - low, left=low, height=0.5, color=_COLORS["band"], edgecolor=edge)
    if qualifier in {"more_than", "at_least"}:
        ax.annotate(
            "",
            xy=(right, y),
            xytext=(value, y),
            arrowprops={"arrowstyle": "->", "color": _COLORS["open"], "lw": 1.5},
        )
    if qualifier in {"less_than", "at_most"}:
        ax.annotate(
            "",
            xy=(0, y),
            xytext=(value, y),
            arrowprops={"arrowstyle": "->", "color": _COLORS["open"], "lw": 1.5},
        )
    filled = qualifier in {"exact", "approx", "at_least", "at_most"}
    ax.plot(
        [value],
        [y],
        marker="o",
        markersize=7,
        color=_COLORS["point"],
        markerfacecolor=_COLORS["point"] if filled else "white",
        markeredgecolor=_COLORS["disagree"] if row.get("disagrees") else _COLORS["point"],
        markeredgewidth=2 if row.get("disagrees") else 1,
    )


def _legend_handles(records: list[dict]) -> list:
    """The legend entries of the interval chart, only for the marks drawn in it."""
    qualifiers = {r["qualifier"] for r in records if not r.get("derived")}
    open_end = {"more_than", "at_least", "less_than", "at_most"} & qualifiers
    handles = [
        (
            {"exact"} & qualifiers,
            Line2D(
                [], [], marker="o", color=_COLORS["point"], linestyle="", label="exact (بالضبط)"
            ),
        ),
        ({"approx"} & qualifiers, Patch(color=_COLORS["band"], label="approx ± band (نحو، حوالي)")),
        (
            open_end,
            Line2D(
                [],
                [],
                marker="o",
                markerfacecolor="white",
                color=_COLORS["open"],
                label="open end: more than → / ← at most (أكثر من، لا يتجاوز)",
            ),
        ),
        (
            {"additional"} & qualifiers,
            Patch(facecolor=_COLORS["added"], hatch="//", label="additional (إضافي)"),
        ),
        (
            any(r.get("derived") for r in records),
            Patch(facecolor=_COLORS["base"], label="derived total: base + additional"),
        ),
        (
            {"range", "vague"} & qualifiers,
            Patch(facecolor=_COLORS["range"], label="range / vague (بين، عشرات)"),
        ),
        (
            any(r.get("disagrees") for r in records),
            Patch(facecolor="white", edgecolor=_COLORS["disagree"], label="disagrees (لا يتفق)"),
        ),
    ]
    return [handle for shown, handle in handles if shown]


def plot_figure_intervals(
    comparison: pl.DataFrame,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    note: str = "",
    lang: str = "both",
    max_rows: int = 40,
) -> Figure:
    """Draw compared figures as intervals, one row each, grouped by subject.

    Reads the frame of :func:`toolkit.compare_figures`. An ``approx`` figure is a band around
    its value, ``more_than``/``at_least`` an arrow to the open upper end, ``less_than`` /
    ``at_most`` an arrow down to zero, a range or vague plural a (dotted) bar, an
    ``additional`` figure a hatched bar, and a derived total a stacked bar (base + additional).
    Figures that disagree with another source are outlined in red. Labels give the party in
    Arabic and English, the source and the date; ``note`` is printed under the chart (say
    there when practice articles are included). Returns the figure (drawn on ``ax`` if given).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.figures import compare_figures, extract_figures
    >>> arts = pl.DataFrame({"article_id": ["a"], "text": ["نحو 2500 جندي أمريكي."]})
    >>> fig = plot_figure_intervals(compare_figures(extract_figures(arts)))
    >>> len(fig.axes[0].get_yticklabels())
    1
    """
    use_arabic_font()
    rows = comparison.head(max_rows)
    if "derived" in rows.columns and rows.height:
        rows = _with_base_values(rows)
    figure, ax = _axes(ax, rows.height)
    records = rows.to_dicts()[::-1]
    finite = [
        x
        for r in records
        for x in (r.get("interval_high"), r.get("interval_low"), r.get("value"))
        if x is not None and not math.isinf(x)
    ]
    right = max(finite, default=1.0) * 1.15 or 1.0
    for y, row in enumerate(records):
        _draw_row(ax, y, row, right)
        ax.text(
            right,
            y,
            " " + format_figure(row),
            va="center",
            ha="left",
            fontsize=8,
            color=_COLORS["disagree"] if row.get("disagrees") else "#333333",
        )
    ax.set_yticks(range(len(records)), [_row_label(r, lang) for r in records], fontsize=8)
    ax.set_xlim(0, right * 1.12)
    ax.set_ylim(-0.8, max(len(records), 1) - 0.2)
    kind = records[0]["kind"] if records else "troops"
    ax.set_title(title or _KIND_TITLES.get(kind, kind))
    ax.set_xlabel(value_label(kind, [r.get("unit") for r in records]) if records else "")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    handles = _legend_handles(records)
    if handles:
        figure.legend(handles=handles, fontsize=7, loc="outside lower center", ncols=4)
    if not records:
        ax.text(0.5, 0.5, "no figures to compare", transform=ax.transAxes, ha="center")
    if note:
        figure.suptitle(note, fontsize=8, color="#555555")
    return figure


def _with_base_values(rows: pl.DataFrame) -> pl.DataFrame:
    """For derived rows, the value of the additional part (the rest is the base)."""
    if "figure_id" not in rows.columns:
        return rows
    added = rows.filter(pl.col("additional")).select(
        pl.col("figure_id").alias("_added_id"), pl.col("value").alias("_added")
    )
    return (
        rows.with_columns(_added_id=pl.col("figure_id").str.split("+").list.last())
        .join(added, on="_added_id", how="left")
        .with_columns(
            base_value=pl.when(pl.col("derived")).then(pl.col("value") - pl.col("_added"))
        )
        .drop("_added_id", "_added")
    )


# --------------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------------

_SUBJECT_COLORS = ["#1f4e79", "#c0392b", "#2f7d5b", "#8e44ad", "#d35400", "#7f8c8d"]


_MARKERS = {"exact": "s", "approx": "o", "more_than": "^", "at_least": "^", "at_most": "v"}
_MARKERS |= {"less_than": "v", "range": "D", "vague": "D"}


_MARKER_LABELS = {"s": "exact", "o": "about", "^": "more than / at least",
                  "v": "at most / less than", "D": "range"}  # fmt: skip


def _marker_handles(qualifiers: list[str]) -> list:
    """Legend entries for the marker shapes drawn (by qualifier), in a fixed order."""
    shapes = {_MARKERS.get(q, "o") for q in qualifiers}
    return [
        Line2D([], [], marker=shape, color="#555555", linestyle="", label=label)
        for shape, label in _MARKER_LABELS.items()
        if shape in shapes
    ]


def plot_figure_timeline(
    comparison: pl.DataFrame,
    ax: Axes | None = None,
    *,
    title: str = "الأرقام عبر الزمن (figures over time)",
    note: str = "",
    lang: str = "both",
) -> Figure:
    """Figures against their articles' publication dates: one colour per subject, the marker
    by qualifier (▲ more than, ▼ at most, ● approx, ■ exact), the interval as a vertical bar.

    Reads the frame of :func:`toolkit.compare_figures` (with ``published``). Undated
    articles, derived totals and ``additional`` increments are left out (the title counts the
    undated ones). Returns the figure (drawn on ``ax`` if given).

    Examples
    --------
    >>> import datetime as dt, polars as pl
    >>> from toolkit.figures import compare_figures, extract_figures
    >>> arts = pl.DataFrame({"article_id": ["a", "b"], "published": [dt.date(2020, 1, 6), None],
    ...                      "text": ["نحو 5200 جندي أمريكي.", "نحو 2500 جندي أمريكي."]})
    >>> fig = plot_figure_timeline(compare_figures(extract_figures(arts), articles=arts))
    >>> fig.axes[0].get_title().splitlines()[-1]
    '1 undated figure(s) not shown'
    """
    use_arabic_font()
    if ax is None:
        figure = Figure(figsize=(10, 4.8), layout="constrained")
        ax = figure.subplots()
    else:
        figure = ax.figure
    shown = comparison.filter(~pl.col("derived") & ~pl.col("additional"))
    dated = shown.filter(pl.col("published").is_not_null())
    subjects = sorted(set(dated["subject"].to_list()), key=lambda s: (s is None, s or ""))
    handles = []
    for index, subject in enumerate(subjects):
        color = _SUBJECT_COLORS[index % len(_SUBJECT_COLORS)]
        part = dated.filter(
            pl.col("subject").is_null() if subject is None else pl.col("subject") == subject
        ).sort("published", "start")
        for row in part.iter_rows(named=True):
            day, value = row["published"], row["value"]
            low, high = row["interval_low"], row["interval_high"]
            if math.isinf(high):
                ax.vlines(day, value, value * 1.2, color=color, alpha=0.35, linewidth=4)
            elif high > low:
                ax.vlines(day, low, high, color=color, alpha=0.35, linewidth=4)
            marker = _MARKERS.get(row["qualifier"], "o")
            ax.plot([day], [value], marker=marker, color=color, linestyle="", markersize=7)
        handles.append(Patch(color=color, label=rtl(_subject_label(subject, lang))))
    handles += _marker_handles(dated["qualifier"].to_list())
    undated = shown.height - dated.height
    ax.set_title(title + (f"\n{undated} undated figure(s) not shown" if undated else ""))
    kinds = dated["kind"].unique().to_list() if "kind" in dated.columns else []
    units = dated["unit"].to_list() if "unit" in dated.columns else []
    ax.set_ylabel(value_label(kinds[0], units) if len(kinds) == 1 else "value (mixed kinds)")
    ax.set_ylim(bottom=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    if handles:
        ax.legend(handles=handles, fontsize=8, loc="upper right")
    else:
        ax.text(0.5, 0.5, "no dated articles", transform=ax.transAxes, ha="center")
    if note:
        figure.suptitle(note, fontsize=8, color="#555555")
    return figure


# --------------------------------------------------------------------------------------------
# Explorer
# --------------------------------------------------------------------------------------------


def _options(values) -> list[str]:
    present = set(values)
    out = [ALL, *sorted(v for v in present if v)]
    if None in present:
        out.append(NONE)
    return out


def _png_img(figure: Figure, alt: str) -> str:
    data = base64.b64encode(figure_png(figure)).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt, quote=True)}">'


class HtmlLiveView(LiveView):
    """Kept for compatibility: :class:`toolkit.views.widgets.LiveView` itself now shows its
    result in an ``ipywidgets.HTML`` widget (no ``Output`` widget, so headless runs never wait
    on jupyter/nbclient#312)."""


def figure_explorer(figures: pl.DataFrame, articles: pl.DataFrame) -> LiveView:
    """Filter figures by kind, subject, source and article; set the approx band; see the
    interval chart and the table of the chosen figures.

    Everything that does not depend on the controls (sources, each figure's table row) is
    computed once; a control change only filters and redraws. Returns the
    :class:`toolkit.views.widgets.LiveView`: ``.controls``, ``.result`` (the HTML shown: the
    chart as an embedded PNG, then the table) and ``.last`` (``chart``, the matplotlib
    figure, ``comparison`` and ``table``, or ``{}`` when no figure matches).

    The chart and the table are one HTML value of an :class:`HtmlLiveView`, so the explorer
    also runs headless (``jupyter nbconvert --execute``) without waiting on nbclient#312.

    Examples
    --------
    >>> from toolkit.datasets import course_articles
    >>> from toolkit.figures import extract_figures
    >>> articles = course_articles()
    >>> view = figure_explorer(extract_figures(articles), articles)
    >>> view.controls["subject"].value = "nato"
    >>> view.last["comparison"]["subject"].unique().to_list()
    ['nato']
    """
    sources = (
        dict(articles.select("article_id", "source").iter_rows())
        if "source" in articles.columns
        else {}
    )
    base = figures.with_columns(
        source=pl.col("article_id").replace_strict(sources, default=None, return_dtype=pl.String),
        _row=pl.int_range(pl.len()),
    )
    rows = _row_htmls(base, articles)
    synthetic = _synthetic_ids(articles)
    present = set(base["kind"])
    kinds = [k for k in ("troops", "percent", "duration", "money", "count") if k in present]
    last: dict = {}

    def draw(kind, subject, source, article, band):
        last.clear()
        chosen = base.filter(pl.col("kind") == kind)
        for column, value in (("subject", subject), ("source", source), ("article_id", article)):
            if value == NONE:
                chosen = chosen.filter(pl.col(column).is_null())
            elif value != ALL:
                chosen = chosen.filter(pl.col(column) == value)
        if chosen.is_empty():
            return "<p>No figures match these filters.</p>"
        note = SYNTHETIC_NOTE if set(chosen["article_id"]) & synthetic else ""
        comparison = compare_figures(
            chosen.drop("source", "_row"), kind=kind, approx_band=band, articles=articles
        )
        chart = plot_figure_intervals(comparison, note=note)
        shown = chosen["_row"].head(TABLE_ROWS).to_list()
        more = (
            f"the first {len(shown)} of {chosen.height} figures (filter to see others)"
            if chosen.height > len(shown)
            else ""
        )
        table = _table([rows[i] for i in shown], note=" · ".join(n for n in (note, more) if n))
        last.update(chart=chart, comparison=comparison, table=table)
        return _png_img(chart, f"{kind} figures as intervals") + table

    view = HtmlLiveView(
        draw,
        dict(
            kind=widgets.Dropdown(options=kinds or ["troops"], description="kind"),
            subject=widgets.Dropdown(
                options=_options(base["subject"].to_list()), description="subject"
            ),
            source=widgets.Dropdown(
                options=_options(base["source"].to_list()), description="source"
            ),
            article=widgets.Dropdown(
                options=_options(base["article_id"].to_list()), description="article"
            ),
            band=widgets.FloatSlider(
                value=0.1,
                min=0.0,
                max=0.3,
                step=0.01,
                description="approx ±",
                readout_format=".0%",
            ),
        ),
    )
    view.last = last
    return view
