"""Views of entity mentions: top-N chart, highlighted reading view, co-occurrence, explorer."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import polars as pl
from matplotlib.figure import Figure

from toolkit.entities import entity_cooccurrence, entity_frequency
from toolkit.views.html import LABEL_COLORS, highlight, rtl_block
from toolkit.views.plots import bar_chart, bilingual, rtl, use_arabic_font
from toolkit.views.widgets import LiveView, live

__all__ = [
    "MentionCounts",
    "cooccurrence_chart",
    "entity_chart",
    "entity_explorer",
    "frequency_per_tokens",
    "reading_explorer",
    "reading_html",
]

ALL = "(all)"


def _label(row: dict, lang: str) -> str:
    arabic = row.get("name_ar") or row.get("surface")
    english = row.get("name_en")
    if lang == "ar":
        return arabic or english or ""
    if lang == "en":
        return english or arabic or ""
    return bilingual(arabic, english)


def entity_chart(
    freq: pl.DataFrame, *, top: int = 15, lang: str = "both", note: str = ""
) -> Figure:
    """Bar chart of the ``top`` entities of :func:`toolkit.entity_frequency`.

    ``lang`` is ``"ar"``, ``"en"`` or ``"both"`` (Arabic name with the English gloss). Raw
    surface forms (``merge=False``) are labelled by their surface.
    """
    rows = freq.head(top).to_dicts()
    frame = pl.DataFrame(
        {"label": [_label(r, lang) for r in rows], "mentions": [r["mentions"] for r in rows]},
        schema={"label": pl.String, "mentions": pl.Int64},
    )
    return bar_chart(
        frame,
        label="label",
        value="mentions",
        title=f"الكيانات الأكثر ذكرا (top {top} entities)",
        xlabel="mentions",
        note=note,
        color="#2f7d5b",
    )


def reading_html(text: str, mentions: pl.DataFrame) -> str:
    """The article as RTL HTML with mentions marked by label; the English name on hover.

    The text is escaped before it becomes HTML. A legend explains the colours.
    """
    spans = [
        {
            "start": row["start"],
            "end": row["end"],
            "kind": row["label"],
            "title": " · ".join(
                x for x in (row["name_en"] or "new name (pattern)", row["label"], row["party"]) if x
            ),
        }
        for row in mentions.iter_rows(named=True)
    ]
    legend = " ".join(
        f'<span style="background: {LABEL_COLORS[label]}; padding: 0 4px">{label}</span>'
        for label in ("PERSON", "ORG", "GPE", "LOC")
    )
    return f"<p>{legend}</p>" + rtl_block(highlight(text, spans))


def cooccurrence_chart(mentions: pl.DataFrame, *, top: int = 10, note: str = "") -> Figure:
    """A heatmap: in how many sentences each pair of the ``top`` entities appears together."""
    use_arabic_font()
    freq = entity_frequency(mentions).head(top)
    ids = freq["entity"].to_list()
    names = [rtl(_label(r, "both")) for r in freq.to_dicts()]
    pairs = entity_cooccurrence(mentions).filter(
        pl.col("entity_a").is_in(ids) & pl.col("entity_b").is_in(ids)
    )
    position = {entity: i for i, entity in enumerate(ids)}
    grid = [[0] * len(ids) for _ in ids]
    for a, b, n in pairs.select("entity_a", "entity_b", "sentences").iter_rows():
        grid[position[a]][position[b]] = grid[position[b]][position[a]] = n
    figure = Figure(figsize=(8, 6.5), layout="constrained")
    ax = figure.subplots()
    image = ax.imshow(grid, cmap="Greens")
    ax.set_xticks(range(len(ids)), names, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(ids)), names, fontsize=8)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7)
    figure.colorbar(image, ax=ax, label="sentences with both")
    ax.set_title("ظهور الكيانات معا في الجملة نفسها (co-occurrence in a sentence)")
    if note:
        figure.supxlabel(note, fontsize=8, color="#555555")
    return figure


def _options(values) -> list[str]:
    return [ALL, *sorted(v for v in set(values) if v)]


def frequency_per_tokens(
    mentions: pl.DataFrame, *, merge: bool = True, tokens: int | None = None
) -> pl.DataFrame:
    """:func:`toolkit.entity_frequency` of ``mentions`` (no grouping) with ``per_1000``
    computed from a token count given once (the corpus's tokens other than punctuation), so
    a view does not count millions of tokens again at each change; equal to
    ``entity_frequency(mentions, merge=merge, per=tokens_frame)``."""
    freq = entity_frequency(mentions, merge=merge)
    if tokens is None:
        return freq
    return freq.with_columns(per_1000=pl.col("mentions") * 1000.0 / tokens)


class MentionCounts:
    """Mentions counted once by article and form, so that a view's filters and top-N chart
    answer without grouping every mention again at each change.

    The mentions are grouped by article, source, label, party, entity (with its names) and
    surface; entities, surfaces and articles become integer codes, numbered in sorted order,
    so a frequency table is a group-by over integers and the names are joined last.
    :meth:`frequency` equals :func:`frequency_per_tokens` of the filtered mentions (ties in
    the same order up to rows that tie on both ``mentions`` and the entity or surface).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> df = pl.DataFrame({"article_id": ["a", "b"], "text": ["زار بايدن بغداد", "قال بايدن"]})
    >>> counts = MentionCounts(extract_entities(df).with_columns(source=pl.lit("X")))
    >>> counts.frequency(counts.rows(source="X")).select("entity", "mentions", "documents").rows()
    [('joe_biden', 2, 2), ('baghdad', 1, 1)]
    """

    MERGED = ("entity", "name_ar", "name_en", "label", "party")
    RAW = ("surface", "label")

    def __init__(self, mentions: pl.DataFrame) -> None:
        def code(columns, name):
            key = mentions.select(columns).unique().sort(columns, nulls_last=False)
            return key.with_row_index(name, offset=0).with_columns(pl.col(name).cast(pl.Int64))

        self.merged = code(list(self.MERGED), "_m")
        self.raw = code(list(self.RAW), "_r")
        articles = code(["article_id"], "_a")
        filters = ["article_id", "source", "label", "party"]
        self.base = (
            mentions.select(list(dict.fromkeys([*filters, *self.MERGED, *self.RAW])))
            .join(self.merged, on=list(self.MERGED), how="left", nulls_equal=True)
            .join(self.raw, on=list(self.RAW), how="left", nulls_equal=True)
            .join(articles, on="article_id", how="left")
            .group_by(*filters, "_m", "_r", "_a")
            .agg(_n=pl.len())
        )

    def rows(self, **equal: str) -> pl.DataFrame:
        """The counted rows whose columns (``label``, ``party``, ``article_id``, ``source``)
        equal the values given."""
        chosen = self.base
        for column, value in equal.items():
            chosen = chosen.filter(pl.col(column) == value)
        return chosen

    def frequency(
        self, rows: pl.DataFrame | None = None, *, merge: bool = True, tokens: int | None = None
    ) -> pl.DataFrame:
        """The frequency table of ``rows`` (of :meth:`rows`; all by default), with
        ``per_1000`` from a count of ``tokens``."""
        code, names = ("_m", self.merged) if merge else ("_r", self.raw)
        counts = (
            (self.base if rows is None else rows)
            .group_by(code)
            .agg(mentions=pl.col("_n").sum().cast(pl.UInt32), documents=pl.col("_a").n_unique())
            .sort(["mentions", code], descending=[True, False])
            .join(names, on=code, how="left", maintain_order="left")
        )
        keys = list(self.MERGED if merge else self.RAW)
        counts = counts.select(*keys, "mentions", "documents")
        if tokens is None:
            return counts
        return counts.with_columns(per_1000=pl.col("mentions") * 1000.0 / tokens)


def entity_explorer(
    mentions: pl.DataFrame,
    articles: pl.DataFrame,
    *,
    tokens: pl.DataFrame | None = None,
    top: int = 12,
) -> LiveView:
    """Filters and a top-N chart of entities.

    Controls: label, party, article (or source, when the corpus has several), top-N, merged
    aliases vs raw surface forms, and Arabic/English/both names. The note under the chart
    says when constructed practice articles are included.
    """
    synthetic = (
        articles.filter(pl.col("synthetic"))["article_id"].implode()
        if "synthetic" in articles.columns
        else pl.Series([[]], dtype=pl.List(pl.String))
    )
    sources = dict(
        zip(articles["article_id"], articles["source"].fill_null("(unknown)"), strict=True)
    )
    mentions = mentions.with_columns(
        source=pl.col("article_id").replace_strict(sources, default="(unknown)")
    )
    total = None if tokens is None else tokens.filter(pl.col("kind") != "punct").height
    counts = MentionCounts(mentions)

    def draw(label, party, article, source, top, forms, lang):
        values = {"label": label, "party": party, "article_id": article, "source": source}
        equal = {column: value for column, value in values.items() if value != ALL}
        chosen = counts.rows(**equal)
        if chosen.is_empty():
            return "<p>No mentions match these filters.</p>"
        freq = counts.frequency(chosen, merge=forms == "merged", tokens=total)
        shown = chosen.filter(pl.col("article_id").is_in(synthetic))
        note = "includes constructed practice articles" if shown.height else ""
        return entity_chart(freq, top=top, lang=lang, note=note)

    return live(
        draw,
        label=widgets.Dropdown(options=_options(mentions["label"]), description="label"),
        party=widgets.Dropdown(options=_options(mentions["party"]), description="party"),
        article=widgets.Dropdown(options=_options(articles["article_id"]), description="article"),
        source=widgets.Dropdown(options=_options(sources.values()), description="source"),
        top=widgets.IntSlider(value=top, min=3, max=30, description="top N"),
        forms=widgets.ToggleButtons(options=["merged", "raw"], description="aliases"),
        lang=widgets.ToggleButtons(options=["both", "ar", "en"], description="names"),
    )


def reading_explorer(mentions: pl.DataFrame, articles: pl.DataFrame) -> LiveView:
    """Pick an article and read it with its entity mentions highlighted."""
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    titles = dict(zip(articles["article_id"], articles["title"].fill_null(""), strict=True))

    def draw(article):
        chosen = mentions.filter(pl.col("article_id") == article)
        header = (
            f"<p><b>{escape(article)} — <bdi>{escape(titles[article])}</bdi></b>: "
            f"{chosen.height} mentions</p>"
        )
        return header + reading_html(texts[article], chosen)

    options = [(f"{a} — {titles[a]}", a) for a in articles["article_id"]]
    return live(
        draw,
        article=widgets.Dropdown(
            options=options, description="article", layout=widgets.Layout(width="90%")
        ),
    )
