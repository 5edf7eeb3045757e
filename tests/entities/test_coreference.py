"""Coreference within an article: surnames, titles with surnames or given names, kunyas and
organisations' short forms resolve to the nearest full mention before them."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from toolkit.entities import extract_entities
from toolkit.entities.forms import derived_short_forms, short_form_rows
from toolkit.entities.reference import extract_entities_reference
from toolkit.lexicons import load_entities
from toolkit.lexicons.frequencies import word_frequencies
from toolkit.lexicons.short_forms import load_short_forms


def found(text: str) -> list[tuple[str, str, str]]:
    """(surface, entity, method) of every mention, checked on both paths."""
    frame = pl.DataFrame({"article_id": ["a"], "text": [text]})
    fast = extract_entities(frame)
    assert_frame_equal(fast, extract_entities_reference(frame))
    for start, end, surface in fast.select("start", "end", "surface").iter_rows():
        assert text[start:end] == surface
    return fast.select("surface", "entity", "method").rows()


def coreferent(text: str) -> list[tuple[str, str]]:
    return [(s, e) for s, e, m in found(text) if m == "coreference"]


def test_a_surname_after_the_full_name():
    text = "قال أبو مهدي المهندس إن الفصائل جاهزة. وكان المهندس قد وصل إلى بغداد."
    assert coreferent(text) == [("المهندس", "abu_mahdi_al_muhandis")]


def test_no_full_name_before_it_no_mention():
    assert coreferent("وكان المهندس قد وصل. ثم قال أبو مهدي المهندس إن") == []
    assert coreferent("ووقع الأعرجي المذكرة في بغداد") == []


def test_the_nearest_full_mention_wins():
    masoud_then_nechirvan = "التقى مسعود بارزاني ثم نيجيرفان بارزاني، وقال بارزاني إن"
    assert coreferent(masoud_then_nechirvan) == [("بارزاني", "nechirvan_barzani")]
    nechirvan_then_masoud = "التقى نيجيرفان بارزاني ثم مسعود بارزاني، وقال بارزاني إن"
    assert coreferent(nechirvan_then_masoud) == [("بارزاني", "masoud_barzani")]
    father = "أسس محمد صادق الصدر التيار، ثم قاده مقتدى الصدر. وقال الصدر إن"
    assert coreferent(father) == [("الصدر", "muqtada_al_sadr")]


def test_clitics_on_a_short_form_are_set_aside_as_the_matcher_does():
    text = "قال محمد شياع السوداني إن الحكومة مستعدة. وأكد للسوداني وفد أمريكي والسوداني"
    assert coreferent(text) == [
        ("سوداني", "mohammed_shia_al_sudani"),  # لل: the mention starts at the stem
        ("السوداني", "mohammed_shia_al_sudani"),
    ]


def test_given_name_and_surname():
    text = "قال محمد شياع السوداني إن الحكومة مستعدة. وأضاف محمد السوداني أن"
    assert coreferent(text) == [("محمد السوداني", "mohammed_shia_al_sudani")]


def test_a_given_name_counts_only_after_a_title():
    text = "استقبل رئيس الإقليم نيجيرفان بارزاني الوفد. وأكد الرئيس نيجيرفان أن الحوار مستمر."
    assert coreferent(text) == [("نيجيرفان", "nechirvan_barzani")]
    assert not any(m == "pattern" for _, _, m in found(text))  # the proposal is replaced
    bare = "استقبل رئيس الإقليم نيجيرفان بارزاني الوفد. وقال نيجيرفان إن الحوار مستمر."
    assert coreferent(bare) == []


def test_kunyas_in_every_case():
    text = (
        "قال أبو آلاء الولائي إن العمليات مستمرة. وأشاد الحاج أبو آلاء بالمقاومين، "
        "ونقل عن أبي آلاء مقربون، وكتب أبوآلاء في بيان"
    )
    assert coreferent(text) == [("أبو آلاء", "abu_alaa_al_walai")] + [
        (s, "abu_alaa_al_walai") for s in ("أبي آلاء", "أبوآلاء")
    ]


@pytest.mark.parametrize(
    ("full", "short", "entity"),
    [
        ("حركة النجباء", "الحركة", "harakat_al_nujaba"),
        ("حلف الناتو", "الحلف", "nato"),
        ("هيئة الحشد الشعبي", "الحشد", "popular_mobilization_forces"),
        ("التيار الصدري", "التيار", "sadrist_movement"),
        ("الإطار التنسيقي", "الإطار", "coordination_framework"),
    ],
)
def test_organisations_short_forms_after_the_full_name(full, short, entity):
    text = f"وقال متحدث باسم {full} إن القرار نهائي. وأضاف أن {short} سيعلن موقفه."
    assert coreferent(text) == [(short, entity)]
    assert coreferent(f"وأضاف أن {short} سيعلن موقفه. ثم تحدث {full}.") == []


def test_a_short_form_before_a_word_with_the_article_is_another_phrase():
    text = "وقال قيادي في الإطار التنسيقي إن اتفاقية الإطار الاستراتيجي ما زالت نافذة"
    assert coreferent(text) == []


def test_the_organisation_named_nearest_before_wins():
    text = "أعلنت حركة النجباء ثم حركة حماس موقفيهما. وقالت الحركة إن"
    assert coreferent(text) == [("الحركة", "hamas")]


def test_adjectives_and_other_names_are_not_surnames():
    sudani = "قال محمد شياع السوداني إن الحكومة مستعدة. "
    assert coreferent(sudani + "وأعلن الجيش السوداني الهدنة") == []  # an adjective
    abadi = "قال حيدر العبادي إن الحرب انتهت. "
    assert coreferent(abadi + "وقال سعد العبادي إن") == []  # another man's name


def test_a_surname_followed_by_a_name_is_a_modifier():
    text = "قال محمد شياع السوداني إن الحكومة مستعدة. والتقى الرئيس السوداني عبد الفتاح البرهان"
    assert coreferent(text) == []


def test_derived_short_forms():
    people = pl.DataFrame(
        {
            "entity_id": ["a", "b", "c", "d"],
            "label": ["PERSON", "PERSON", "PERSON", "GPE"],
            "aliases": [["عادل عبد المهدي"], ["صالح محمد العراقي"], ["جو بايدن"], ["العراق"]],
        }
    )
    forms = {(e, f) for e, f, _ in derived_short_forms(people, lambda w: 0.0)}
    assert ("a", "عبد المهدي") in forms and ("a", "عادل عبد المهدي") in forms
    assert ("c", "بايدن") in forms
    assert not any(e == "b" and f.endswith("العراقي") for e, f in forms)  # a nisba of Iraq
    often = {(e, f) for e, f, _ in derived_short_forms(people, lambda w: 6.0)}
    assert ("c", "بايدن") not in often  # a frequent word is no family name


def test_excluded_and_listed_short_forms():
    gazetteer = load_entities()
    rows = short_form_rows(gazetteer, load_short_forms(), word_frequencies().zipf)
    forms = set(rows.select("entity_id", "form").iter_rows())
    assert ("george_w_bush", "الابن") not in forms  # listed as exclude
    assert ("popular_mobilization_forces", "الحشد") in forms
    assert ("haider_al_abadi", "العبادي") not in forms  # an alias already: the gazetteer's


def test_the_shipped_short_forms():
    forms = load_short_forms()
    assert forms.height >= 40
    assert set(forms["kind"]) == {"surname", "after_title", "kunya", "org_short", "exclude"}


def test_a_short_form_after_a_verb_of_meeting_or_a_kinship_noun():
    """person_before words of mention_words.csv: a surname after التقى (which looks like ال
    + a noun) and a given name after يلتق stand for the person named before; a given name
    after an ordinary verb does not."""
    met = "وصل المبعوث توم باراك إلى أنقرة. والتقى باراك وزير الخارجية"
    assert coreferent(met) == [("باراك", "tom_barrack")]
    given = "قال مسرور بارزاني إن الحوار مستمر. ولم يلتق مسرور الوفد"
    assert coreferent(given) == [("مسرور", "masrour_barzani")]
    other = "قال مسرور بارزاني إن الحوار مستمر. وغادر مسرور الاجتماع"
    assert coreferent(other) == []


def test_a_surname_with_a_preposition_is_no_adjective():
    text = (
        "قال محمد شياع السوداني إن الحكومة مستعدة. ونقل الوزير للسوداني رسالة، وأشاد الجيش السوداني"
    )
    assert coreferent(text) == [("سوداني", "mohammed_shia_al_sudani")]


def test_a_common_family_name_is_a_short_form_only_before_a_complementizer():
    """حامد (a fairly common word) stands for فهد حامد as the subject of a statement (وأضاف
    حامد أن), not elsewhere (ووصل حامد)."""
    text = "رفض قائممقام سنجار فهد حامد الاتفاق، وأضاف حامد أن القوى منتشرة، ووصل حامد المدينة"
    assert coreferent(text) == [("حامد", "fahad_hamid")]
    start = text.index("حامد أن")
    spans = extract_entities(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    assert spans.filter(pl.col("method") == "coreference")["start"].to_list() == [start]
