"""mention_words.csv: outlet heads, citation words, institution nouns and prefixes, validated
on load."""

from __future__ import annotations

import pytest

from toolkit.lexicons import LexiconError
from toolkit.lexicons.mention_words import MENTION_WORD_KINDS, load_mention_words

HEADER = "word,kind,note,example\n"


def test_the_shipped_words():
    words = load_mention_words()
    assert set(words["kind"]) == set(MENTION_WORD_KINDS)
    by_kind = {k: set(words.filter(kind=k)["word"]) for k in MENTION_WORD_KINDS}
    assert {"جامعة", "معهد", "كلية"} <= by_kind["institution_head"]
    assert "مركز" in by_kind["research_head"] and "مركز" not in by_kind["institution_head"]
    assert {"للدراسات", "للأبحاث"} <= by_kind["institution_tail"]
    assert {"قناة", "وكالة", "صحيفة", "موقع"} <= by_kind["outlet_head"]
    assert {"نقلت", "ذكرت", "أفادت", "مراسل"} <= by_kind["citation"]
    assert all(len(p) == 1 for p in by_kind["prefix"])
    assert (words["example"] != "").all()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("نقلت,quote,,ونقلت الميادين", "unknown kind 'quote'"),
        ("نقلت قناة,citation,,ونقلت قناة الميادين", "more than one word"),
        ("وا,prefix,,وانقلت", "not one letter"),
        ("ذكرت,citation,,وقالت الميادين", "not in its own example"),
        (",citation,,وقالت الميادين", "empty word"),
        ("جامعة,institution_head,,", "no example"),
    ],
)
def test_a_bad_row_names_the_file_row_and_reason(tmp_path, row, reason):
    path = tmp_path / "mention_words.csv"
    path.write_text(HEADER + "و,prefix,,ونقلت\n" + row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_mention_words(path)
    message = str(info.value)
    assert "mention_words.csv" in message and reason in message and "3" in message


def test_a_duplicate_is_refused(tmp_path):
    path = tmp_path / "mention_words.csv"
    path.write_text(
        HEADER + "نقلت,citation,,ونقلت الميادين\nنقلت,citation,,نقلت\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="duplicate citation 'نقلت'"):
        load_mention_words(path)


def test_an_edited_copy_is_read(tmp_path):
    path = tmp_path / "mention_words.csv"
    path.write_text(HEADER + "بثت,citation,,بثت الميادين صوراً\n", encoding="utf-8")
    assert load_mention_words(path)["word"].to_list() == ["بثت"]
