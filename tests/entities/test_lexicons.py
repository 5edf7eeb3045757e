"""An edited lexicon (gazetteer, titles, clitics, stopwords, parties) is used by the next
extract_entities call in the same process, on both paths, and clear_caches forgets the memos."""

from __future__ import annotations

import csv
import io
import os
import time

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import toolkit
from toolkit.entities import extract_entities
from toolkit.entities.chunk import splits_for
from toolkit.entities.reference import extract_entities_reference
from toolkit.lexicons import Lexicons, clitic_splitter

PATHS = pytest.mark.parametrize(
    "extract", [extract_entities, extract_entities_reference], ids=["fast", "reference"]
)


def frame(text: str) -> pl.DataFrame:
    return pl.DataFrame({"article_id": ["a"], "text": [text]})


def _touch(path) -> None:
    later = time.time_ns() + 2_000_000_000  # a later mtime, whatever the clock's resolution
    os.utime(path, ns=(later, later))


def _append(path, line: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(line + "\n")
    _touch(path)


def _add_alias(path, entity_id: str, alias: str) -> None:
    """Add an alias to one row of an entities file (the file stays a valid CSV)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    column = rows[0].index("aliases")
    for row in rows[1:]:
        if row and row[0] == entity_id:
            row[column] += "|" + alias
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    _touch(path)


@pytest.fixture
def edited(tmp_path) -> Lexicons:
    return Lexicons().snapshot(tmp_path / "lexicons")


@PATHS
def test_an_edited_gazetteer_copy_is_used_by_the_next_call(edited, extract):
    text = frame("وقالت قيادة الحلف الشمالي إن")
    path = edited.path("entities.csv")
    assert "nato" not in extract(text, gazetteer=path)["entity"].to_list()
    _add_alias(path, "nato", "الحلف الشمالي")
    found = extract(text, gazetteer=path)
    assert found.filter(pl.col("entity") == "nato")["surface"].to_list() == ["الحلف الشمالي"]
    # Without gazetteer=, the gazetteer of the lexicon set is read.
    assert "nato" in extract(text, lexicons=edited)["entity"].to_list()
    assert "nato" not in extract(text)["entity"].to_list()  # the shipped file is unchanged


@PATHS
def test_an_edited_titles_copy_is_used_by_the_next_call(edited, extract):
    text = frame("وقال القائد حسن باقري إن")
    assert extract(text, lexicons=edited).filter(pl.col("method") == "pattern").is_empty()
    _append(edited.path("titles.csv"), "القائد,person_title,Commander,وقال القائد حسن باقري")
    found = extract(text, lexicons=edited).filter(pl.col("method") == "pattern")
    assert found["surface"].to_list() == ["حسن باقري"]
    assert extract(text).filter(pl.col("method") == "pattern").is_empty()


@PATHS
def test_an_edited_nisba_ending_is_used_by_the_next_call(edited, extract):
    # النجار is frequent enough for an ال-word with a nisba ending to be an adjective.
    text = frame("وقال الجنرال حسن النجار سليم إن")
    names = extract(text, lexicons=edited).filter(pl.col("method") == "pattern")
    assert names["surface"].to_list() == ["حسن النجار سليم"]
    _append(edited.path("titles.csv"), "جار,nisba_ending,test,النجار")
    names = extract(text, lexicons=edited).filter(pl.col("method") == "pattern")
    assert names["surface"].to_list() == ["حسن"]


@PATHS
def test_an_edited_clitics_copy_is_used_by_the_next_call(edited, extract):
    text = frame("العراق وإيران")
    assert extract(text, lexicons=edited)["surface"].to_list() == ["العراق", "إيران"]
    _append(edited.path("clitics.csv"), "وإيران,guard,test: kept whole,")
    assert extract(text, lexicons=edited)["surface"].to_list() == ["العراق"]
    assert extract(text)["surface"].to_list() == ["العراق", "إيران"]


@PATHS
def test_an_edited_stopwords_copy_is_used_by_the_next_call(edited, extract):
    text = frame("وقال الجنرال حسن باقري إن")
    names = extract(text, lexicons=edited).filter(pl.col("method") == "pattern")
    assert names["surface"].to_list() == ["حسن باقري"]
    _append(edited.path("stopwords.csv"), "حسن,function,test")
    assert extract(text, lexicons=edited).filter(pl.col("method") == "pattern").is_empty()


@PATHS
def test_the_gazetteer_parties_come_from_the_lexicon_set(edited, extract):
    _append(edited.path("parties.csv"), "test_party,حزب,Test party,A party for a test.")
    _append(
        edited.path("entities.csv"), "test_person,فلان الفلاني,Test,PERSON,test_party,فلان الفلاني,"
    )
    found = extract(frame("قال فلان الفلاني"), lexicons=edited)
    assert found.select("entity", "party").rows() == [("test_person", "test_party")]


def test_both_paths_agree_on_edited_lexicons(edited):
    _append(edited.path("titles.csv"), "القائد,person_title,Commander,وقال القائد حسن باقري")
    _append(edited.path("clitics.csv"), "وإيران,guard,test,")
    _add_alias(edited.path("entities.csv"), "nato", "الحلف الشمالي")
    text = frame("وقال القائد حسن باقري إن الحلف الشمالي وإيران وبإيران")
    fast = extract_entities(text, lexicons=edited)
    assert_frame_equal(fast, extract_entities_reference(text, lexicons=edited))
    assert fast["surface"].to_list() == ["حسن باقري", "الحلف الشمالي", "إيران"]


def test_clear_caches_forgets_the_fast_path_memos():
    text = frame("العراق وإيران وبالعراق")
    before = extract_entities(text)
    memo = splits_for(clitic_splitter())
    assert splits_for(clitic_splitter()) is memo  # one memo per splitter
    assert len(memo.table[0])
    toolkit.clear_caches()
    assert splits_for(clitic_splitter()) is not memo
    assert_frame_equal(extract_entities(text), before)
