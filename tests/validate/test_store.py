"""The annotation store: append-only JSON lines, the last answer wins, nothing in the repo."""

import json
import re
from pathlib import Path

import polars as pl
import pytest

from toolkit.validate import (
    AnnotationStore,
    annotation_folder,
    annotator_path,
    check_answers,
    read_answers,
)

REPO = Path(__file__).resolve().parents[2]
UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_an_answer_is_one_json_line_written_at_once(tmp_path):
    store = AnnotationStore(tmp_path / "a.jsonl")
    record = store.append(item="stance:a:1:iran", annotator="  Layla ", label="oppose",
                          note="clear", sentence_sha256="ab", kind="stance", reading="mixed")  # fmt: skip
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    written = json.loads(lines[0])
    assert written == record
    assert UTC_TIME.match(written["time"])
    assert written["annotator"] == "Layla"  # trimmed
    assert {k: written[k] for k in ("item", "label", "note", "sentence_sha256")} == {
        "item": "stance:a:1:iran", "label": "oppose", "note": "clear", "sentence_sha256": "ab"}  # fmt: skip


def test_the_last_answer_per_item_and_annotator_wins(tmp_path):
    path = tmp_path / "answers.jsonl"
    store = AnnotationStore(path)
    for annotator, label in [("a", "oppose"), ("b", "neutral"), ("a", "mixed")]:
        store.append(item="x", annotator=annotator, label=label, sentence_sha256="h")
    store.append(item="y", annotator="a", label="support", sentence_sha256="h")
    latest = read_answers(path)
    assert latest.select("item", "annotator", "label").rows() == [
        ("x", "a", "mixed"), ("x", "b", "neutral"), ("y", "a", "support")]  # fmt: skip
    assert read_answers(path, all_answers=True).height == 4
    assert latest.filter(item="x", annotator="a")["line"].item() == 3


def test_a_line_cut_short_by_a_crash_is_skipped_and_the_next_answer_is_kept(tmp_path):
    path = tmp_path / "a.jsonl"
    store = AnnotationStore(path)
    store.append(item="x", annotator="a", label="oppose", sentence_sha256="h")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"time": "2026-11-30T10:00:00.000Z", "item": "y", "annot')  # the crash
    store.append(item="z", annotator="a", label="support", sentence_sha256="h")
    with pytest.warns(UserWarning, match="skipped 1 unreadable line"):
        latest = read_answers(path)
    assert latest["item"].to_list() == ["x", "z"]


def test_reading_a_folder_and_several_files(tmp_path):
    for name in ("a", "b"):
        AnnotationStore(tmp_path / f"{name}.jsonl").append(
            item="x", annotator=name, label="oppose", sentence_sha256="h"
        )
    assert read_answers(tmp_path)["annotator"].to_list() == ["a", "b"]
    assert read_answers([tmp_path / "a.jsonl", tmp_path / "b.jsonl"]).height == 2
    assert read_answers(tmp_path / "none.jsonl").is_empty()


def test_where_answers_go(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATIONS", str(tmp_path / "env"))
    assert annotation_folder() == (tmp_path / "env").resolve()
    assert annotation_folder(tmp_path / "given") == (tmp_path / "given").resolve()
    monkeypatch.delenv("ANNOTATIONS")
    temporary = annotation_folder()
    assert temporary == annotation_folder()  # one per process
    assert not temporary.is_relative_to(REPO)
    assert annotator_path("ليلى ك.", tmp_path).name == "ليلى_ك_.jsonl"
    with pytest.raises(ValueError, match="needs a name"):
        annotator_path("  ", tmp_path)


def test_a_folder_inside_the_repository_is_warned_about(tmp_path):
    if not (REPO / ".git").exists():
        pytest.skip("not a clone")
    inside = REPO / "build" / "test-annotations-warning"
    try:
        with pytest.warns(UserWarning, match="inside the toolkit's repository"):
            annotation_folder(inside)
    finally:
        inside.rmdir()


def test_check_answers_flags_changed_sentences():
    sample = pl.DataFrame({"item": ["x", "y"], "sentence_sha256": ["h1", "h2"]})
    answers = pl.DataFrame({"item": ["y", "x", "q"], "sentence_sha256": ["h2", "other", "h"]})
    assert check_answers(answers, sample)["status"].to_list() == ["ok", "changed", "not_in_sample"]
