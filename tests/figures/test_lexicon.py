"""The figures' word lists are data: each file validated, and an edit used by the next call."""

import shutil

import polars as pl
import pytest

from toolkit.figures import extract_figures, parse_number
from toolkit.figures.lexicon import grammar
from toolkit.lexicons import LexiconError, Lexicons, clear_caches
from toolkit.lexicons.figures import (
    FIGURE_FILES,
    compile_phrase,
    figure_lexicon,
    load_figure_nouns,
    load_figure_words,
    load_months,
    load_number_words,
    load_qualifiers,
)

SHIPPED = Lexicons()


def edited(tmp_path, name: str, *lines: str) -> Lexicons:
    """A lexicon set whose ``name`` is the shipped file with ``lines`` added."""
    shutil.copyfile(SHIPPED.path(name), tmp_path / name)
    with open(tmp_path / name, "a", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    return Lexicons(str(tmp_path))


def figures_of(text: str, **options) -> pl.DataFrame:
    return extract_figures(pl.DataFrame({"article_id": ["a"], "text": [text]}), **options)


def test_every_shipped_file_is_valid():
    for load in (load_number_words, load_figure_nouns, load_months, load_figure_words):
        assert load().height > 0
    assert load_qualifiers().height > 30
    lexicon = figure_lexicon()
    assert len(lexicon.left) >= 20 and len(lexicon.right) >= 9
    assert set(FIGURE_FILES) <= set(SHIPPED.names())


def test_an_added_number_word_is_used_by_the_next_call(tmp_path):
    """``number_words.csv``: a number word added to a copy counts at once, the shipped set
    does not know it, and editing the copy again is seen by the next call too."""
    text = "وصل دزينة جندي إلى القاعدة"
    assert figures_of(text).height == 0
    lexicons = edited(tmp_path, "number_words.csv", "دزينة,unit,12,,a dozen (test),دزينة جندي")
    first = figures_of(text, lexicons=lexicons)
    assert first.select("value", "kind").rows() == [(12.0, "troops")]
    assert figures_of(text, lexicons=lexicons).equals(first)  # twice: the same
    assert parse_number("دزينة", lexicons=lexicons) == 12.0 and parse_number("دزينة") is None
    assert figures_of(text).height == 0  # the shipped set is untouched
    # edit the copy again (the value), and the next call reads it
    path = tmp_path / "number_words.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("دزينة,unit,12", "دزينة,unit,13,"[:-1])
    )
    clear_caches()  # the edit may keep the size and fall in the same clock tick
    assert figures_of(text, lexicons=lexicons)["value"].to_list() == [13.0]


def test_an_added_counted_noun_is_used(tmp_path):
    text = "وصل 300 شرطي إلى بغداد"
    assert figures_of(text)["kind"].to_list() == ["count"]
    lexicons = edited(tmp_path, "figure_nouns.csv", "شرطي,troops,soldier,,police (test),300 شرطي")
    for _ in range(2):
        assert figures_of(text, lexicons=lexicons)["kind"].to_list() == ["troops"]


def test_an_added_month_is_used(tmp_path):
    text = "في 5 جانفي 2020 وصل"
    assert figures_of(text)["kind"].to_list() == ["count", "date"]
    lexicons = edited(tmp_path, "months.csv", "جانفي,1,Maghreb spelling (test),5 جانفي")
    for _ in range(2):
        rows = figures_of(text, lexicons=lexicons).select("kind", "month", "day").rows()
        assert rows[0] == ("date", 1, 5)


def test_an_added_qualifier_phrase_is_used(tmp_path):
    text = "أرسلت الوزارة زهاءَ 500 جندي وما ينوف على 300 عنصر"
    assert figures_of(text)["qualifier"].to_list() == ["approx", "exact"]
    lexicons = edited(
        tmp_path, "qualifiers.csv", "left,more_than,((و/ف/ب)+ما) ي/ت+نوف على,test,ما ينوف على 300"
    )
    for _ in range(2):
        assert figures_of(text, lexicons=lexicons)["qualifier"].to_list() == ["approx", "more_than"]


def test_an_added_grammar_word_is_used(tmp_path):
    text = "وصل 40 بالالف من الجنود"
    assert figures_of(text)["kind"].to_list() != ["percent"]
    lexicons = edited(tmp_path, "figure_words.csv", "بالالف,percent_word,per mille (test),")
    for _ in range(2):
        assert figures_of(text, lexicons=lexicons)["kind"].to_list() == ["percent"]


def test_grammar_is_made_once_per_state_of_the_files(tmp_path):
    assert grammar() is grammar()
    lexicons = edited(tmp_path, "months.csv")
    assert grammar(lexicons) is grammar(str(tmp_path)) and grammar(lexicons) is not grammar()


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("number_words.csv", "ثلاثة,unit,three,,,", "is no number"),
        ("number_words.csv", "بضع,few,3,,,", "needs a value (low) and a high"),
        ("number_words.csv", "خمسة,dozen,5,,,", "unknown kind 'dozen'"),
        ("number_words.csv", "سبعة,unit,7,,,ثمانية جنود", "is not in its example"),
        ("number_words.csv", "خمسة,unit,5,,,", "duplicate unit 'خمسة'"),
        ("figure_nouns.csv", "شرطي,troops,police,,,", "unit 'police' for a troops noun"),
        ("figure_nouns.csv", "شرطي,force,,dual,,", "only troop and duration nouns may be duals"),
        ("months.csv", "جانفي,13,,", "not a number from 1 to 12"),
        ("figure_words.csv", "ة,nisba_ending,,أمريكي", "no ending of a word of its example"),
        ("qualifiers.csv", "left,approx,نحو {nothing},,", "unknown slot {nothing}"),
        ("qualifiers.csv", "left,roughly,نحو,,", "left qualifier 'roughly'"),
        ("qualifiers.csv", "left,approx,(نحو),,", "a word that may not be left out"),
        ("qualifiers.csv", "left,approx,[يت]قارب,,", "is not an Arabic word"),
        ("qualifiers.csv", "left,approx,نحو,,حوالي 500", "does not match its example"),
        ("qualifiers.csv", "right,approx,تقريبا+ً,,", "plain words"),
    ],
)
def test_a_bad_row_is_an_error_naming_file_row_and_reason(tmp_path, name, line, reason):
    lexicons = edited(tmp_path, name, line)
    rows = len(SHIPPED.path(name).read_text(encoding="utf-8").splitlines()) + 1
    with pytest.raises(LexiconError) as error:
        figure_lexicon(lexicons)
    assert name in str(error.value) and f"row {rows}" in str(error.value)
    assert reason in str(error.value)


@pytest.mark.parametrize(
    ("phrase", "regex"),
    [
        ("(و/ف/ب/ل)+أكثر/أزيد من", "(?:و|ف|ب|ل)?(?:اكثر|ازيد) (?:من)"),
        ("((و/ف/ب)+ما) دون", "(?:(?:و|ف|ب)?(?:ما) )?(?:دون)"),
        ("!من دون", "(?<!من )(?:دون)"),
        ("ي/ت+قل+(ون) …1 عن/على", r"(?:ي|ت)(?:قل)(?:ون)?(?: \S+)? (?:عن|علي)"),
        ("تجاوز (عدد*)", r"(?:تجاوز)(?: (?:عدد\S*))?"),
        ("*خفض*", r"(?:\S*خفض\S*)"),
    ],
)
def test_the_phrase_syntax_compiles_to_these_regexes(phrase, regex):
    assert compile_phrase(phrase) == regex


@pytest.mark.parametrize(
    ("words", "qualifier"),
    [
        ("ما لا يقل عن", "at_least"),
        ("لا تقل النسبة عن", "at_least"),
        ("تقل عن", "less_than"),
        ("لن تتجاوز القوة", "at_most"),
        ("وما يزيد على", "more_than"),
        ("تجاوز عددهم حاجز", "more_than"),
        ("من دون", None),
        ("ما دون", "less_than"),
        ("في غضون", "within"),
        ("فلاكثر من", None),
        ("لأكثر من", "more_than"),
    ],
)
def test_left_qualifiers_of_the_shipped_file(words, qualifier):
    from toolkit.arabic import normalize

    found = grammar().left_match(tuple(normalize(words).split()))
    assert (found[0] if found else None) == qualifier


def test_an_added_nisba_is_used(tmp_path):
    """``nisbas.csv`` (shared with the stance reader): a nisba added to a copy gives troop
    figures its party; one with no party settles the subject as none."""
    text = "وصل 500 جندي صيني إلى القاعدة"
    assert figures_of(text)["subject"].to_list() == [None]
    lexicons = edited(tmp_path, "nisbas.csv", "صيني*,nato,Chinese (test),جنود صينيون")
    for _ in range(2):
        assert figures_of(text, lexicons=lexicons)["subject"].to_list() == ["nato"]
    row = figures_of("وصل 500 جندي سوري", lexicons=lexicons).row(0, named=True)
    assert row["subject"] is None and row["subject_surface"] == "سوري"
