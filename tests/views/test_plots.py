"""Chart text that matches the chart: axis units, whole words, legends of what is drawn,
no empty panels, points that do not hide each other."""

import datetime as dt
import itertools

import polars as pl
import pytest

from toolkit.figures import compare_figures, extract_figures
from toolkit.views.figures import plot_figure_intervals, plot_figure_timeline
from toolkit.views.plots import dodge, shorten, value_label
from toolkit.views.stance import plot_party_stance, stance_over_time


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Arabic-language report citing the Associated Press", 28, "Arabic-language report…"),
        ("وكالة أنباء المثال التدريبية للأخبار", 20, "وكالة أنباء المثال…"),
        ("short", 28, "short"),
        ("Supercalifragilisticexpialidocious words", 10, "Supercalifragilisticexpialidocious…"),
    ],
)
def test_shorten_cuts_at_a_word_boundary(text, width, expected):
    shortened = shorten(text, width)
    assert shortened == expected
    assert shortened.rstrip("…").split()[-1] in text.split()  # whole words only


def test_value_labels_say_what_is_counted():
    assert value_label("troops", ["soldier"]) == "number of soldiers (troops)"
    assert value_label("duration", ["month"]) == "duration (months)"
    assert "mixed units" in value_label("duration", ["day", "month"])
    assert value_label("percent", []) == "percent (%)"
    assert value_label("money", ["USD", None]) == "amount (USD)"
    assert "(soldier)" not in value_label("troops", ["soldier"])


def test_dodge_is_centred_and_evenly_spaced():
    offsets = dodge(4, 1000)
    assert sum(offsets) == pytest.approx(0)
    assert len({round(b - a, 9) for a, b in itertools.pairwise(offsets)}) == 1
    assert dodge(1, 1000) == [0.0]


def _legend_texts(figure) -> list[str]:
    return [t.get_text() for legend in figure.legends for t in legend.get_texts()] + [
        t.get_text() for ax in figure.axes if ax.get_legend() for t in ax.get_legend().get_texts()
    ]


def _comparison(*texts: str, dates=None) -> pl.DataFrame:
    articles = pl.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "text": list(texts),
            "published": dates or [None] * len(texts),
        }
    )
    return compare_figures(extract_figures(articles), kind="troops", articles=articles)


def test_interval_chart_names_its_unit_and_lists_only_the_marks_drawn():
    figure = plot_figure_intervals(_comparison("نحو 2500 جندي أمريكي.", "أكثر من 300 جندي."))
    assert figure.axes[0].get_xlabel() == "number of soldiers (troops)"
    legend = " ".join(_legend_texts(figure))
    assert "approx" in legend and "more than" in legend
    for absent in ("range", "additional", "disagrees", "derived", "exact"):
        assert absent not in legend, absent
    exact = plot_figure_intervals(_comparison("بقي 2500 جندي أمريكي."))
    assert " ".join(_legend_texts(exact)).startswith("exact")


def test_interval_chart_labels_keep_whole_words():
    source = "Arabic-language report citing the Associated Press"
    articles = pl.DataFrame(
        {"article_id": ["a"], "text": ["نحو 2500 جندي أمريكي."], "source": [source]}
    )
    comparison = compare_figures(extract_figures(articles), kind="troops", articles=articles)
    label = plot_figure_intervals(comparison).axes[0].get_yticklabels()[0].get_text()
    assert "Arabic-language report…" in label and "citi…" not in label


def test_timeline_axis_has_units_and_a_legend_of_the_marker_shapes_drawn():
    days = [dt.date(2020, 1, 6), dt.date(2020, 3, 1)]
    figure = plot_figure_timeline(
        _comparison("نحو 5200 جندي أمريكي.", "أكثر من 3000 جندي أمريكي.", dates=days)
    )
    assert figure.axes[0].get_ylabel() == "number of soldiers (troops)"
    legend = _legend_texts(figure)
    assert "about" in legend and "more than / at least" in legend
    assert "exact" not in legend and "range" not in legend


def _summary(**counts) -> pl.DataFrame:
    row = {"party": "iran", "support": 0, "oppose": 0, "mixed": 0, "neutral": 0} | counts
    return pl.DataFrame([row])


def test_party_chart_draws_no_empty_neutral_panel_and_no_legend_for_absent_labels():
    without = plot_party_stance(_summary(oppose=2))
    assert len(without.axes) == 1
    legend = _legend_texts(without)
    assert legend == ["oppose / رفض"]
    with_neutral = plot_party_stance(_summary(oppose=2, mixed=1, neutral=3))
    assert len(with_neutral.axes) == 2
    assert sorted(_legend_texts(with_neutral)) == ["mixed / مختلط", "oppose / رفض"]


def test_stance_over_time_dodges_parties_of_the_same_month_and_says_so():
    text = "دعا التيار الصدري إلى انسحاب القوات الأمريكية. وأكد البرلمان العراقي رفضه بقاء القوات الأمريكية."
    articles = pl.DataFrame(
        {"article_id": ["a"], "text": [text], "published": [dt.date(2021, 5, 1)]}
    )
    from toolkit.stance import classify_stance

    claims = classify_stance(articles)
    assert claims.filter(pl.col("stance") != "neutral")["party"].n_unique() >= 2
    figure = stance_over_time(claims, articles)
    ax = figure.axes[0]
    xs = [tuple(c.get_offsets()[:, 0]) for c in ax.collections]
    assert len(xs) >= 2 and len(set(xs)) == len(xs)  # each party at its own x
    assert "dodged" in figure.get_supxlabel()


def test_framing_chart_group_labels_keep_whole_words():
    from toolkit.framing import extract_framing
    from toolkit.views.framing import framing_chart

    english = "Teaching Bridge Network of Constructed Practice Reports"
    articles = pl.DataFrame(
        {
            "article_id": ["a"],
            "text": ["ندد البيان بالاحتلال الأمريكي."],
            "source": ["شبكة"],
            "source_en": [english],
        }
    )
    chart = framing_chart(extract_framing(articles), referent="us_presence", articles=articles)
    labels = [t.get_text() for ax in chart.axes for t in ax.get_yticklabels()]
    labels = [label for label in labels if "(" in label]
    assert labels and all("…" in label for label in labels)
    for label in labels:
        kept = label.split("(", 1)[1].rstrip(")").rstrip("…")
        assert english.startswith(kept) and english[len(kept)] == " ", label


def test_frequency_chart_says_what_is_counted():
    from toolkit.views.text import frequency_chart

    freq = pl.DataFrame({"term": ["القوات", "العراق"], "count": [5, 3]})
    axis = frequency_chart(freq).axes[0]
    assert axis.get_xlabel() == "occurrences (tokens)"
    assert [t.get_text() for t in axis.get_yticklabels()] != []
