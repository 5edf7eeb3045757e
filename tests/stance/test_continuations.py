"""The rules of the fourth round on real news: continuation verbs, going on until the forces
leave, a refusal to leave under a condition, a fake withdrawal, a member of a named party and
the addressee of a demand (sentences written for these tests)."""

import pytest

US = "قالت المتحدثة باسم الخارجية الأمريكية إن الوفد سيزور بغداد الأسبوع المقبل."
KH = "قال المتحدث باسم كتائب حزب الله إن الفصائل جاهزة."
GOV = "قال المتحدث باسم الحكومة إن الاجتماع انتهى."


@pytest.mark.parametrize(
    "verb", ["وشددت على أن", "وشددت أن", "ولفتت إلى أن", "وختمت بأن", "وبيّن أن", "ونوهت بأن"]
)
def test_continuation_verbs_carry_the_last_speaker(verb, reading):
    found = reading(US, f"{verb} الوفد لن يبحث سحب القوات الأمريكية من العراق.")
    assert found.get((2, "us_administration")) == "support", found


@pytest.mark.parametrize(
    "text",
    [
        "وجرى حوار بين بغداد وواشنطن حول موعد انسحاب القوات الأمريكية.",
        "وبين بغداد وواشنطن خلاف حول موعد انسحاب القوات الأمريكية.",
    ],
)
def test_bayna_before_names_is_the_preposition(text, reading):
    # بين is a reporting verb only before its أن: here the names hold nothing.
    found = reading(GOV, text)
    assert not [key for key in found if key[0] == 2], found


@pytest.mark.parametrize(
    "text",
    [
        "وأكد أن المقاومة لن تتوقف حتى يغادر آخر جندي أمريكي أرض العراق.",
        "وأضاف أن السلاح سيبقى موجها إلى القواعد الأمريكية حتى خروج آخر جندي.",
        "وشدد على أن المقاومة ستتصدى لأي محاولة لتمديد بقاء القوات الأمريكية.",
    ],
)
def test_going_on_until_they_leave_is_opposition(text, reading):
    assert reading(KH, text).get((2, "iran_backed_militias")) == "oppose"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("وقال ترامب إن بلاده لن تغادر قاعدة عين الأسد ما لم يدفع العراق تكاليفها.", "support"),
        ("وقال ترامب إن القوات الأمريكية لن تنسحب إلا إذا طلبت الحكومة ذلك رسميا.", "support"),
        ("وقال ترامب إن القوات الأمريكية ستنسحب إذا طلبت الحكومة ذلك.", "mixed"),
    ],
)
def test_a_refusal_to_leave_stays_support_under_a_condition(text, stance, reading):
    assert reading(text).get((1, "us_administration")) == stance


@pytest.mark.parametrize(
    "text",
    [
        "وقال الخزعلي إن انسحاب القوات الأمريكية شكلي.",
        "وقال الخزعلي إن الانسحاب الأمريكي مجرد إعادة انتشار.",
    ],
)
def test_a_fake_withdrawal_denounced_is_opposition(text, claims_of):
    claims = claims_of(GOV, text).filter(party="iran_backed_militias")
    assert claims["stance"].to_list() == ["oppose"]
    cue = claims["cue"][0]
    assert "شكلي" in cue or "انتشار" in cue, cue


def test_a_member_of_a_named_party_speaks_for_it(reading):
    found = reading(
        GOV,
        "وأكد عضو المكتب السياسي لحركة عصائب أهل الحق أن الانسحاب الأمريكي مجرد إعادة انتشار.",
    )
    assert found.get((2, "iran_backed_militias")) == "oppose", found


def test_the_addressee_of_a_demand_is_not_its_holder(reading):
    found = reading(
        GOV,
        "وأدان الإطار التنسيقي الضربة الأمريكية، مؤكدا ضرورة مضي الحكومة في إنهاء مهام التحالف.",
    )
    assert found.get((2, "coordination_framework")) == "oppose", found
    assert (2, "iraqi_government") not in found, found


def test_a_threat_to_resist_stays_oppose_under_a_condition(reading):
    found = reading(
        GOV, "وأشار الصدر إلى أن التيار سيقاوم أي وجود أمريكي إذا بقي الأمريكيون بعد نهاية العام."
    )
    assert found.get((2, "sadrist_movement")) == "oppose", found


def test_an_adjective_between_a_head_and_its_nisba(reading):
    found = reading(
        GOV, "وقال مسؤول دفاعي أمريكي رفيع إن العراقيين سيسمعون التزاما بالاحتفاظ بقواتنا."
    )
    assert found.get((2, "us_administration")) == "support", found
    assert (2, "iraqi_public") not in found, found


def test_who_decides_on_the_withdrawal_is_no_position(reading):
    found = reading(
        "قال المتحدث باسم كتائب حزب الله إن الفصائل جاهزة.",
        "ورد المتحدث باسم الحكومة على تصريحات الخزعلي قائلا إن قرار الانسحاب بيد الدولة وحدها.",
    )
    assert found.get((2, "iraqi_government")) == "neutral", found
    assert (2, "iran_backed_militias") not in found, found


def test_residents_of_a_region_are_not_its_government(reading):
    found = reading(
        GOV,
        "وكشف الاستطلاع أن نحو ستين في المئة من سكان إقليم كردستان يرون أن بقاء القوات الأمريكية"
        " ضروري.",
    )
    assert (2, "kurdistan_region") not in found, found


def test_the_combat_mission_will_end_with_training_kept_is_mixed(claims_of):
    claims = claims_of(
        GOV,
        "وأعلن الرئيس الأمريكي أن المهمة القتالية للقوات الأمريكية في العراق ستنتهي بنهاية العام،"
        " على أن تواصل تدريب القوات العراقية.",
    ).filter(party="us_administration", sentence_id=2)
    assert claims["stance"].to_list() == ["mixed"]
    assert claims["cue"][0].startswith("المهمة القتالية"), claims["cue"][0]
