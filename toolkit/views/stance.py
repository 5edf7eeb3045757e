"""Views of stance claims: a diverging chart by party, the evidence as RTL HTML, an explorer,
and stance over time. They only read the frames of :mod:`toolkit.stance`."""

from __future__ import annotations

import datetime as dt
from html import escape

import ipywidgets as widgets
import polars as pl
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from toolkit.lexicons import STANCES, load_parties
from toolkit.stance import party_stance
from toolkit.views.html import LABEL_COLORS, highlight, rtl_block
from toolkit.views.plots import bilingual, dodge, rtl, use_arabic_font
from toolkit.views.widgets import LiveView, live

__all__ = [
    "STANCE_COLORS",
    "evidence_html",
    "plot_party_stance",
    "stance_explorer",
    "stance_over_time",
]

#: One colour per label, shared by the chart and the HTML (colour-blind safe).
STANCE_COLORS = {
    "oppose": "#d95f02",
    "mixed": "#7570b3",
    "support": "#1b9e77",
    "neutral": "#bdbdbd",
}
_STANCE_AR = {"support": "تأييد", "oppose": "رفض", "mixed": "موقف مختلط", "neutral": "محايد"}
_SPAN_COLORS = {**LABEL_COLORS, "limit": "#e5dbff"}
_NOTE_SYNTHETIC = "includes constructed practice articles (synthetic), not real news"
ALL = "(all)"


def _party_names(lang: str) -> dict[str, str]:
    parties = load_parties()
    names = {}
    for pid, arabic, english in parties.select("party_id", "name_ar", "name_en").iter_rows():
        names[pid] = {"ar": arabic, "en": english}.get(lang) or bilingual(arabic, english)
    return names


def _label(party: str, names: dict[str, str]) -> str:
    return rtl(names.get(party, party))


def plot_party_stance(
    summary: pl.DataFrame,
    ax: Axes | None = None,
    lang: str = "both",
    *,
    title: str = "المواقف من بقاء القوات الأمريكية (stance on US troops staying)",
    note: str = "",
) -> Figure:
    """A diverging bar chart of :func:`toolkit.party_stance`: oppose left, support right.

    Each party's mixed claims straddle zero; its neutral claims (it spoke or acted, but stated
    no position) are shown in a grey panel of their own, drawn only when there are some. The
    legend lists only the labels that have a bar. ``lang`` is ``"ar"``, ``"en"`` or
    ``"both"`` (Arabic name with the English gloss, from ``parties.csv``). ``note`` is printed
    under the chart (for example, that practice material is included). With ``ax``, the
    diverging bars are drawn there and neutral counts are written at the right edge.

    Examples
    --------
    >>> import polars as pl
    >>> summary = pl.DataFrame({"party": ["iran"], "support": [0], "oppose": [2],
    ...                         "mixed": [1], "neutral": [1]})
    >>> plot_party_stance(summary).axes[0].get_xlabel()
    'claims (oppose ← mixed → support)'
    """
    use_arabic_font()
    names = _party_names(lang)
    rows = summary.select("party", *STANCES).to_dicts()
    rows.sort(key=lambda r: (r["support"] - r["oppose"], r["party"]))
    labels = [_label(r["party"], names) for r in rows]
    neutral = any(r["neutral"] for r in rows)
    if ax is None:
        figure = Figure(figsize=(9, 0.45 * max(len(rows), 3) + 1.6), layout="constrained")
        if neutral:
            ax, side = figure.subplots(1, 2, sharey=True, width_ratios=[5, 1])
        else:
            ax, side = figure.subplots(), None
    else:
        figure, side = ax.figure, None
    positions = list(range(len(rows)))
    half = [r["mixed"] / 2 for r in rows]
    ax.barh(positions, [r["mixed"] for r in rows], left=[-h for h in half],
            color=STANCE_COLORS["mixed"], label=_legend_label(rows, "mixed", "mixed / مختلط"))  # fmt: skip
    ax.barh(positions, [-r["oppose"] for r in rows], left=[-h for h in half],
            color=STANCE_COLORS["oppose"], label=_legend_label(rows, "oppose", "oppose / رفض"))  # fmt: skip
    ax.barh(positions, [r["support"] for r in rows], left=half,
            color=STANCE_COLORS["support"], label=_legend_label(rows, "support", "support / تأييد"))  # fmt: skip
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(positions, labels)
    widest = max([r["oppose"] + r["mixed"] / 2 for r in rows] + [r["support"] + r["mixed"] / 2
                 for r in rows] + [1])  # fmt: skip
    ax.set_xlim(-widest - 0.5, widest + 0.5)
    ax.set_xlabel("claims (oppose ← mixed → support)")
    ax.set_title(title)
    if any(r[k] for r in rows for k in ("mixed", "oppose", "support")):
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    if side is not None:
        side.barh(positions, [r["neutral"] for r in rows], color=STANCE_COLORS["neutral"])
        side.set_xlabel("neutral / محايد")
        side.spines[["top", "right"]].set_visible(False)
    elif neutral:
        for y, row in zip(positions, rows, strict=True):
            ax.annotate(f"{row['neutral']} neutral", (1, y), xycoords=("axes fraction", "data"),
                        ha="right", va="center", fontsize=7, color="#555555")  # fmt: skip
    if note:
        figure.supxlabel(note, fontsize=8, color="#555555")
    return figure


def _legend_label(rows: list[dict], stance: str, label: str) -> str:
    """The legend label of a stance, or matplotlib's "no legend" label when it has no bar."""
    return label if any(r[stance] for r in rows) else "_nolegend_"


def _sentence_html(claim: dict, text: str, names: dict[str, str]) -> str:
    start, end = claim["start"], claim["end"]
    sentence = text[start:end]
    spans = [
        {"start": e["start"] - start, "end": e["end"] - start, "kind": e["kind"],
         "title": " · ".join(x for x in (e["kind"], e["polarity"], e["note"]) if x)}
        for e in claim["evidence"] or []
    ]  # fmt: skip
    speaker = None
    if claim["speaker_start"] is not None:
        if start <= claim["speaker_start"] and claim["speaker_end"] <= end:
            spans.append({"start": claim["speaker_start"] - start,
                          "end": claim["speaker_end"] - start, "kind": "speaker",
                          "title": f"speaker: {claim['party']}"})  # fmt: skip
        else:
            speaker = text[claim["speaker_start"] : claim["speaker_end"]]
    stance = claim["stance"]
    color = STANCE_COLORS.get(stance, "#eeeeee")
    meta = (
        f'<span style="background: {color}; color: white; padding: 0 6px; border-radius: 3px">'
        f"{escape(_STANCE_AR.get(stance, stance))} · {escape(stance)}</span> "
        f"<b>{escape(names.get(claim['party'], claim['party']))}</b> "
        f'<span dir="ltr" style="color: #555">{escape(claim["article_id"])} · '
        f"sentence {claim['sentence_id']} · score {claim['score']:+.2f} · "
        f"rule <code>{escape(claim['rule'])}</code></span>"
    )
    earlier = (
        f'<div style="color: #555">المتحدث مذكور قبل ذلك (speaker named earlier): '
        f'<mark class="tk-speaker" style="background: {_SPAN_COLORS["speaker"]}">'
        f"{escape(speaker)}</mark></div>"
        if speaker
        else ""
    )
    body = highlight(sentence, spans, colors=_SPAN_COLORS)
    return (
        f'<div class="tk-claim tk-{escape(stance)}" style="border-right: 4px solid {color}; '
        f'padding: 4px 8px; margin: 6px 0">{meta}<div>{body}</div>{earlier}</div>'
    )


def evidence_html(claims: pl.DataFrame, articles: pl.DataFrame, *, limit: int = 50) -> str:
    """The claims' sentences as right-to-left HTML, cue and speaker highlighted.

    Each claim shows its label, party, article, sentence, score and the rule that fired; the
    cues (``<mark class="tk-cue">``), role limits (``tk-limit``) and the speaker
    (``tk-speaker``) are marked in the sentence, and a speaker carried over from an earlier
    sentence is quoted under it. Every piece of article text is escaped. At most ``limit``
    claims are shown.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.stance import classify_stance
    >>> articles = pl.DataFrame({"article_id": ["a"], "text": ["دعا التيار الصدري إلى انسحاب القوات الأمريكية."]})
    >>> 'class="tk-cue"' in evidence_html(classify_stance(articles), articles)
    True
    """
    names = _party_names("both")
    shown = claims.head(limit)
    # only the texts of the claims shown become Python strings
    read = articles.filter(pl.col("article_id").is_in(shown["article_id"].implode()))
    texts = dict(read.select("article_id", "text").iter_rows())
    shown = shown.to_dicts()
    parts = [_sentence_html(c, texts[c["article_id"]], names) for c in shown]
    legend = " ".join(
        f'<span style="background: {_SPAN_COLORS[k]}; padding: 0 4px">{label}</span>'
        for k, label in (("cue", "cue / مؤشر"), ("limit", "limit / حد الدور"),
                         ("speaker", "speaker / المتحدث"))
    )  # fmt: skip
    more = (
        f"<p>… {claims.height - limit} more claims not shown</p>" if claims.height > limit else ""
    )
    if not parts:
        return rtl_block("<p>لا مواقف (no claims match)</p>")
    return f"<p>{legend}</p>" + rtl_block("".join(parts)) + more


def _is_synthetic(articles: pl.DataFrame, ids) -> bool:
    if "synthetic" not in articles.columns:
        return False
    flagged = articles.filter(pl.col("synthetic").fill_null(False))["article_id"]
    return bool(pl.Series(ids, dtype=pl.String).is_in(flagged.implode()).any())


def stance_explorer(claims: pl.DataFrame, articles: pl.DataFrame) -> LiveView:
    """Browse the evidence: choose a party and a stance; the sentences are shown as HTML.

    A note says when the shown claims come from constructed practice articles.
    """
    names = _party_names("both")
    parties = sorted(set(claims["party"]), key=lambda p: names.get(p, p))
    party_options = [(ALL, ALL)] + [(names.get(p, p), p) for p in parties]

    def draw(party, stance):
        chosen = claims
        if party != ALL:
            chosen = chosen.filter(pl.col("party") == party)
        if stance != ALL:
            chosen = chosen.filter(pl.col("stance") == stance)
        header = f"<p>{chosen.height} claims</p>"
        if _is_synthetic(articles, chosen["article_id"]):
            header += f"<p><i>{_NOTE_SYNTHETIC}</i></p>"
        return header + evidence_html(chosen, articles)

    return live(
        draw,
        party=widgets.Dropdown(options=party_options, value=ALL, description="party"),
        stance=widgets.ToggleButtons(options=[ALL, *STANCES], value=ALL, description="stance"),
    )


def stance_over_time(
    claims: pl.DataFrame,
    articles: pl.DataFrame,
    *,
    top: int = 6,
    lang: str = "both",
) -> Figure | str:
    """Each party's net stance by month (−1 oppose … +1 support), for the ``top`` parties.

    Marker size shows how many positions a month's value rests on. Parties that fall on the
    same month are *dodged*: each party's points are moved a few days sideways (the same
    offset all along its line), so that one point never hides another; the note under the
    chart says so. Without publication dates an HTML note is returned instead. Practice
    articles are flagged under the chart.
    """
    dated = articles.filter(pl.col("published").is_not_null()) if "published" in articles.columns else articles.clear()  # fmt: skip
    chosen = claims.filter(pl.col("article_id").is_in(dated["article_id"].implode()))
    if chosen.is_empty():
        return "<p>No dated articles with claims: stance over time needs publication dates.</p>"
    monthly = party_stance(chosen, by="month", articles=dated).filter(pl.col("net").is_not_null())
    ranking = party_stance(chosen).with_columns(positions=pl.col("claims") - pl.col("neutral"))
    parties = ranking.sort("positions", descending=True).head(top)["party"].to_list()
    use_arabic_font()
    names = _party_names(lang)
    figure = Figure(figsize=(9, 4.8), layout="constrained")
    ax = figure.subplots()
    parties = [p for p in parties if not monthly.filter(pl.col("party") == p).is_empty()]
    months = monthly["month"]
    span = (months.max() - months.min()).days if months.len() else 0
    offsets = dodge(len(parties), max(span, 60))
    for party, offset in zip(parties, offsets, strict=True):
        rows = monthly.filter(pl.col("party") == party).sort("month")
        days = [m + dt.timedelta(days=offset) for m in rows["month"].to_list()]
        sizes = [20 + 30 * (n - m) for n, m in zip(rows["claims"], rows["neutral"], strict=True)]
        line = ax.plot(days, rows["net"].to_list(), marker="", alpha=0.6)[0]
        ax.scatter(days, rows["net"].to_list(), s=sizes, alpha=0.85,
                   color=line.get_color(), label=_label(party, names))  # fmt: skip
    ax.axhline(0, color="#333333", linewidth=0.8)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_ylim(-1.15, 1.15)
    ax.set_ylabel("net stance (−1 oppose … +1 support)")
    ax.set_title("المواقف عبر الزمن (stance by month)")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    notes = ["points of one month are spread sideways by party (dodged) so none hides another"]
    if _is_synthetic(articles, chosen["article_id"]):
        notes.append(_NOTE_SYNTHETIC)
    undated = claims.filter(~pl.col("article_id").is_in(dated["article_id"].implode()))
    if not undated.is_empty():
        notes.append(f"{undated['article_id'].n_unique()} undated article(s) left out")
    figure.supxlabel("\n".join(notes), fontsize=8, color="#555555")
    return figure
