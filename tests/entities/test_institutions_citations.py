"""Institutions named after a place (one ORG mention, the place not mentioned), outlets' bare
names after a citation word, the Islamic Republic as Iran, and the residents of a place
(:mod:`toolkit.entities.cited`, ``mention_words.csv``)."""

from __future__ import annotations

import polars as pl
import pytest

from toolkit.arabic import normalize
from toolkit.entities import extract_entities


def _rows(text: str) -> list[tuple]:
    df = pl.DataFrame({"article_id": ["a"], "text": [text]})
    m = extract_entities(df)
    for start, end, surface in m.select("start", "end", "surface").rows():
        assert text[start:end] == surface
    return m.select("start", "end", "surface", "entity", "label", "party", "method").rows()


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وقال الأستاذ في جامعة بغداد إن القرار نهائي", "جامعة بغداد"),
        ("وقال الباحث في جامعة الكوفة إن الانسحاب مؤجل", "جامعة الكوفة"),
        ("وقال مدير مركز بغداد للدراسات إن الحوار مستمر", "مركز بغداد للدراسات"),
        ("وقال الباحث في معهد البصرة للأبحاث إن", "معهد البصرة للأبحاث"),
        ("وقال أستاذ العلوم السياسية بجامعة البصرة إن", "جامعة البصرة"),
    ],
)
def test_an_institution_noun_before_a_place_is_one_org_and_no_place(text, name):
    rows = _rows(text)
    start, end = _span(text, name)
    assert rows == [
        (start, end, name, f"institution:{normalize(name)}", "ORG", None, "institution")
    ]


def test_a_centre_without_a_tail_is_the_city_centre():
    text = "وقع انفجار في مركز الموصل صباح اليوم"
    rows = _rows(text)
    assert [r[:5] for r in rows] == [(*_span(text, "الموصل"), "الموصل", "mosul", "GPE")]


def test_a_listed_institution_keeps_its_entity():
    text = "وقال محلل في معهد واشنطن لسياسة الشرق الأدنى إن"
    rows = _rows(text)
    start, end = _span(text, "معهد واشنطن لسياسة الشرق الأدنى")
    assert [r[:5] for r in rows] == [
        (start, end, "معهد واشنطن لسياسة الشرق الأدنى", "washington_institute", "ORG")
    ]
    assert not [r for r in rows if r[3] == "united_states"]


def test_a_place_without_an_institution_noun_stays_a_place():
    text = "وقالت الحكومة في بغداد إن الوفد وصل إلى جامعة، ثم إلى بغداد"
    rows = _rows(text)
    assert [r[2:5] for r in rows] == [("بغداد", "baghdad", "GPE")] * 2
    assert [r[:2] for r in rows] == [_span(text, "بغداد"), (text.rindex("بغداد"), len(text))]


@pytest.mark.parametrize(
    ("text", "name", "entity"),
    [
        ("ونقلت الميادين عن مصدر أمني أن الهجوم فشل", "الميادين", "al_mayadeen"),
        ("وقال مراسل الميادين إن القصف استمر", "الميادين", "al_mayadeen"),
        ("وأفادت المعلومة بأن الفصائل ردت", "المعلومة", "al_maalomah"),
    ],
)
def test_an_outlets_bare_name_after_a_citation_word(text, name, entity):
    rows = _rows(text)
    start, end = _span(text, name)
    assert rows == [(start, end, name, entity, "ORG", None, "coreference")]


def test_a_bare_name_without_a_citation_word_is_no_outlet():
    # الميادين 'the squares', المعلومة 'the information': no citation word before them.
    rows = _rows("وخرج المتظاهرون إلى الميادين بعد أن وصلت المعلومة إلى الأهالي")
    assert rows == []


def test_outlets_named_in_full_after_a_citation_word_are_unchanged():
    text = "وذكرت السومرية أن الوفد وصل، وأفادت شفق نيوز بأن الجلسة تأجلت"
    rows = _rows(text)
    assert [r[:4] for r in rows] == [
        (*_span(text, "السومرية"), "السومرية", "alsumaria"),
        (*_span(text, "شفق نيوز"), "شفق نيوز", "shafaq_news"),
    ]


def test_the_islamic_republic_alone_is_iran_and_the_longer_name_still_wins():
    text = "وقالت الجمهورية الإسلامية إنها سترد، وأكدت الجمهورية الإسلامية الإيرانية ذلك"
    rows = _rows(text)
    first = _span(text, "الجمهورية الإسلامية")
    second = (text.rindex("الجمهورية"), text.rindex("الإيرانية") + len("الإيرانية"))
    assert [r[:2] for r in rows] == [first, second]
    assert {r[3] for r in rows} == {"iran"}


def test_a_place_after_a_residents_noun_is_a_place():
    # The region's row carries the party kurdistan_region on purpose (entities.csv README:
    # the Kurdistan Region acts as a party); the mention stays the place, not the KRG.
    text = "وقال سكان إقليم كردستان إن القصف أرعبهم، وطالب أهالي الأنبار بالتعويض"
    rows = _rows(text)
    assert [r[2:5] for r in rows] == [
        ("إقليم كردستان", "kurdistan_region", "GPE"),
        ("الأنبار", "anbar", "GPE"),
    ]
    assert "krg" not in {r[3] for r in rows}
