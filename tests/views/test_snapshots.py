"""Each interactive view displays a static snapshot beside its live widget, for HTML exports.

The snapshot is the ``text/html`` of the widget's display bundle: what the view shows, with
article text escaped and set right to left. The article used here carries a ``<script>`` after
every «العراق», so the tests see where article text lands in each snapshot.
"""

from __future__ import annotations

import doctest
import importlib
import tempfile
from html.parser import HTMLParser

import ipywidgets as widgets
import polars as pl
import pytest

from toolkit.datasets import seed_articles
from toolkit.views.widgets import control_text, live

EVIL = '<script>alert("x")</script>'
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
VOID = {"br", "img", "hr", "meta", "input", "wbr", "col", "area", "source"}


class _Texts(HTMLParser):
    """Every text node of an HTML fragment with the attributes of the elements around it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.texts: list[tuple[str, list[dict]]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data, [attrs for _, attrs in self.stack]))


def _parse(html: str) -> _Texts:
    parser = _Texts()
    parser.feed(html)
    parser.close()
    return parser


def _rtl(ancestors: list[dict]) -> bool:
    """The nearest ancestor with a ``dir`` says rtl, and the nearest with a ``lang`` says ar."""
    direction = next((a["dir"] for a in reversed(ancestors) if "dir" in a), None)
    language = next((a["lang"] for a in reversed(ancestors) if "lang" in a), None)
    return direction == "rtl" and language == "ar"


@pytest.fixture(scope="module")
def articles():
    seed = seed_articles()
    return seed.with_columns(
        pl.col("text").str.replace_all("العراق", "العراق " + EVIL, literal=True),
        article_id=pl.lit("a&<b>1</b>"),
        synthetic=False,
    )


def _snapshot(view) -> str:
    bundle = view._repr_mimebundle_()
    assert WIDGET_VIEW in bundle, "the live widget is still displayed"
    return bundle["text/html"]


def _check(html: str, *, article_text: bool = True) -> _Texts:
    """The snapshot's article text is escaped (the script is text, not a tag) and RTL."""
    parsed = _parse(html)
    assert "script" not in parsed.tags and "<b>1</b>" not in html
    assert EVIL not in html and "<script" not in html.lower()
    assert parsed.texts, "the snapshot shows nothing"
    assert 'class="tk-snapshot"' in html
    if article_text:
        shown = [ancestors for text, ancestors in parsed.texts if "<script>" in text]
        assert shown, "no article text in the snapshot"
        assert all(_rtl(ancestors) for ancestors in shown), "article text outside dir=rtl lang=ar"
    return parsed


def test_a_live_view_shows_its_output_and_controls(articles):
    def first_words(words):
        from html import escape

        from toolkit.views.html import rtl_block

        return rtl_block(escape(" ".join(articles["text"][0].split()[:words])))

    view = live(first_words, words=widgets.IntSlider(value=40, description="<words>"))
    html = _snapshot(view)
    _check(html)
    assert view.output.value in html and "&lt;words&gt;: <bdi>40</bdi>" in html
    view.controls["words"].value = 3  # the snapshot follows the current state
    assert "<script>" not in "".join(t for t, _ in _parse(_snapshot(view)).texts)


def test_normalization_explorer(articles):
    from toolkit.views.text import normalization_explorer

    view = normalization_explorer(articles["text"][0][:400])
    parsed = _check(_snapshot(view))
    assert any(text.startswith("☑") for text, _ in parsed.texts)  # the checkboxes' state


def test_kwic_explorer(articles):
    from toolkit.views.text import kwic_explorer

    html = _snapshot(kwic_explorer(articles, term="العراق", window=60))
    _check(html)
    assert 'term: <bdi dir="rtl" lang="ar">العراق</bdi>' in html


def test_entity_and_reading_explorers(articles):
    from toolkit.entities import extract_entities
    from toolkit.views.entities import entity_explorer, reading_explorer

    mentions = extract_entities(articles)
    chart = _snapshot(entity_explorer(mentions, articles))
    _check(chart, article_text=False)
    assert '<img src="data:image/png;base64,' in chart  # the chart, embedded
    reading = _snapshot(reading_explorer(mentions, articles))
    _check(reading)
    assert "a&amp;&lt;b&gt;1&lt;/b&gt;" in reading  # the article id, escaped


def test_evidence_browser(articles):
    from toolkit.stance import classify_stance
    from toolkit.views.stance import stance_explorer

    _check(_snapshot(stance_explorer(classify_stance(articles), articles)))


def test_figure_explorer(articles):
    from toolkit.figures import extract_figures
    from toolkit.views.figures import figure_explorer

    view = figure_explorer(extract_figures(articles), articles)
    html = _snapshot(view)
    _check(html, article_text=False)
    assert '<img src="data:image/png;base64,' in html
    texts = [ancestors for text, ancestors in _parse(html).texts if "جندي" in text]
    assert texts and all(_rtl(ancestors) for ancestors in texts)


def test_framing_explorer(articles):
    from toolkit.framing import extract_framing
    from toolkit.views.framing import framing_explorer

    _check(_snapshot(framing_explorer(extract_framing(articles), articles)))


def test_annotation_widget_and_interval_explorer(articles):
    from toolkit.stance import classify_stance
    from toolkit.validate import sample_for_review
    from toolkit.views.validate import annotate, interval_explorer

    sample = sample_for_review(classify_stance(articles), n=40, seed=0)
    sample = sample.sort(pl.col("sentence").str.contains("<script>", literal=True), descending=True)
    with tempfile.TemporaryDirectory() as folder:
        view = annotate(sample, annotator="<me>", folder=folder)
        html = _snapshot(view)
        assert folder not in html  # where answers are saved is not part of the snapshot
    _check(html)
    assert "annotator: <bdi>&lt;me&gt;</bdi>" in html
    interval = _snapshot(interval_explorer(n=30, share=0.8))
    _check(interval, article_text=False)
    assert "Wilson interval" in interval


@pytest.mark.parametrize(
    ("control", "text"),
    [
        (widgets.Dropdown(options=[("الكل <all>", "x")], description="party"),
         'party: <bdi dir="rtl" lang="ar">الكل &lt;all&gt;</bdi>'),
        (widgets.Checkbox(value=False, description="حذف"), '☐ <bdi dir="rtl" lang="ar">حذف</bdi>'),
        (widgets.Button(description="next"), "[next]"),
        (widgets.IntProgress(value=2, max=5, description="done"), "done: <bdi>2 / 5</bdi>"),
        (widgets.Text(value="a&b", description="term"), "term: <bdi>a&amp;b</bdi>"),
    ],
)  # fmt: skip
def test_control_text(control, text):
    assert control_text(control) == text


def test_a_closed_widget_displays_nothing():
    view = live(lambda n: str(n), n=widgets.IntSlider(value=1))
    view.close()
    assert view._repr_mimebundle_ is None or view._repr_mimebundle_() is None


@pytest.mark.parametrize("name", ["toolkit.views.widgets", "toolkit.course"])
def test_the_examples_run(name, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, name
