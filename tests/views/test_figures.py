"""The figure views: the table, the interval chart, the timeline and the explorer."""

import warnings

import ipywidgets
import polars as pl
from matplotlib import font_manager
from matplotlib.figure import Figure

from toolkit.datasets import course_articles
from toolkit.figures import (
    compare_figures,
    extract_figures,
)
from toolkit.views.figures import (
    SYNTHETIC_NOTE,
    figure_explorer,
    figure_table_html,
    format_figure,
    plot_figure_intervals,
    plot_figure_timeline,
)
from toolkit.views.plots import ARABIC_FONT

# --------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------

EVIL = '<script>alert("x")</script>'


def test_table_escapes_article_text_and_marks_the_figure():
    articles = pl.DataFrame(
        {
            "article_id": ["e"],
            "source": [EVIL],
            "text": [f"قال {EVIL} إن نحو 2500 جندي <b>أمريكي</b> بقوا."],
        }
    )
    html = figure_table_html(extract_figures(articles), articles)
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;" in html
    assert 'dir="rtl" lang="ar"' in html
    assert ">نحو 2500 جندي</mark>" in html


def test_table_says_when_practice_articles_are_included():
    articles = course_articles()
    figures = extract_figures(articles)
    assert SYNTHETIC_NOTE in figure_table_html(figures, articles)
    seed_only = articles.filter(~pl.col("synthetic"))
    assert SYNTHETIC_NOTE not in figure_table_html(extract_figures(seed_only), seed_only)


def test_format_figure():
    assert format_figure({"qualifier": "more_than", "value": 300.0}) == ">300"
    assert (
        format_figure({"qualifier": "vague", "value": 20.0, "low": 20.0, "high": 99.0}) == "20–99"
    )
    assert (
        format_figure({"kind": "date", "qualifier": "exact", "year": 2021, "month": 12, "day": 31})
        == "2021-12-31"
    )


def _annotations(figure: Figure) -> list:
    return [a for a in figure.axes[0].texts if getattr(a, "arrow_patch", None) is not None]


def test_interval_chart_draws_each_qualifier():
    articles = course_articles()
    comparison = compare_figures(extract_figures(articles), articles=articles)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing Arabic glyph would warn
        figure = plot_figure_intervals(comparison, note=SYNTHETIC_NOTE)
        figure.canvas.draw()
    ax = figure.axes[0]
    assert isinstance(figure, Figure) and figure.get_layout_engine() is not None
    assert len(ax.get_yticklabels()) == comparison.height
    open_ends = comparison.filter(
        pl.col("qualifier").is_in(["more_than", "at_least", "less_than", "at_most"])
    ).height
    assert len(_annotations(figure)) == open_ends
    hatched = [p for p in ax.patches if p.get_hatch() == "//"]
    assert len(hatched) == comparison.filter("additional").height
    labels = " ".join(t.get_text() for t in ax.get_yticklabels())
    assert "NATO" in labels and "حلف شمال الأطلسي" in labels
    assert figure._suptitle.get_text() == SYNTHETIC_NOTE
    font = font_manager.findfont(
        font_manager.FontProperties(family=figure.axes[0].title.get_fontfamily())
    )
    assert ARABIC_FONT.replace(" ", "") in font.replace(" ", "")


def test_interval_chart_on_given_axes_and_timeline():
    articles = course_articles()
    comparison = compare_figures(extract_figures(articles), articles=articles)
    figure = Figure(layout="constrained")
    ax = figure.subplots()
    assert plot_figure_intervals(comparison.head(3), ax=ax) is figure
    timeline = plot_figure_timeline(comparison)
    dated = comparison.filter(
        pl.col("published").is_not_null() & ~pl.col("derived") & ~pl.col("additional")
    )
    markers = [line for line in timeline.axes[0].lines if line.get_marker() not in (None, "None")]
    assert len(markers) == dated.height
    assert "undated" in timeline.axes[0].get_title()


def test_explorer_redraws_on_control_changes():
    articles = course_articles()
    view = figure_explorer(extract_figures(articles), articles)
    html, chart, table = view.result, view.last["chart"], view.last["table"]
    assert isinstance(chart, Figure) and "<table" in table
    assert html.startswith('<img src="data:image/png;base64,') and table in html
    # rendered in an HTML widget, not an Output widget (headless runs: nbclient#312)
    assert view.children[-1] is view.output and view.output.value == html
    assert not any(isinstance(child, ipywidgets.Output) for child in view.children)
    draws = view.draws
    view.controls["subject"].value = "nato"
    assert view.draws == draws + 1 and view.result != html and view.output.value == view.result
    assert len(view.last["chart"].axes[0].get_yticklabels()) < len(chart.axes[0].get_yticklabels())
    assert "US administration" not in view.last["table"] and "NATO" in view.last["table"]
    view.controls["subject"].value = "us_administration"
    view.controls["band"].value = 0.05
    assert view.last["comparison"]["disagrees"].sum() == 2  # 2,500 v 3,000 at ±5%
    view.controls["band"].value = 0.1
    assert not view.last["comparison"]["disagrees"].any()  # they overlap at ±10%
    assert view.draws == draws + 4
    view.controls["subject"].value = "(all)"
    view.controls["kind"].value = "percent"
    assert "percent" in view.last["table"] and "%" in view.last["table"]
    view.controls["kind"].value = "troops"
    view.controls["article"].value = "synthetic-14"
    view.controls["subject"].value = "nato"
    assert view.result == "<p>No figures match these filters.</p>" and view.last == {}


def test_explorer_table_shows_at_most_table_rows_and_says_so(monkeypatch):
    import toolkit.views.figures as views

    articles = course_articles()
    figures = extract_figures(articles)
    troops = figures.filter(pl.col("kind") == "troops").height
    monkeypatch.setattr(views, "TABLE_ROWS", 3)
    view = figure_explorer(figures, articles)
    table = view.last["table"]
    assert table.count("<tr") == 1 + 3  # the header row and three figures
    assert f"the first 3 of {troops} figures" in table
    assert view.last["comparison"].height >= troops  # every figure is still compared
