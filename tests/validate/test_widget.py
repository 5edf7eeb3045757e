"""The annotation widget, driven headless through the ipywidgets API (button.click())."""

import json

import polars as pl
import pytest

from toolkit.validate import ReviewSession, read_answers, sample_for_review, sample_sentences
from toolkit.views.validate import annotate, item_html


@pytest.fixture
def sample(claims):
    return sample_for_review(claims, n=5, by="stance", seed=0)


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_clicks_write_the_expected_json_lines(sample, folder):
    widget = annotate(sample, annotator="Layla")
    path = folder / "Layla.jsonl"
    assert widget.session.store.path == path
    assert not path.exists()  # nothing written before an answer
    first, second = sample.row(0, named=True), sample.row(1, named=True)
    widget.note.value = "a clear demand"
    widget.buttons["oppose"].click()
    assert widget.session.position == 1  # the next item is shown
    widget.buttons["neutral"].click()
    lines = _lines(path)
    assert [(r["item"], r["annotator"], r["label"]) for r in lines] == [
        (first["item"], "Layla", "oppose"), (second["item"], "Layla", "neutral")]  # fmt: skip
    assert lines[0]["note"] == "a clear demand" and lines[1]["note"] == ""
    assert lines[0]["sentence_sha256"] == first["sentence_sha256"]
    assert lines[0]["reading"] == first["reading"] and lines[0]["kind"] == "stance"
    assert widget.progress.value == 2 and "2 / 5" in widget.counter.value


def test_back_next_and_changing_an_answer(sample, folder):
    widget = annotate(sample, annotator="Layla")
    widget.buttons["support"].click()
    widget.back.click()
    assert widget.session.position == 0 and widget.back.disabled
    assert widget.buttons["support"].button_style == "info"  # the answer given is shown
    widget.buttons["mixed"].click()
    assert read_answers(folder)["label"].to_list() == ["mixed"]  # the last answer wins
    widget.next.click()
    widget.next.click()
    assert widget.session.position == 3


def test_wrong_party_needs_the_right_party(sample, folder):
    widget = annotate(sample, annotator="Layla")
    widget.buttons["wrong_party"].click()
    assert "choose the right party" in widget.status.value
    assert not (folder / "Layla.jsonl").exists()
    widget.party.value = "fatah_alliance"
    widget.buttons["wrong_party"].click()
    record = _lines(folder / "Layla.jsonl")[0]
    assert record["label"] == "wrong_party" and record["party"] == "fatah_alliance"


def test_a_note_changed_after_answering_is_saved(sample, folder):
    widget = annotate(sample, annotator="Layla")
    widget.buttons["oppose"].click()
    widget.back.click()
    widget.note.value = "on second thought: conditional"
    lines = _lines(folder / "Layla.jsonl")
    assert [(r["label"], r["note"]) for r in lines] == [
        ("oppose", ""), ("oppose", "on second thought: conditional")]  # fmt: skip


def test_a_restart_resumes_where_it_stopped(sample, folder):
    widget = annotate(sample, annotator="Layla")
    for label in ("oppose", "neutral", "support"):
        widget.buttons[label].click()
    del widget  # the kernel dies
    again = annotate(sample, annotator="Layla")
    assert again.session.position == 3
    assert again.session.progress() == (3, 5)
    assert "3 / 5" in again.counter.value
    other = annotate(sample, annotator="Omar")  # another annotator starts from the beginning
    assert other.session.position == 0 and other.session.progress() == (0, 5)
    other.annotator.value = "Layla"  # switching the name loads Layla's answers
    assert other.session.position == 3


def test_a_changed_sentence_is_flagged_not_silently_kept(sample, folder):
    widget = annotate(sample, annotator="Layla")
    widget.buttons["oppose"].click()
    widget.buttons["neutral"].click()
    edited = sample.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("a different sentence", pl.String))
        .otherwise(pl.col("sentence"))
        .alias("sentence")
    )
    from toolkit.validate import sentence_hash

    edited = edited.with_columns(
        sentence_sha256=pl.col("sentence").map_elements(sentence_hash, return_dtype=pl.String)
    )
    again = annotate(edited, annotator="Layla")
    assert again.session.flagged() == [sample["item"][0]]
    assert again.session.position == 0  # the flagged item is the first to do
    assert again.session.progress() == (1, 5)
    assert "the sentence changed" in again.status.value


def test_text_from_articles_is_escaped(sample):
    item = sample.row(0, named=True) | {
        "sentence": "<script>alert(1)</script> قال",
        "detail": "<b>",
    }
    item |= {"span_start": None, "speaker_start": None}
    html = item_html(item)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
    assert 'dir="rtl" lang="ar"' in html


def test_the_cue_and_speaker_are_highlighted(claims, folder):
    with_cue = claims.filter(
        pl.col("cue").is_not_null(), pl.col("speaker_start") >= pl.col("start")
    )
    sample = sample_for_review(with_cue, n=1, seed=0)
    widget = annotate(sample, annotator="Layla")
    assert 'class="tk-cue"' in widget.item.value and 'class="tk-speaker"' in widget.item.value


def test_whole_sentences_record_every_position(articles, folder):
    sample = sample_sentences(articles, n=3, parties=True, seed=0)
    widget = annotate(sample, annotator="Layla")
    assert "tk-annotation-sentence" in widget.item._dom_classes
    widget.party.value = "iran"
    widget.buttons["oppose"].click()
    widget.party.value = "nato"
    widget.buttons["neutral"].click()
    widget.party.value = "iran"
    widget.buttons["mixed"].click()  # replaces iran's position
    assert widget.session.positions() == [
        {"party": "nato", "stance": "neutral"}, {"party": "iran", "stance": "mixed"}]  # fmt: skip
    widget.party.value = "nato"
    widget.remove.click()
    widget.next.click()
    widget.buttons["none"].click()
    lines = _lines(folder / "Layla.jsonl")
    assert [r["label"] for r in lines] == ["positions", "positions", "positions", "positions",
                                           "none"]  # fmt: skip
    assert lines[3]["positions"] == [{"party": "iran", "stance": "mixed"}]
    assert ReviewSession(sample, annotator="Layla").progress() == (2, 3)


def test_headless_runs_write_to_the_annotations_folder(sample, folder):
    annotate(sample, annotator="Layla").buttons["support"].click()
    assert [p.name for p in folder.iterdir()] == ["Layla.jsonl"]


def test_blind_coding_hides_the_systems_reading(sample, folder):
    widget = annotate(sample, annotator="Layla", show_reading=False)
    shown = widget.item.value
    assert "the system read" not in shown and "judge:" in shown
    assert 'class="tk-cue"' not in shown
    widget.buttons["oppose"].click()
    # the reading is still stored with the answer, for the analysis
    assert read_answers(folder)["reading"].item() == sample["reading"][0]


def test_an_empty_sample_shows_a_message(claims, folder):
    widget = annotate(sample_for_review(claims.head(0), n=5), annotator="Layla")
    assert "empty" in widget.item.value
    assert widget.session.progress() == (0, 0)
