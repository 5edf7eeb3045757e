"""An edited lexicon is used by the next call, in the same process, without a restart."""

from __future__ import annotations

import os
import time

import polars as pl
import pytest

from toolkit import clear_caches, split_clitics, tokenize
from toolkit.lexicons import Lexicons, lexicon_path, load_entities, stopwords

ARTICLES = pl.DataFrame({"article_id": ["a"], "text": ["قال فلان إن وزيرا وصل بغداد"]})


def _append(path, line: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(line + "\n")
    later = time.time_ns() + 2_000_000_000  # a later mtime, whatever the clock's resolution
    os.utime(path, ns=(later, later))


@pytest.fixture
def edited_copy(tmp_path):
    return Lexicons().snapshot(tmp_path / "lexicons")


@pytest.fixture
def shipped_stopwords():
    """The shipped stopwords file, restored byte for byte after the test."""
    path = lexicon_path("stopwords.csv")
    original, info = path.read_bytes(), path.stat()
    yield path
    path.write_bytes(original)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    clear_caches()


def _flag(tokens: pl.DataFrame, token: str) -> bool:
    return tokens.filter(pl.col("token") == token)["is_stopword"].item()


def test_an_edited_copy_of_the_stopwords_is_used_by_the_next_call(edited_copy):
    assert not _flag(tokenize(ARTICLES, lexicons=edited_copy), "فلان")
    _append(edited_copy.path("stopwords.csv"), "فلان,function,test")
    assert _flag(tokenize(ARTICLES, lexicons=edited_copy), "فلان")
    assert not _flag(tokenize(ARTICLES), "فلان")  # the shipped list is unchanged


def test_an_edit_of_the_shipped_stopwords_is_used_by_the_next_call(shipped_stopwords):
    assert "فلان" not in stopwords()
    _append(shipped_stopwords, "فلان,function,test")
    assert "فلان" in stopwords()
    assert _flag(tokenize(ARTICLES), "فلان")


def test_an_edited_clitic_guard_is_used_by_the_next_call(edited_copy):
    assert [p[2] for p in split_clitics("والقوات", lexicons=edited_copy)] == ["و", "ال", "قوات"]
    _append(edited_copy.path("clitics.csv"), "والقوات,guard,a test,")
    assert [p[2] for p in split_clitics("والقوات", lexicons=edited_copy)] == ["والقوات"]


def test_an_edited_gazetteer_is_evidence_for_the_next_split(edited_copy):
    # an unknown name after a conjunction: no evidence, kept whole; once it is in the
    # gazetteer, the conjunction before it is split off
    assert [p[2] for p in split_clitics("وزوربيتش", lexicons=edited_copy)] == ["وزوربيتش"]
    _append(edited_copy.path("entities.csv"), "test_person,زوربيتش,Test Person,PERSON,,زوربيتش,")
    assert [p[2] for p in split_clitics("وزوربيتش", lexicons=edited_copy)] == ["و", "زوربيتش"]


def test_an_edited_gazetteer_is_read_again(edited_copy):
    path = edited_copy.path("entities.csv")
    before = load_entities(path).height
    _append(path, "test_person,فلان الفلاني,Test Person,PERSON,,فلان الفلاني,")
    assert load_entities(path).height == before + 1


def test_clear_caches_forgets_what_was_read(edited_copy):
    path = edited_copy.path("stopwords.csv")
    assert "في" in stopwords(lexicons=edited_copy)
    info = path.stat()
    text = path.read_text(encoding="utf-8").replace("\nفي,function", "\nقي,function", 1)
    path.write_text(text, encoding="utf-8")  # same size and, restored below, same time
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert "في" in stopwords(lexicons=edited_copy)  # the stamp did not change: still cached
    clear_caches()
    assert "قي" in stopwords(lexicons=edited_copy)
    assert "في" not in stopwords(lexicons=edited_copy)
