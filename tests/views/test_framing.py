"""The framing views: the chart of term shares, its table, the KWIC drill-down, the explorer."""

import warnings

import polars as pl
import pytest
from matplotlib import font_manager

from toolkit import extract_framing
from toolkit.datasets import course_articles
from toolkit.views.framing import (
    SYNTHETIC_NOTE,
    framing_chart,
    framing_explorer,
    framing_kwic_html,
    framing_table,
)
from toolkit.views.plots import ARABIC_FONT, figure_png

EVIL = '<script>alert("x")</script>'
ARTICLES = pl.DataFrame(
    {
        "article_id": ["a", "b", "c"],
        "source": ["الجبهة", "الجبهة", EVIL],
        "source_en": ["Front (practice source)", None, None],
        "text": [
            "ندد البيان بالاحتلال الأمريكي. وقال إن «الاحتلال» سيرحل.",
            f"أكد المتحدث أن الوجود الأمريكي مرفوض {EVIL}.",
            "ناقش الوفد الوجود الأمريكي والشراكة الأمنية.",
        ],
    }
)


def panels(figure) -> list[str]:
    return [ax.get_title() for ax in figure.axes if ax.get_label() != "legend"]


def legend_of(figure) -> list[str]:
    (axis,) = [ax for ax in figure.axes if ax.get_label() == "legend"]
    return [t.get_text() for t in axis.get_legend().get_texts()]


@pytest.fixture(scope="module")
def terms():
    return extract_framing(ARTICLES)


def test_the_table_of_a_referent(terms):
    table = framing_table(terms, referent="us_presence", articles=ARTICLES)
    assert table.columns == ["group", "term", "label", "frame", "count", "share", "referent_count"]
    assert set(table["group"]) == {"الجبهة (Front)", "الجبهة", EVIL}
    assert "الوجود الأمريكي (US presence)" in table["label"].to_list()
    quoted = framing_table(terms, referent="us_presence", articles=ARTICLES, voice="quoted")
    assert quoted.select("group", "label", "share").rows() == [
        ("الجبهة (Front)", "الاحتلال (the occupation)", 1.0)
    ]


def test_the_chart_draws_only_what_appears(terms):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no missing glyph, no layout warning
        split = framing_chart(terms, referent="us_presence", articles=ARTICLES, note=SYNTHETIC_NOTE)
        png = figure_png(split)
    assert png.startswith(b"\x89PNG")
    assert panels(split) == ["صوت المصدر (narration)", "اقتباس (quoted)"]
    legend = legend_of(split)
    assert sorted(legend) == sorted(
        ["الاحتلال (the occupation)", "الاحتلال الأمريكي (US occupation)",
         "الوجود الأمريكي (US presence)", "الشراكة الأمنية (security partnership)"]
    )  # fmt: skip
    assert split.get_supxlabel() == SYNTHETIC_NOTE
    narration = framing_chart(
        terms.filter(~pl.col("quoted")), referent="us_presence", articles=ARTICLES
    )
    assert panels(narration) == ["صوت المصدر (narration)"]
    assert "الاحتلال (the occupation)" not in legend_of(narration)
    nothing = framing_chart(terms, referent="isis", articles=ARTICLES)
    assert "no occurrences of isis" in nothing.axes[0].texts[0].get_text()
    found = font_manager.findfont(font_manager.FontProperties(family=ARABIC_FONT))
    assert "NotoSansArabic" in found


def test_the_chart_is_the_same_every_time(terms):
    def draw():
        return figure_png(framing_chart(terms, referent="us_presence", articles=ARTICLES))

    assert draw() == draw()


def test_the_kwic_of_a_cell_is_escaped_right_to_left_html(terms):
    html = framing_kwic_html(terms, ARTICLES, referent="us_presence", term="وجود أمريكي*/أميركي*")
    assert "<script" not in html and "&lt;script&gt;" in html
    assert 'dir="rtl" lang="ar"' in html
    assert html.count("<mark>الوجود الأمريكي</mark>") == 2
    cell = framing_kwic_html(
        terms, ARTICLES, referent="us_presence", term="وجود أمريكي*/أميركي*", group="الجبهة"
    )
    assert cell.count("<mark>") == 1 and "1 occurrence(s)" in cell
    quoted = framing_kwic_html(terms, ARTICLES, referent="us_presence", voice="quoted")
    assert "اقتباس (quoted)" in quoted and "<mark>الاحتلال</mark>" in quoted
    empty = framing_kwic_html(terms, ARTICLES, referent="isis")
    assert "no occurrences" in empty


def test_the_explorer_reacts_to_each_control():
    articles = course_articles()
    terms = extract_framing(articles)
    view = framing_explorer(terms, articles)
    assert "tk-framing-explorer" in view._dom_classes
    first = view.output.value
    assert view.result[0].get_supxlabel() == SYNTHETIC_NOTE
    view.controls["referent"].value = "armed_factions"
    assert view.output.value != first
    terms_offered = [value for _, value in view.controls["term"].options]
    assert "ميليشي*/مليشي*/ميلشي*" in terms_offered
    before = view.output.value
    view.controls["voice"].value = "quoted"
    assert view.output.value != before
    outlet = view.controls["outlet"].options[1]
    view.controls["outlet"].value = outlet
    view.controls["term"].value = terms_offered[1]
    kwic = view.result[2]
    assert 'dir="rtl" lang="ar"' in kwic
    assert "<script" not in view.output.value


def test_an_unknown_voice_is_an_error(terms):
    with pytest.raises(ValueError, match="voice must be"):
        framing_table(terms, referent="us_presence", articles=ARTICLES, voice="both")
