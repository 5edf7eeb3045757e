"""short_forms.csv, offices.csv and office_titles.csv: validated on load (file, row, reason),
and an edited copy is used by the next extract_entities call."""

from __future__ import annotations

import datetime as dt
import os
import time

import polars as pl
import pytest

import toolkit
from toolkit.entities import extract_entities
from toolkit.lexicons import LexiconError, Lexicons
from toolkit.lexicons.offices import load_office_titles, load_offices, term_bounds
from toolkit.lexicons.short_forms import SHORT_FORM_KINDS, load_short_forms


def _touch(path) -> None:
    later = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(later, later))


def _append(path, line: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(line + "\n")
    _touch(path)


@pytest.fixture
def edited(tmp_path) -> Lexicons:
    return Lexicons().snapshot(tmp_path / "lexicons")


def test_the_shipped_files():
    forms = load_short_forms()
    assert set(forms["kind"]) == set(SHORT_FORM_KINDS)
    offices = load_offices()
    assert offices.height >= 200 and offices["start"].null_count() < 10
    pms = offices.filter(role="iraq_prime_minister").sort("start")["entity_id"].to_list()
    assert pms[-3:] == ["adil_abdul_mahdi", "mustafa_al_kadhimi", "mohammed_shia_al_sudani"]
    titles = load_office_titles()
    assert set(titles["kind"]) == {"title", "after", "before"}
    assert set(titles.filter(kind="title")["role"]) <= set(offices["role"])


def test_partial_dates_cover_their_period():
    assert term_bounds("2020") == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert term_bounds("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert term_bounds("") is None
    with pytest.raises(ValueError, match="not a date"):
        term_bounds("26/07/2021")


SHORT_HEADER = "entity_id,short_form,kind,note,example\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("nato,الحلف,nickname,,وقال الحلف إن", "unknown kind 'nickname'"),
        ("nobody,الحلف,org_short,,وقال الحلف إن", "unknown entity_id 'nobody'"),
        ("nato,,org_short,,وقال الحلف إن", "empty short_form"),
        ("nato,الحلف,org_short,,", "empty example"),
        ("nato,الحلف,org_short,,وقال الناتو إن", "not in its own example"),
        ("nato,للحلف,org_short,again,وقال الحلف إن", "duplicate short form"),
    ],
)
def test_bad_short_form_rows_are_named(edited, row, message):
    path = edited.path("short_forms.csv")
    path.write_text(SHORT_HEADER + "nato,الحلف,org_short,,وقال الحلف إن\n" + row + "\n")
    with pytest.raises(LexiconError) as info:
        load_short_forms(lexicons=edited)
    assert message in str(info.value) and "row 3" in str(info.value)
    assert str(path) in str(info.value)


OFFICE_HEADER = "entity_id,role,from,to,note\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("nobody,iraq_prime_minister,2020,,", "unknown entity_id 'nobody'"),
        ("joe_biden,US President,2021,,", "is not an id"),
        ("joe_biden,us_president,2021-13,,", "not a date"),
        ("joe_biden,us_president,2025,2021,", "ends (2021) before it starts (2025)"),
        ("joe_biden,us_president,2021-01-20,,again", "duplicate term"),
    ],
)
def test_bad_office_rows_are_named(edited, row, message):
    path = edited.path("offices.csv")
    path.write_text(OFFICE_HEADER + "joe_biden,us_president,2021-01-20,2025-01-20,\n" + row + "\n")
    with pytest.raises(LexiconError) as info:
        load_offices(lexicons=edited)
    assert message in str(info.value) and "row 3" in str(info.value)


TITLE_HEADER = "title,kind,role,note,example\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("الرئيس الأمريكي,name,us_president,,قال الرئيس الأمريكي إن", "unknown kind 'name'"),
        ("الرئيس الكوبي,title,cuba_president,,قال الرئيس الكوبي إن", "held by nobody"),
        ("السابق,after,us_president,,قال الرئيس السابق إن", "has no role"),
        ("الرئيس الأميركي,title,us_president,,قال الرئيس الفرنسي إن", "not in its own example"),
        ("الرئيس الأمريكي,title,us_president,,وقال الرئيس الأمريكي إن", "duplicate title"),
    ],
)
def test_bad_office_title_rows_are_named(edited, row, message):
    path = edited.path("office_titles.csv")
    first = "الرئيس الأمريكي,title,us_president,,قال الرئيس الأمريكي إن\n"
    path.write_text(TITLE_HEADER + first + row + "\n")
    with pytest.raises(LexiconError) as info:
        load_office_titles(lexicons=edited)
    assert message in str(info.value) and "row 3" in str(info.value)


def _frame(text: str, day=None) -> pl.DataFrame:
    return pl.DataFrame({"article_id": ["a"], "text": [text], "published": [day]})


def test_an_edited_short_forms_copy_is_used_by_the_next_call(edited):
    text = _frame("قال متحدث باسم حلف الناتو إن القرار نهائي. وأضاف أن المنظمة ستعلن موقفها.")
    method = pl.col("method") == "coreference"
    assert extract_entities(text, lexicons=edited).filter(method).is_empty()
    _append(edited.path("short_forms.csv"), "nato,المنظمة,org_short,test,وقالت المنظمة إن")
    found = extract_entities(text, lexicons=edited).filter(method)
    assert found.select("surface", "entity").rows() == [("المنظمة", "nato")]
    assert extract_entities(text).filter(method).is_empty()  # the shipped file is unchanged


def test_an_edited_offices_copy_is_used_by_the_next_call(edited):
    text = _frame("وقال رئيس الوزراء العراقي إن القوات باقية", dt.date(2030, 1, 1))
    method = pl.col("method") == "office"
    sudani = extract_entities(text, lexicons=edited).filter(method)["entity"].to_list()
    assert sudani == ["mohammed_shia_al_sudani"]  # still in office as far as the file says
    _append(edited.path("offices.csv"), "haider_al_abadi,iraq_prime_minister,2029,,test")
    assert extract_entities(text, lexicons=edited).filter(method).is_empty()  # two holders
    toolkit.clear_caches()
    assert extract_entities(text, lexicons=edited).filter(method).is_empty()


def test_an_edited_office_titles_copy_is_used_by_the_next_call(edited):
    text = _frame("وقال سيد البيت الأبيض إن القوات ستبقى", dt.date(2022, 5, 1))
    method = pl.col("method") == "office"
    assert extract_entities(text, lexicons=edited).filter(method).is_empty()
    _append(
        edited.path("office_titles.csv"),
        "سيد البيت الأبيض,title,us_president,test,قال سيد البيت الأبيض إن",
    )
    found = extract_entities(text, lexicons=edited).filter(method)
    assert found.select("surface", "entity").rows() == [("سيد", "joe_biden")]
