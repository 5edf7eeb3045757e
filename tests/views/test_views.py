"""HTML escaping, Arabic fonts in charts, and the live-widget pattern."""

import warnings

import ipywidgets as widgets
import polars as pl
import pytest
from matplotlib import font_manager

from toolkit.views.html import highlight, kwic_html, rtl_block, table_html
from toolkit.views.plots import ARABIC_FONT, bar_chart, figure_png, use_arabic_font
from toolkit.views.text import kwic_explorer, normalization_explorer
from toolkit.views.widgets import live

EVIL = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "</div><div>",
    "&amp; &lt;",
]


@pytest.mark.parametrize("evil", EVIL)
def test_highlight_escapes_article_text(evil):
    text = f"قال {evil} بايدن"
    start = text.index("بايدن")
    out = highlight(text, [{"start": start, "end": start + 5, "kind": "PERSON", "title": evil}])
    assert evil not in out
    assert "<script" not in out and "<img" not in out and "</div><div>" not in out
    assert "<mark" in out and "بايدن</mark>" in out


@pytest.mark.parametrize("evil", EVIL)
def test_tables_and_kwic_escape(evil):
    frame = pl.DataFrame({"left": [evil], "match": ["العراق"], "right": [evil]})
    for out in (kwic_html(frame), table_html(frame, rtl_columns=["left"])):
        assert evil not in out and "<script" not in out and "<img" not in out


def test_rtl_block_sets_direction_and_language():
    out = rtl_block("x")
    assert 'dir="rtl"' in out and 'lang="ar"' in out


def test_arabic_font_resolves_and_no_glyph_is_missing():
    assert use_arabic_font() == ARABIC_FONT
    found = font_manager.findfont(font_manager.FontProperties(family=ARABIC_FONT))
    assert "NotoSansArabic" in found
    frame = pl.DataFrame({"label": ["الناتو (NATO)", "العراق", "2500 جندي"], "n": [3, 2, 1]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = figure_png(bar_chart(frame, label="label", value="n", title="الكيانات"))
    assert png.startswith(b"\x89PNG")
    assert figure_png(bar_chart(frame, label="label", value="n")) == figure_png(
        bar_chart(frame, label="label", value="n")
    )


def test_live_view_redraws_on_change():
    calls = []

    def draw(n, word):
        calls.append((n, word))
        return f"{word}:{n}"

    view = live(draw, n=widgets.IntSlider(value=1), word=widgets.Text(value="أ"))
    assert view.result == "أ:1" and view.draws == 1
    view.controls["n"].value = 4
    view.controls["word"].value = "ب"
    assert view.result == "ب:4" and view.draws == 3
    assert calls[-1] == (4, "ب")


def test_normalization_explorer_checkboxes_change_the_output():
    view = normalization_explorer("العَـــراق ٢٠٢٠")
    assert "العراق 2020" in view.result
    view.controls["digits"].value = False
    assert "العراق ٢٠٢٠" in view.result
    view.controls["tatweel"].value = False
    assert "العـــراق" in view.result


def test_kwic_explorer_search_box(seed):
    view = kwic_explorer(seed, term="العراق")
    first = view.result
    assert "العراق" in first and 'dir="rtl"' in first
    view.controls["term"].value = "الناتو"
    assert view.result != first and "الناتو" in view.result


def test_entity_explorer_filters_change_the_chart(seed):
    from toolkit.entities import extract_entities
    from toolkit.views.entities import entity_explorer, reading_explorer

    articles = seed.with_columns(synthetic=False)
    mentions = extract_entities(articles)
    view = entity_explorer(mentions, articles, top=5)

    def bars(figure):
        return [round(p.get_width()) for p in figure.axes[0].patches]

    def labels(figure):
        return [t.get_text() for t in figure.axes[0].get_yticklabels()]

    assert len(bars(view.result)) == 5 and max(bars(view.result)) == 8  # Iraq, 8 mentions
    view.controls["party"].value = "nato"
    assert all("NATO" in label or "Stoltenberg" in label for label in labels(view.result))
    view.controls["lang"].value = "en"
    assert "NATO" in labels(view.result)
    view.controls["label"].value = "LOC"
    view.controls["party"].value = "iran"
    assert "No mentions" in view.result

    reader = reading_explorer(mentions, articles)
    assert reader.result.count("<mark") == mentions.height
    assert 'title="Joe Biden · PERSON · us_administration"' in reader.result


def test_live_view_shows_figures_as_embedded_png_in_one_html_value():
    from toolkit.views.text import frequency_chart

    frame = pl.DataFrame({"term": ["العراق", "الناتو"], "count": [3, 1]})
    view = live(lambda top: frequency_chart(frame, top=top), top=widgets.IntSlider(value=2))
    assert view.output.value.startswith('<img src="data:image/png;base64,')
    first = view.output.value
    view.controls["top"].value = 1
    assert view.output.value != first and len(view.result.axes[0].patches) == 1


def test_kwic_explorer_window_slider_shows_what_kwic_gives():
    from toolkit.arabic import kwic
    from toolkit.datasets import course_articles
    from toolkit.views.html import kwic_html
    from toolkit.views.text import kwic_explorer

    articles = course_articles()
    view = kwic_explorer(articles, term="القوات")
    for window in (10, 120, 30):
        view.controls["window"].value = window
        lines = kwic(articles, "القوات", window=window)
        assert lines.height > 0
        assert view.result == f"<p>{lines.height} matches</p>" + kwic_html(lines.head(50))
    view.controls["term"].value = "العراق"
    lines = kwic(articles, "العراق", window=30)
    assert view.result == f"<p>{lines.height} matches</p>" + kwic_html(lines.head(50))


def test_frequency_per_tokens_equals_entity_frequency_per_token_frame():
    import toolkit as tk
    from toolkit.datasets import course_articles
    from toolkit.views.entities import frequency_per_tokens

    articles = course_articles()
    tokens = tk.tokenize(articles)
    mentions = tk.extract_entities(articles)
    total = tokens.filter(pl.col("kind") != "punct").height
    for merge in (True, False):
        expected = tk.entity_frequency(mentions, merge=merge, per=tokens)
        got = frequency_per_tokens(mentions, merge=merge, tokens=total)
        assert got.equals(expected)
        assert got["per_1000"].sum() > 0
    chosen = mentions.filter(pl.col("label") == mentions["label"][0])
    assert frequency_per_tokens(chosen, tokens=total).equals(
        tk.entity_frequency(chosen, per=tokens)
    )
