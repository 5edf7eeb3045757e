"""Later sources of real copy: the surname of a name proposed after a title, repeated alone
(:mod:`toolkit.entities.repeats`), and outlets cited by their bare name where punctuation marks
the citation (:mod:`toolkit.entities.cited`)."""

from __future__ import annotations

import polars as pl

from toolkit.entities import extract_entities


def _mentions(*texts: str) -> pl.DataFrame:
    df = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})
    return extract_entities(df)


def test_a_surname_after_a_proposed_name_is_the_same_person_with_exact_offsets():
    text = "وقال عضو اللجنة حسنين الكرعاوي إن القرار نهائي، وأضاف الكرعاوي أن الجلسة تأجلت"
    m = _mentions(text)
    people = m.filter(pl.col("label") == "PERSON")
    assert people["surface"].to_list() == ["حسنين الكرعاوي", "الكرعاوي"]
    assert people["entity"].n_unique() == 1
    assert people["method"].to_list() == ["pattern", "coreference"]
    for start, end, surface in people.select("start", "end", "surface").rows():
        assert text[start:end] == surface


def test_a_surname_before_the_name_or_an_ordinary_word_stays_no_mention():
    before = "وقال الكرعاوي إن القرار نهائي، بحسب عضو اللجنة حسنين الكرعاوي"
    ordinary = "وقال النائب المستقل سجاد سالم إن القوات باقية، وعاد سالم إلى بغداد"
    first, second = (
        _mentions(before, ordinary).filter(pl.col("label") == "PERSON").partition_by("article_id")
    )
    assert first["surface"].to_list() == ["حسنين الكرعاوي"]
    assert second["surface"].to_list() == ["سجاد سالم"]


def test_a_bare_outlet_between_slashes_after_la_or_in_a_dateline_is_the_outlet():
    texts = (
        "وقال النائب في تصريح لـ/المعلومة/ إن القرار نهائي",
        "المعلومة/ خاص..\nأكد مصدر أن القوات غادرت",
        'وأوضح المصدر لـ"الميادين" أن القصف توقف',
    )
    m = _mentions(*texts)
    assert m.select("article_id", "surface", "entity").rows() == [
        ("a0", "المعلومة", "al_maalomah"),
        ("a1", "المعلومة", "al_maalomah"),
        ("a2", "الميادين", "al_mayadeen"),
    ]
    for article, start, end, surface in m.select("article_id", "start", "end", "surface").rows():
        assert texts[int(article[1:])][start:end] == surface


def test_the_same_word_in_running_text_is_no_outlet():
    m = _mentions("وتجمع المحتجون في الميادين العامة، وتبادلوا المعلومة عن الطرق")
    assert m.filter(pl.col("entity").is_in(["al_mayadeen", "al_maalomah"])).is_empty()


def test_a_common_surname_stands_for_the_name_before_a_complementizer():
    """A surname that is a fairly common word (مالك) stands for the proposed name only as the
    subject of a statement (before أن or إن), not elsewhere."""
    text = (
        "وقال المحلل عادل مالك إن الفصائل منقسمة. وكتب مالك أن العراق آخر معاقلها، وقال مالك المنزل"
    )
    people = _mentions(text).filter(pl.col("label") == "PERSON")
    assert people["surface"].to_list() == ["عادل مالك", "مالك"]
    assert people["method"].to_list() == ["pattern", "coreference"]
    start = people["start"][1]
    assert text[start : start + 7] == "مالك أن"


def test_the_second_name_after_a_dual_head_is_found_with_the_singular():
    """قاعدتي عين الأسد وحرير: حرير alone is no alias, قاعدة حرير is; after a name with no
    dual head before it, و + حرير stays a word."""
    texts = (
        "ويبقى المستشارون في قاعدتي عين الأسد وحرير بعد نهاية المهمة",
        "ويبقى المستشارون في عين الأسد وحرير المهمة مستمر",
    )
    m = _mentions(*texts).filter(pl.col("method") == "paired")
    assert m.select("article_id", "surface", "entity", "label").rows() == [
        ("a0", "حرير", "harir_base", "LOC")
    ]
    start = m["start"][0]
    assert texts[0][start - 1 : start + 4] == "وحرير"
