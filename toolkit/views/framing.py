"""Views of framing terms: how each outlet names one referent (a chart of term shares and
its table), a keyword-in-context drill-down from any cell of that table, and an explorer.

They read the frames of :func:`toolkit.extract_framing` and the articles only. Arabic labels
are passed to matplotlib in their logical order (it shapes them itself, ≥ 3.11) with the
English gloss of the term beside them; every piece of article text reaches HTML escaped, in a
``dir="rtl" lang="ar"`` block.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import polars as pl
from matplotlib import colormaps
from matplotlib.figure import Figure

from toolkit.framing import framing_frequency
from toolkit.lexicons.framing import term_label
from toolkit.views.html import rtl_block, table_html
from toolkit.views.plots import bilingual, rtl, use_arabic_font
from toolkit.views.widgets import LiveView, live

__all__ = [
    "ALL",
    "SYNTHETIC_NOTE",
    "VOICES",
    "framing_chart",
    "framing_explorer",
    "framing_kwic_html",
    "framing_table",
]

ALL = "(all)"
#: The voice filters: every occurrence, the outlet's own narration, or the voices it quotes.
VOICES = ("all", "narration", "quoted")
SYNTHETIC_NOTE = "includes constructed practice articles (synthetic), not real news"
_VOICE_AR = {"narration": "صوت المصدر (narration)", "quoted": "اقتباس (quoted)"}


def _voice(terms: pl.DataFrame, voice: str) -> pl.DataFrame:
    if voice not in VOICES:
        raise ValueError(f"voice must be one of {', '.join(VOICES)}, not {voice!r}")
    if voice == "all":
        return terms
    return terms.filter(pl.col("quoted") == (voice == "quoted"))


def _groups(terms: pl.DataFrame, by: str, articles: pl.DataFrame | None) -> pl.DataFrame:
    """``terms`` with a ``_group`` label column: the ``by`` value, with its English name
    beside it when the articles have one (``source_en`` for ``source``)."""
    if by not in terms.columns:
        if articles is None:
            raise ValueError(f"cannot group by {by!r}: pass articles= (with that column)")
        columns = [by, *([f"{by}_en"] if f"{by}_en" in articles.columns else [])]
        meta = articles.select(pl.col("article_id").cast(pl.String), *columns)
        terms = terms.join(meta.unique("article_id"), on="article_id", how="left")
    value = pl.col(by).cast(pl.String)
    if f"{by}_en" in terms.columns:
        english = pl.col(f"{by}_en").str.replace(r"\s*\(practice source\)$", "")
        long = english.str.len_chars() > _LONGEST
        english = pl.when(long).then(_whole_words(english, _LONGEST)).otherwise(english)
        value = (
            pl.when(value.is_null())
            .then(english)
            .otherwise(
                pl.when(english.is_not_null()).then(value + " (" + english + ")").otherwise(value)
            )
        )
    value = value.fill_null("(unknown)")
    value = (
        pl.when(value.str.len_chars() > 2 * _LONGEST)
        .then(_whole_words(value, 2 * _LONGEST))
        .otherwise(value)
    )
    return terms.with_columns(_group=value)


_LONGEST = 24  # characters of an English group name shown beside the Arabic one


def _whole_words(text: pl.Expr, width: int) -> pl.Expr:
    """``text`` cut before the last space that keeps it within ``width`` characters, with
    ``…``; a text with no space that early is kept whole rather than cut inside a word."""
    return text.str.replace(rf"^(?s)(.{{0,{width - 2}}}[^\s,;:·-])[\s,;:·-]*\s.*$", "${1}…")


def _labels(chosen: pl.DataFrame) -> dict[str, str]:
    """A label for each term: its most frequent surface in ``chosen`` (a word as written,
    which ``ميليشي*`` is not) with the term's English gloss."""
    if chosen.is_empty():
        return {}
    common = (
        chosen.group_by("term", "surface").agg(n=pl.len(), gloss=pl.col("gloss").first())
        .sort(["term", "n", "surface"], descending=[False, True, False])
        .unique("term", keep="first")
    )  # fmt: skip
    return {
        term: rtl(bilingual(surface or term_label(term), gloss or None))
        for term, surface, _, gloss in common.iter_rows()
    }


def framing_table(
    terms: pl.DataFrame,
    *,
    referent: str,
    by: str = "source",
    articles: pl.DataFrame | None = None,
    voice: str = "all",
) -> pl.DataFrame:
    """The counts behind :func:`framing_chart`: one row per group and term of ``referent``.

    Returns
    -------
    polars.DataFrame
        ``group``, ``term``, ``label`` (the term as a phrase, with its gloss), ``frame``,
        ``count``, ``share`` (of the group's namings of the referent) and ``referent_count``,
        groups in order and the most frequent term first.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit import extract_framing
    >>> df = pl.DataFrame({"article_id": ["a", "b"], "source": ["X", "Y"],
    ...                    "text": ["ندد بالاحتلال.", "ناقش الوجود الأمريكي والاحتلال."]})
    >>> table = framing_table(extract_framing(df), referent="us_presence", articles=df)
    >>> table.select("group", "label", "count", "share").rows()[:2]
    [('X', 'الاحتلال (the occupation)', 1, 1.0), ('Y', 'الاحتلال (the occupation)', 1, 0.5)]
    """
    of_referent = terms.filter(pl.col("referent") == referent)
    labels = _labels(of_referent)
    chosen = _groups(_voice(of_referent, voice), by, articles)
    freq = framing_frequency(chosen, by="_group")
    return freq.select(
        pl.col("_group").alias("group"),
        "term",
        pl.col("term").replace_strict(labels, default=None, return_dtype=pl.String).alias("label"),
        "frame",
        "count",
        "share",
        "referent_count",
    )


def framing_chart(
    terms: pl.DataFrame,
    *,
    referent: str,
    by: str = "source",
    articles: pl.DataFrame | None = None,
    voice: str = "split",
    note: str = "",
) -> Figure:
    """Term shares by outlet (or any ``by`` group) for one referent: a stacked bar per
    group, one colour per term, the number of namings at the end of each bar.

    ``voice`` is ``"split"`` (a panel for the outlet's own narration and one for the voices
    it quotes; a panel with nothing in it is not drawn), ``"all"``, ``"narration"`` or
    ``"quoted"``. The legend (in an axes of its own, labelled ``legend``, under the panels)
    lists only the terms that appear, as Arabic phrases with their English gloss. ``note`` is
    printed under the chart.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit import extract_framing
    >>> df = pl.DataFrame({"article_id": ["a", "b"], "source": ["X", "Y"],
    ...                    "text": ["ندد بالاحتلال.", "ناقش الوجود الأمريكي."]})
    >>> chart = framing_chart(extract_framing(df), referent="us_presence", articles=df)
    >>> [ax.get_title() for ax in chart.axes if ax.get_label() != "legend"]
    ['صوت المصدر (narration)']
    """
    use_arabic_font()
    voices = ["narration", "quoted"] if voice == "split" else [voice]
    tables = {v: framing_table(terms, referent=referent, by=by, articles=articles, voice=v)
              for v in voices}  # fmt: skip
    tables = {v: t for v, t in tables.items() if not t.is_empty()}
    if not tables:
        figure = Figure(figsize=(6, 1.5), layout="constrained")
        ax = figure.subplots()
        ax.axis("off")
        ax.text(0.5, 0.5, f"لا تسميات (no occurrences of {referent})", ha="center", va="center")
        return figure
    everything = pl.concat(list(tables.values()))
    order = (
        everything.group_by("term", "label").agg(pl.col("count").sum())
        .sort(["count", "term"], descending=[True, False])
    )  # fmt: skip
    palette = colormaps["tab20"].colors
    colors = {t: palette[i % len(palette)] for i, t in enumerate(order["term"])}
    groups = sorted(set(everything["group"]))
    legend_rows = (order.height + 1) // 2
    height = 0.45 * max(len(groups), 3) + 1.4
    figure = Figure(figsize=(3.2 * len(tables) + 3.4, height + 0.28 * legend_rows + 0.6),
                    layout="constrained")  # fmt: skip
    grid = figure.add_gridspec(2, len(tables), height_ratios=[height, 0.28 * legend_rows + 0.2])
    axes = [figure.add_subplot(grid[0, 0])]
    axes += [figure.add_subplot(grid[0, i], sharey=axes[0]) for i in range(1, len(tables))]
    positions = {g: i for i, g in enumerate(reversed(groups))}
    for ax, (name, table) in zip(axes, tables.items(), strict=True):
        left = dict.fromkeys(groups, 0.0)
        for term, label in order.select("term", "label").iter_rows():
            part = table.filter(pl.col("term") == term)
            for group, share in part.select("group", "share").iter_rows():
                ax.barh(positions[group], share, left=left[group], color=colors[term],
                        label=label, edgecolor="white", linewidth=0.5)  # fmt: skip
                left[group] += share
        totals = table.group_by("group").agg(pl.col("referent_count").first())
        for group, n in totals.iter_rows():
            ax.text(1.02, positions[group], f"n={n}", va="center", fontsize=8, color="#555555")
        if ax is axes[0]:
            ax.set_yticks(list(positions.values()), [rtl(g) for g in positions])
        else:
            ax.tick_params(labelleft=False)
        ax.set_xlim(0, 1.16)  # room for the counts
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
        ax.set_xlabel("share of the namings / نسبة التسميات")
        ax.set_title(_VOICE_AR.get(name, "كل التسميات (all)"))
        ax.spines[["top", "right"]].set_visible(False)
    handles, labels = [], []
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    legend = figure.add_subplot(grid[1, :], label="legend")
    legend.axis("off")
    legend.legend(handles, labels, loc="upper center", ncols=2, fontsize=8, frameon=False)
    figure.suptitle(f"How each {by} names {referent}")
    if note:
        figure.supxlabel(note, fontsize=8, color="#555555")
    return figure


def framing_kwic_html(
    terms: pl.DataFrame,
    articles: pl.DataFrame,
    *,
    referent: str,
    term: str | None = None,
    group: str | None = None,
    by: str = "source",
    voice: str = "all",
    window: int = 50,
    limit: int = 40,
) -> str:
    """The occurrences behind one cell of :func:`framing_table` (a ``group`` and a ``term``
    of ``referent``; ``None`` for all of them) in context, as escaped right-to-left HTML.

    Each line shows the text before the occurrence on the right, the occurrence marked, the
    text after it on the left (``window`` characters of its article each side), and whether
    it is the outlet's narration or a quotation.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit import extract_framing
    >>> df = pl.DataFrame({"article_id": ["a"], "source": ["<b>X</b>"],
    ...                    "text": ["قال إن «الاحتلال» <script>باق</script>."]})
    >>> html = framing_kwic_html(extract_framing(df), df, referent="us_presence")
    >>> "<script>" in html, "<mark>الاحتلال</mark>" in html, 'dir="rtl" lang="ar"' in html
    (False, True, True)
    """
    chosen = _voice(terms.filter(pl.col("referent") == referent), voice)
    if term is not None:
        chosen = chosen.filter(pl.col("term") == term)
    chosen = _groups(chosen, by, articles)
    if group is not None:
        chosen = chosen.filter(pl.col("_group") == group)
    if chosen.is_empty():
        return rtl_block("<p>لا نتائج (no occurrences in this cell)</p>")
    texts = dict(articles.select(pl.col("article_id").cast(pl.String), "text").iter_rows())
    rows = []
    for row in chosen.head(limit).iter_rows(named=True):
        text, start, end = texts[row["article_id"]], row["start"], row["end"]
        voice_label = "اقتباس (quoted)" if row["quoted"] else "السرد (narration)"
        rows.append(
            "<tr>"
            f'<td style="color: #555; font-size: 85%; max-width: 12em">{escape(row["_group"])}'
            f"<br>{escape(voice_label)}</td>"
            f'<td style="text-align: left">{escape(text[max(0, start - window) : start])}</td>'
            f'<td style="text-align: center; white-space: nowrap">'
            f"<mark>{escape(text[start:end])}</mark></td>"
            f'<td style="text-align: right">{escape(text[end : end + window])}</td>'
            "</tr>"
        )
    more = f"<p>… {chosen.height - limit} more</p>" if chosen.height > limit else ""
    head = f"<p>{chosen.height} occurrence(s)</p>"
    return head + rtl_block(f'<table class="tk-framing-kwic">{"".join(rows)}</table>') + more


def framing_explorer(
    terms: pl.DataFrame,
    articles: pl.DataFrame,
    *,
    referent: str = "us_presence",
    by: str = "source",
) -> LiveView:
    """Pick a referent, a voice (all, the outlet's narration, the quotations it carries), an
    outlet and a term: the chart of term shares by outlet, its table and the occurrences of
    the chosen cell in context. The note under the chart says when practice articles are
    included. The view has the CSS class ``tk-framing-explorer``.
    """
    referents = sorted(set(terms["referent"])) or [referent]
    if referent not in referents:
        referent = referents[0]
    grouped = _groups(terms, by, articles)
    synthetic = set(
        articles.filter(pl.col("synthetic").fill_null(False))["article_id"]
        if "synthetic" in articles.columns
        else []
    )

    def term_options(chosen: str) -> list[tuple[str, str]]:
        table = framing_table(terms, referent=chosen, by=by, articles=articles)
        order = table.group_by("term", "label").agg(pl.col("count").sum())
        order = order.sort(["count", "term"], descending=[True, False])
        return [(ALL, ALL), *order.select("label", "term").iter_rows()]

    picker = widgets.Dropdown(options=referents, value=referent, description="referent")
    term = widgets.Dropdown(options=term_options(referent), description="term")
    picker.observe(lambda change: setattr(term, "options", term_options(change["new"])), "value")
    outlets = [ALL, *sorted(set(grouped["_group"]))]

    def draw(referent: str, voice: str, outlet: str, term: str):
        chosen = terms.filter(pl.col("referent") == referent)
        note = SYNTHETIC_NOTE if set(chosen["article_id"]) & synthetic else ""
        chart = framing_chart(chosen, referent=referent, by=by, articles=articles,
                              voice="split" if voice == "all" else voice, note=note)  # fmt: skip
        table = framing_table(chosen, referent=referent, by=by, articles=articles, voice=voice)
        shown = table.select("group", "label", "count", pl.col("share").round(3))
        kwic = framing_kwic_html(
            chosen, articles, referent=referent, by=by, voice=voice,
            term=None if term == ALL else term, group=None if outlet == ALL else outlet,
        )  # fmt: skip
        return [chart, table_html(shown, rtl_columns=["group", "label"]), kwic]

    view = live(
        draw,
        referent=picker,
        voice=widgets.ToggleButtons(options=list(VOICES), description="voice"),
        outlet=widgets.Dropdown(options=outlets, description="outlet"),
        term=term,
    )
    view.add_class("tk-framing-explorer")
    return view
