"""framing.csv: validated on load (file, row, reason), and an edit is used by the next call."""

import os
import time

import polars as pl
import pytest

from toolkit import LexiconError, clear_caches, extract_framing
from toolkit.lexicons import Lexicons, lexicon_path
from toolkit.lexicons.framing import FRAMING_COLUMNS, load_framing, term_label

HEADER = "referent,term,frame,gloss,note,example\n"
ARTICLES = pl.DataFrame(
    {"article_id": ["a"], "text": ["تحدث الوزير عن الحضور الأمريكي في البلاد."]}
)


def _append(path, line: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(line + "\n")
    later = time.time_ns() + 2_000_000_000  # a later mtime, whatever the clock's resolution
    os.utime(path, ns=(later, later))


def _problems(tmp_path, *lines: str) -> list[str]:
    path = tmp_path / "framing.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_framing(path)
    assert str(path) in str(error.value)
    return [f"row {row}: {reason}" for row, reason in error.value.problems]


def test_the_shipped_file_loads():
    framing = load_framing()
    assert framing.columns == FRAMING_COLUMNS
    assert framing.height >= 80
    assert framing["term"].n_unique() == framing.height
    for referent in ("us_presence", "us_forces", "armed_factions", "attacks", "iran_influence",
                     "the_agreement", "the_government", "the_coalition"):  # fmt: skip
        assert framing.filter(pl.col("referent") == referent).height >= 3, referent
    us_presence = set(framing.filter(pl.col("referent") == "us_presence")["frame"])
    assert {"occupation", "presence", "partnership"} <= us_presence
    factions = set(framing.filter(pl.col("referent") == "armed_factions")["frame"])
    assert {"resistance", "faction", "militia", "proxy", "terrorism"} <= factions


def test_every_shipped_example_is_found_as_its_own_term():
    """The loader checks that each term matches its example; extract_framing must then find
    that very term in it (no other term hides it there), with the example's offsets."""
    framing = load_framing()
    examples = framing.select(pl.col("term").alias("article_id"), pl.col("example").alias("text"))
    found = extract_framing(examples)
    hits = set(found.select("article_id", "term").iter_rows())
    assert [term for term in framing["term"] if (term, term) not in hits] == []


def test_problems_name_the_file_the_row_and_the_reason(tmp_path):
    problems = _problems(
        tmp_path,
        "US Presence,احتلال,occupation,,,قال إن الاحتلال باق.",
        "us_presence,وجود أمريكي*,Presence!,,,ناقش الوجود الأمريكي.",
        "us_presence,occupation,occupation,,,قال إن الاحتلال باق.",
        "us_presence,شراكة,partnership,,,قال إن التعاون مستمر.",
        "us_presence,شراكة,partnership,,,أشاد بالشراكة.",
        "us_presence,تواجد …,presence,,,ناقش التواجد الأمريكي.",
        "us_presence,وصاية,hegemony,,,",
    )
    assert problems[0].startswith("row 2: referent 'US Presence' must be a lower-case id")
    assert problems[1].startswith("row 3: frame 'Presence!' must be a lower-case id")
    assert (
        problems[2].startswith("row 4: term 'occupation': ") and "not an Arabic word" in problems[2]
    )
    assert problems[3] == "row 5: term 'شراكة' does not match its own example"
    assert problems[4] == "row 6: term 'شراكة' is listed twice (first on row 5, for 'us_presence')"
    assert problems[5] == "row 7: term 'تواجد …': a term cannot end with a gap (…)"
    assert problems[6].startswith("row 8: empty example")


def test_a_missing_column_and_an_empty_file(tmp_path):
    path = tmp_path / "framing.csv"
    path.write_text("referent,term,frame\nus_presence,احتلال,occupation\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="missing column"):
        load_framing(path)
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(LexiconError, match="no rows"):
        load_framing(path)


def test_the_gloss_column_may_be_left_out(tmp_path):
    path = tmp_path / "framing.csv"
    path.write_text(
        "referent,term,frame,note,example\nus_presence,احتلال,occupation,,قال إن الاحتلال باق.\n",
        encoding="utf-8",
    )
    assert load_framing(path).select("term", "gloss").rows() == [("احتلال", "")]


def test_an_edited_copy_is_used_by_the_next_call(tmp_path):
    lexicons = Lexicons().snapshot(tmp_path / "lexicons")
    assert extract_framing(ARTICLES, lexicons=lexicons).is_empty()
    _append(
        lexicons.path("framing.csv"),
        "us_presence,حضور أمريكي*,presence,US presence (hudur),a test,تحدث عن الحضور الأمريكي.",
    )
    found = extract_framing(ARTICLES, lexicons=lexicons)
    assert found.select("surface", "frame", "gloss").rows() == [
        ("الحضور الأمريكي", "presence", "US presence (hudur)")
    ]
    assert extract_framing(ARTICLES).is_empty()  # the shipped file is unchanged
    _append(lexicons.path("framing.csv"), "us_presence,حضور أمريكي*,presence,,,")
    with pytest.raises(LexiconError, match="listed twice"):
        extract_framing(ARTICLES, lexicons=lexicons)


@pytest.fixture
def shipped_framing():
    """The shipped framing file, restored byte for byte after the test."""
    path = lexicon_path("framing.csv")
    original, info = path.read_bytes(), path.stat()
    yield path
    path.write_bytes(original)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    clear_caches()


def test_an_edit_of_the_shipped_file_is_used_by_the_next_call(shipped_framing):
    assert extract_framing(ARTICLES).is_empty()
    _append(shipped_framing, "us_presence,حضور أمريكي*,presence,,,تحدث عن الحضور الأمريكي.")
    assert extract_framing(ARTICLES)["frame"].to_list() == ["presence"]


def test_term_labels():
    assert term_label("قاعد*/قواعد … تضم/تستضيف … قوات") == "قاعد … تضم … قوات"
    assert term_label("ما يسمى …1 تنظيم/دولة") == "ما يسمى … تنظيم"
