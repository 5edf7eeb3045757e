"""The rules of the fifth round (issue 15): what makes a sentence a position of its speaker and
what does not — background lines, events told, analysts, another party's words, emotion
nouns, comparisons, refusals before a goal, clauses that continue a speaker (sentences written for these tests)."""

import pytest

US = "قالت المتحدثة باسم الخارجية الأمريكية إن الوفد سيزور بغداد الأسبوع المقبل."


def positions(found: dict) -> dict:
    """The non-neutral readings of a ``reading`` dict."""
    return {key: stance for key, stance in found.items() if stance != "neutral"}


@pytest.mark.parametrize(
    "text",
    [
        "وكان أوباما قد اتخذ في كانون الثاني قرارا بالإبقاء على قوة صغيرة في العراق.",
        "وشغل الجنرال ماكينزي منصب قائد القيادة المركزية وأشرف على خفض القوات في العراق.",
        "يذكر أن البرلمان العراقي صوت عام 2020 على قرار يلزم الحكومة بإخراج القوات الأجنبية.",
        "ويشار إلى أن الفصائل المسلحة تطالب منذ سنوات بخروج القوات الأمريكية.",
        "ويأتي ذلك بعد إعلان بغداد أنها بدأت عملية تهدف إلى إنهاء مهمة التحالف الدولي.",
    ],
)
def test_background_lines_are_no_positions(text, reading):
    assert positions(reading(text)) == {}


@pytest.mark.parametrize(
    "text",
    [
        "ويرى محللون أن الفصائل المسلحة تسعى إلى إخراج القوات الأمريكية بأي ثمن.",
        "وبحسب محللين، فإن الإطار التنسيقي يضغط من أجل جدولة الانسحاب.",
        "وقال مساعد وزير الخارجية الأمريكي السابق كلارك كوبر إن واشنطن لا ترغب في بناء قاعدة عسكرية في العراق.",
    ],
)
def test_commentators_and_former_officials_speak_for_no_party(text, reading):
    assert positions(reading(text)) == {}


@pytest.mark.parametrize(
    "text",
    [
        "وأعلنت اللجنة العسكرية العليا إكمال انسحاب مستشاري التحالف من قاعدة عين الأسد.",
        "أصدرت اللجنة العسكرية العليا لإنهاء مهمة التحالف الدولي بيانا يوم الأحد.",
        "وتأسست عصائب أهل الحق عام 2006 وتتهمها واشنطن بالمسؤولية عن هجمات على القوات الأمريكية.",
        "ووجه السوداني بفتح تحقيق في الهجوم الذي استهدف السفارة الأمريكية.",
        "ونفت كتائب حزب الله مسؤوليتها عن الهجوم على قاعدة عين الأسد.",
        "وأكدت السفارة الأمريكية في بغداد أنها ستواصل عملها بشكل اعتيادي رغم مغادرة بعض الموظفين.",
        "وشهدت بغداد تظاهرات حاشدة تطالب بخروج القوات الأمريكية.",
        "وقال عراقجي إن بلاده تدعو إلى خفض التصعيد بين واشنطن وطهران.",
    ],
)
def test_events_and_other_things_are_no_positions(text, reading):
    found = positions(reading(text))
    # the governments and factions named hold nothing: a completed withdrawal, a committee's
    # name, a charge, an investigation, a denial, an embassy's work, a place, de-escalation
    assert not {party for _, party in found} & {
        "iraqi_government",
        "us_administration",
        "iran_backed_militias",
        "iran",
    }, found


@pytest.mark.parametrize(
    ("text", "party", "stance"),
    [
        (
            "وأعرب السفير الأمريكي عن خيبة أمله من تصويت البرلمان على إخراج القوات الأجنبية.",
            "us_administration",
            "support",
        ),
        (
            "وعبر الصدر عن استيائه من مماطلة واشنطن في سحب قواتها من العراق.",
            "sadrist_movement",
            "oppose",
        ),
        (
            "وقال الحكيم إن العراق يحتاج إلى شراكات اقتصادية مع واشنطن بدلا من الوجود العسكري على أراضيه.",
            "hikma_movement",
            "oppose",
        ),
        (
            "وأكد بارزاني أن على بغداد تعزيز التنسيق مع التحالف بدلا من المطالبة بإخراجه.",
            "kurdistan_region",
            "support",
        ),
        (
            "وقال ترامب إنه لا ينوي على الإطلاق الانسحاب من العراق، وقد يستخدمه قاعدة إذا أراد القيام بشيء في سوريا.",
            "us_administration",
            "support",
        ),
        (
            "وقال الخزعلي إن العمليات ضد القواعد الأمريكية لن تتوقف إلا بالخروج الفعلي للقوات من العراق.",
            "iran_backed_militias",
            "oppose",
        ),
        (
            "وأظهر الاستطلاع أن 57 في المئة من العراقيين يرغبون في رحيل قوات التحالف فورا.",
            "iraqi_public",
            "oppose",
        ),
        (
            "وقال نائب رئيس كتلة الحزب الديمقراطي الكردستاني إن انسحاب القوات الأمريكية ليس مطلبا عراقيا جامعا.",
            "kurdistan_region",
            "support",
        ),
        (
            "وقالت الكتائب في بيان إنها لن تتزحزح عن ثوابتها في رفض الاحتلال ومن يقف معه.",
            "iran_backed_militias",
            "oppose",
        ),
    ],
)
def test_positions_under_another_word(text, party, stance, reading):
    assert reading(text).get((1, party)) == stance


@pytest.mark.parametrize(
    "text",
    [
        "وأضاف أن بلاده لن تسحب جنودها قبل أن تتأكد من قدرة القوات العراقية على منع عودة داعش.",
        "وأضاف أن بلاده لن تسحب قواتها من العراق قبل القضاء على خطر داعش.",
        "وأضاف أن المهمة القتالية للتحالف لن تنتهي قبل هزيمة داعش.",
        "وأضافت أن بلاده ستواصل تدريب القوات العراقية وتقديم المشورة لها.",
    ],
)
def test_refusals_before_a_goal_and_training_are_support(text, reading):
    assert reading(US, text).get((2, "us_administration")) == "support"


def test_a_procedural_condition_leaves_a_position_whole(reading):
    text = "وقال النائب عن تحالف الفتح إن التحالف سيصوت على قانون إخراج القوات الأجنبية إذا عرض على المجلس."
    assert reading(text).get((1, "fatah_alliance")) == "oppose"
    # a condition that restricts the forces keeps the position mixed
    text = "وقال النائب عن تحالف الفتح إنه يقبل بقاء القوات بشرط ألا تكون لها قواعد دائمة."
    assert reading(text).get((1, "fatah_alliance")) == "mixed"


def test_another_partys_words_are_its_own(claims_of):
    text = "وانتقد الصدر تصريحات السفير الأمريكي حول بقاء القوات في العراق."
    claims = claims_of(text)
    found = {p: s for p, s in claims.select("party", "stance").rows()}
    assert found.get("us_administration") == "support"
    assert found.get("sadrist_movement", "neutral") == "neutral"
    for row in claims.iter_rows(named=True):  # offsets stay exact
        if row["cue"] is not None:
            assert text[row["cue_start"] : row["cue_end"]] == row["cue"]


def test_a_clause_after_the_speaker_that_opens_with_an_complementizer_is_his(reading):
    text = "وقال رئيس تحالف الفتح هادي العامري، في بيان، إن الحكومة مطالبة بتنفيذ قرار البرلمان، مشيراً إلى أن الانسحاب يجب أن يشمل المستشارين أيضاً."
    found = reading(text)
    assert found.get((1, "fatah_alliance")) == "oppose", found
    assert (1, "iraqi_government") not in positions(found), found


def test_the_addressee_of_a_demand_with_bi_is_urged(reading):
    text = "أقر مجلس النواب العراقي، اليوم الأحد، قراراً يطالب الحكومة بإخراج القوات الأجنبية كافة من البلاد."
    found = reading(text)
    assert (1, "iraqi_government") not in positions(found), found
    assert found.get((1, "iraqi_parliament")) == "oppose", found


def test_who_judges_another_partys_words_is_the_speaker(reading):
    text = (
        "عدّ النائب عن تحالف الفتح كريم المحمداوي، اليوم الأحد، إعلان الحكومة قرب انتهاء"
        ' مهمة التحالف "خطوة في الاتجاه الصحيح".'
    )
    found = reading(text)
    assert found.get((1, "fatah_alliance")) == "oppose", found
    assert (1, "iraqi_government") not in positions(found), found


@pytest.mark.parametrize(
    "text",
    [
        "وأيد 55 في المئة من المستطلعين في الولايات المتحدة سحب القوات الأمريكية من العراق.",
        "وقال المسؤول الكردي إن استهداف القاعدة محاولة لإضعاف الإقليم.",
    ],
)
def test_americans_polled_and_an_attack_judged_are_no_iraqi_positions(text, reading):
    found = positions(reading(text))
    assert not {party for _, party in found} & {"iraqi_public", "kurdistan_region"}, found
