"""The stance views: evidence as RTL HTML (escaped), the explorer, the charts."""

import polars as pl
import pytest

from toolkit.stance import classify_stance, party_stance

EVIL = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "</div><div>"]


@pytest.mark.parametrize("evil", EVIL)
def test_evidence_html_escapes_all_article_text(evil):
    from toolkit.views.stance import evidence_html

    text = f"قال مسؤول عراقي {evil} إن الحكومة تطالب بانسحاب القوات الأمريكية {evil}."
    articles = pl.DataFrame({"article_id": [f"a{evil}"], "text": [text]})
    out = evidence_html(classify_stance(articles), articles)
    assert evil not in out and "<script" not in out and "<img" not in out
    assert 'dir="rtl"' in out and 'lang="ar"' in out
    assert '<mark class="tk-cue"' in out and '<mark class="tk-speaker"' in out
    assert "speaker:cue" in out  # the rule is shown


def test_evidence_html_quotes_a_speaker_from_an_earlier_sentence():
    from toolkit.views.stance import evidence_html

    text = "قال مسؤول عراقي إن المحادثات ستستمر.\nوأضاف أن الحكومة تطالب بانسحاب القوات الأمريكية."
    articles = pl.DataFrame({"article_id": ["a"], "text": [text]})
    out = evidence_html(classify_stance(articles).filter(sentence_id=2), articles)
    assert "speaker named earlier" in out and "مسؤول عراقي</mark>" in out


def test_stance_explorer_controls_change_the_html(seed):
    from toolkit.views.stance import stance_explorer

    view = stance_explorer(classify_stance(seed), seed)
    everything = view.result
    view.controls["party"].value = "iraqi_parliament"
    parliament = view.result
    assert parliament != everything and "البرلمان العراقي" in parliament
    view.controls["stance"].value = "support"
    assert view.result != parliament and "0 claims" in view.result
    assert view.draws == 3


def test_party_chart_has_bilingual_names_and_no_missing_glyphs(seed):
    import warnings

    from toolkit.views.plots import figure_png
    from toolkit.views.stance import plot_party_stance

    summary = party_stance(classify_stance(seed))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = plot_party_stance(summary, note="note")
        png = figure_png(figure)
    assert png.startswith(b"\x89PNG") and png == figure_png(plot_party_stance(summary, note="note"))
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert "البرلمان العراقي (Iraqi parliament)" in labels
    assert len(figure.axes) == 2  # the diverging bars and the neutral panel
    english = plot_party_stance(summary, lang="en")
    assert "Iraqi parliament" in [t.get_text() for t in english.axes[0].get_yticklabels()]


def test_stance_over_time_needs_dates():
    from matplotlib.figure import Figure

    from toolkit.datasets import course_articles
    from toolkit.views.stance import stance_over_time

    articles = course_articles()
    claims = classify_stance(articles)
    figure = stance_over_time(claims, articles)
    assert isinstance(figure, Figure)
    assert "undated" in figure.get_supxlabel() and "synthetic" in figure.get_supxlabel()
    undated = articles.with_columns(published=None)
    assert "needs publication dates" in stance_over_time(claims, undated)
