"""titles.csv: the titles before proposed names and the nisba endings, validated on load."""

from __future__ import annotations

import os
import time

import pytest

from toolkit.lexicons import LexiconError, Lexicons
from toolkit.lexicons.titles import TITLE_KINDS, load_titles, title_key
from toolkit.lexicons.words import clitic_splitter

HEADER = "title,kind,note,example\n"


def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_titles():
    titles = load_titles()
    assert set(titles["kind"]) == set(TITLE_KINDS)
    person = titles.filter(kind="person_title")["title"].to_list()
    assert len(person) == 39 and person[:3] == ["الرئيس", "رئيس الوزراء", "رئيس الحكومة"]
    assert "الأمين العام للناتو" in person and "المتحدثة باسم" in person
    assert {"عضو", "النائب عن", "المحلل", "قائمقام", "قائممقام", "محافظ", "رئيس مجلس"} <= set(
        person
    )
    endings = titles.filter(kind="nisba_ending")["title"].to_list()
    assert endings == ["ي", "ية", "يين", "يون"]
    heads = titles.filter(kind="org_head")["title"].to_list()
    assert {"هيئة", "منظمة", "وزارة", "حلف"} <= set(heads)
    assert (titles["example"] != "").all()


def test_title_keys_split_as_the_matcher_splits():
    splitter = clitic_splitter()
    assert title_key("الأمين العام للناتو", splitter) == ("ال", "امين", "ال", "عام", "ال", "ناتو")
    assert title_key("ووزير الدفاع،", splitter) == ("وزير", "ال", "دفاع")
    assert title_key("المتحدثة", splitter) == ("ال", "متحدثه")


def test_multi_word_titles_and_prefixed_examples(tmp_path):
    rows = (
        "وزير الدفاع,person_title,,ووزير الدفاع التركي قال\n"
        "الأمين العام للحلف,person_title,,قال الأمين العامّ للحلف\n"
        "يه,nisba_ending,,القوات العراقية\n"
    )
    titles = load_titles(_write(tmp_path / "titles.csv", HEADER + rows))
    assert titles["title"].to_list() == ["وزير الدفاع", "الأمين العام للحلف", "يه"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("القائد,leader,,قال القائد", "unknown kind 'leader'"),
        (",person_title,,قال", "empty title"),
        (
            "الرئيس,person_title,again,قال الرئيس",
            "duplicate person_title 'الرئيس' (first on row 2)",
        ),
        ("وزير الدفاع,person_title,,قال وزير الخارجية", "not in its own example"),
        ("القائد,person_title,,قال القائدين", "not in its own example"),
        ("اني,nisba_ending,,قال الجنرال", "no word of its example"),
        ("ي ة,nisba_ending,,العراقية", "more than one word"),
    ],
)
def test_bad_rows_are_named(tmp_path, row, message):
    path = _write(
        tmp_path / "titles.csv", HEADER + "الرئيس,person_title,,قال الرئيس\n" + row + "\n"
    )
    with pytest.raises(LexiconError) as info:
        load_titles(path)
    assert message in str(info.value) and "row 3" in str(info.value)
    assert str(path) in str(info.value)


def test_a_missing_column_is_named(tmp_path):
    with pytest.raises(LexiconError, match="missing column"):
        load_titles(_write(tmp_path / "titles.csv", "title,kind\nالرئيس,person_title\n"))


def test_an_edited_copy_is_used_by_the_next_call(tmp_path):
    edited = Lexicons().snapshot(tmp_path / "lexicons")
    before = load_titles(lexicons=edited).height
    path = edited.path("titles.csv")
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write("القائد,person_title,Commander,وقال القائد حسن باقري\n")
    later = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(later, later))
    titles = load_titles(lexicons=edited)
    assert titles.height == before + 1 and titles["title"][-1] == "القائد"
    assert load_titles().height == before  # the shipped file is unchanged
