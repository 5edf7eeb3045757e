"""Build the held-out gold files from the specs below.

The passages, their annotations and the figure-phrase cases are written here by hand;
this script only writes the .txt files (one sentence per line, no trailing newline),
computes every character offset with str.find (token-boundary aware, with an explicit
occurrence index for repeated surfaces) and writes the .gold.json files and
figure_phrases.csv.  Run from anywhere:  python tests/heldout/build_heldout.py
Then check with:                          python tests/heldout/validate_heldout.py
"""

import csv
import json
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

US = "us_administration"
IG = "iraqi_government"
IP = "iraqi_parliament"
FA = "fatah_alliance"
SM = "sadrist_movement"
IM = "iran_backed_militias"
IR = "iran"
NA = "nato"
KR = "kurdistan_region"
CO = "us_led_coalition"
PU = "iraqi_public"

UNIT_TROOPS = "soldier"


def E(s, surface, label, entity, party, occ=0, note=None, nb=False):
    return dict(
        s=s, surface=surface, label=label, entity=entity, party=party, occ=occ, note=note, nb=nb
    )


def Opt(s, surface, occ=0, nb=False):
    return dict(s=s, surface=surface, occ=occ, nb=nb)


def F(
    s,
    surface,
    value,
    kind,
    qualifier,
    unit=None,
    subject=None,
    accept=None,
    low=None,
    high=None,
    note=None,
    occ=0,
    nb=False,
):
    if unit is None and kind == "troops":
        unit = UNIT_TROOPS
    return dict(
        s=s,
        surface=surface,
        value=value,
        kind=kind,
        unit=unit,
        qualifier=qualifier,
        accept=accept,
        low=low,
        high=high,
        subject=subject,
        note=note,
        occ=occ,
        nb=nb,
    )


def S(s, party, stance, accept, cue, note=None):
    assert stance in accept
    return dict(s=s, party=party, stance=stance, accept=accept, cue=cue, note=note)


# --------------------------------------------------------------------------------------
# Passages
# --------------------------------------------------------------------------------------
PASSAGES = []

# 01 — agency wire; Sadrist movement calls for the exit of US forces (topic 1)
PASSAGES.append(
    dict(
        num="01",
        slug="sadr_exit_wire",
        style="agency wire",
        lines=[
            "بغداد (وكالات) - دعا زعيم التيار الصدري مقتدى الصدر إلى خروج القوات الأمريكية من العراق، وحث أنصاره على التظاهر السلمي في العاصمة.",
            "وقال بيان صادر عن مكتب الصدر إن وجود القوات الأجنبية في البلاد يمثل انتهاكاً للسيادة الوطنية، داعياً إلى إغلاق القواعد العسكرية الأمريكية.",
            "وتجمع عشرات الآلاف من أنصار التيار في منطقة الجادرية ببغداد، رافعين شعارات تطالب بإنهاء الوجود العسكري الأمريكي في المنطقة، وبالعراق خصوصاً.",
            "وكان البرلمان العراقي قد صوّت في 5 كانون الثاني/يناير 2020 على قرار غير ملزم يطالب الحكومة بإنهاء وجود القوات الأجنبية، وذلك بعد يومين من مقتل قاسم سليماني وأبو مهدي المهندس بغارة أمريكية قرب مطار بغداد.",
            "ويتمركز نحو 5200 جندي أمريكي في قواعد عسكرية بالعراق ضمن التحالف الدولي ضد تنظيم داعش، وفق تقديرات وزارة الدفاع الأمريكية.",
            "في المقابل، قال مسؤولون في الحكومة العراقية إن أي انسحاب يجب أن يتم عبر الحوار مع واشنطن وبما يضمن عدم عودة داعش للعراق.",
        ],
        entities=[
            E(1, "بغداد", "GPE", "Baghdad", None),
            E(1, "التيار الصدري", "ORG", "Sadrist movement", SM),
            E(1, "مقتدى الصدر", "PERSON", "Muqtada al-Sadr", SM),
            E(1, "العراق", "GPE", "Iraq", None),
            E(2, "الصدر", "PERSON", "Muqtada al-Sadr", SM),
            E(3, "الجادرية", "LOC", "Jadriya", None),
            E(3, "ببغداد", "GPE", "Baghdad", None),
            E(3, "وبالعراق", "GPE", "Iraq", None),
            E(4, "البرلمان العراقي", "ORG", "Iraqi parliament", IP),
            E(4, "قاسم سليماني", "PERSON", "Qasem Soleimani", IR),
            E(4, "وأبو مهدي المهندس", "PERSON", "Abu Mahdi al-Muhandis", IM),
            E(4, "بغداد", "GPE", "Baghdad", None),
            E(5, "بالعراق", "GPE", "Iraq", None),
            E(5, "التحالف الدولي", "ORG", "US-led coalition", CO),
            E(5, "داعش", "ORG", "ISIS", None),
            E(5, "وزارة الدفاع الأمريكية", "ORG", "US Department of Defense", US),
            E(6, "الحكومة العراقية", "ORG", "Iraqi government", IG),
            E(6, "واشنطن", "GPE", "United States", US),
            E(6, "داعش", "ORG", "ISIS", None),
            E(6, "للعراق", "GPE", "Iraq", None),
        ],
        optional=[
            Opt(1, "زعيم التيار الصدري"),
            Opt(1, "الأمريكية"),
            Opt(2, "مكتب الصدر"),
            Opt(2, "الأمريكية"),
            Opt(3, "التيار"),
            Opt(3, "الأمريكي"),
            Opt(3, "منطقة الجادرية"),
            Opt(4, "الحكومة"),
            Opt(4, "أمريكية"),
            Opt(4, "مطار بغداد"),
            Opt(5, "أمريكي"),
            Opt(5, "تنظيم داعش"),
            Opt(5, "الأمريكية"),
            Opt(6, "مسؤولون في الحكومة العراقية"),
        ],
        figures=[
            F(
                3,
                "عشرات الآلاف",
                20000,
                "count",
                "vague",
                low=20000,
                high=99999,
                note="tens of thousands of supporters; vague plural, value = low bound",
            ),
            F(4, "5", 5, "date", "exact", note="5 January 2020"),
            F(4, "2020", 2020, "date", "exact"),
            F(4, "يومين", 2, "duration", "exact", unit="day", note="dual: two days"),
            F(5, "5200", 5200, "troops", "approx", subject=US),
        ],
        stance=[
            S(
                1,
                SM,
                "oppose",
                ["oppose"],
                "دعا زعيم التيار الصدري مقتدى الصدر إلى خروج القوات الأمريكية من العراق",
            ),
            S(2, SM, "oppose", ["oppose"], "داعياً إلى إغلاق القواعد العسكرية الأمريكية"),
            S(3, SM, "oppose", ["oppose"], "شعارات تطالب بإنهاء الوجود العسكري الأمريكي"),
            S(
                4,
                IP,
                "oppose",
                ["oppose"],
                "قرار غير ملزم يطالب الحكومة بإنهاء وجود القوات الأجنبية",
            ),
            S(5, US, "neutral", ["neutral", "support"], "وفق تقديرات وزارة الدفاع الأمريكية"),
            S(
                6,
                IG,
                "mixed",
                ["mixed", "neutral", "oppose"],
                "أي انسحاب يجب أن يتم عبر الحوار مع واشنطن وبما يضمن عدم عودة داعش",
                note="conditional: accepts a negotiated withdrawal that guards against an ISIS return",
            ),
        ],
    )
)

# 02 — Gulf daily; Kurdish officials support continued US presence (topic 2)
PASSAGES.append(
    dict(
        num="02",
        slug="krg_support_gulf_daily",
        style="Gulf daily",
        lines=[
            "أربيل - خاص: أكد مسؤولون في حكومة إقليم كردستان أهمية استمرار وجود القوات الأميركية وقوات التحالف الدولي في العراق، معتبرين أنها عامل استقرار في مواجهة خلايا داعش.",
            "وقال رئيس حكومة الإقليم مسرور بارزاني خلال لقائه وفداً عسكرياً أميركياً إن قوات البيشمركة ما زالت بحاجة إلى دعم التحالف في التدريب والتسليح وتبادل المعلومات الاستخبارية.",
            "وتستضيف قاعدة حرير الجوية شمال أربيل ومطار أربيل الدولي مئات الجنود الأميركيين، بحسب مصادر محلية.",
            "ويأتي الموقف الكردي في وقت تطالب فيه قوى سياسية في بغداد بإخراج القوات الأجنبية، وهو ما يرى فيه الإقليم تهديداً لتوازن أمني هش.",
            "وكانت واشنطن قد أعلنت أن قواتها ستنتقل إلى مهمة استشارية بحلول نهاية عام 2021، على أن يبقى نحو 2500 جندي في العراق وإقليم كردستان.",
            "ويرى مراقبون أن أميركا تعوّل على الإقليم شريكاً موثوقاً في أي ترتيبات أمنية مقبلة.",
        ],
        entities=[
            E(1, "أربيل", "GPE", "Erbil", None),
            E(1, "حكومة إقليم كردستان", "ORG", "Kurdistan Regional Government", KR),
            E(1, "التحالف الدولي", "ORG", "US-led coalition", CO),
            E(1, "العراق", "GPE", "Iraq", None),
            E(1, "داعش", "ORG", "ISIS", None),
            E(2, "مسرور بارزاني", "PERSON", "Masrour Barzani", KR),
            E(2, "البيشمركة", "ORG", "Peshmerga", KR),
            E(2, "التحالف", "ORG", "US-led coalition", CO),
            E(3, "حرير", "LOC", "Harir Air Base", None),
            E(3, "أربيل", "GPE", "Erbil", None, occ=0),
            E(3, "أربيل", "GPE", "Erbil", None, occ=1),
            E(4, "بغداد", "GPE", "Baghdad", None),
            E(5, "واشنطن", "GPE", "United States", US),
            E(5, "العراق", "GPE", "Iraq", None),
            E(5, "وإقليم كردستان", "GPE", "Kurdistan Region", None),
            E(6, "أميركا", "GPE", "United States", US),
        ],
        optional=[
            Opt(1, "مسؤولون في حكومة إقليم كردستان"),
            Opt(1, "الأميركية"),
            Opt(1, "وقوات التحالف الدولي"),
            Opt(1, "خلايا داعش"),
            Opt(2, "حكومة الإقليم"),
            Opt(2, "رئيس حكومة الإقليم"),
            Opt(2, "أميركياً"),
            Opt(2, "قوات البيشمركة"),
            Opt(3, "قاعدة حرير الجوية"),
            Opt(3, "ومطار أربيل الدولي"),
            Opt(3, "الأميركيين"),
            Opt(4, "الكردي"),
            Opt(4, "الإقليم"),
            Opt(6, "الإقليم"),
        ],
        figures=[
            F(
                3,
                "مئات",
                200,
                "troops",
                "vague",
                subject=US,
                low=200,
                high=999,
                note="hundreds of US soldiers; vague plural, value = low bound",
            ),
            F(5, "2021", 2021, "date", "exact"),
            F(5, "2500", 2500, "troops", "approx", subject=US),
        ],
        stance=[
            S(
                1,
                KR,
                "support",
                ["support"],
                "أهمية استمرار وجود القوات الأميركية وقوات التحالف الدولي",
            ),
            S(
                2,
                KR,
                "support",
                ["support", "mixed"],
                "قوات البيشمركة ما زالت بحاجة إلى دعم التحالف",
            ),
            S(
                4,
                KR,
                "support",
                ["support"],
                "يرى فيه الإقليم تهديداً لتوازن أمني هش",
                note="the Kurdish position is framed against calls to expel foreign forces",
            ),
            S(
                5,
                US,
                "mixed",
                ["mixed", "support"],
                "ستنتقل إلى مهمة استشارية ... يبقى نحو 2500 جندي",
            ),
            S(
                6,
                US,
                "neutral",
                ["neutral", "support"],
                "أميركا تعوّل على الإقليم شريكاً موثوقاً",
                note="observers' reading of US intentions",
            ),
        ],
    )
)

# 03 — Iraqi local news site; Kata'ib Hezbollah threat with a deadline (topic 3); Eastern Arabic digits
PASSAGES.append(
    dict(
        num="03",
        slug="kataib_deadline_local_site",
        style="Iraqi local news site (Eastern Arabic digits)",
        lines=[
            "بغداد/ المحرر: هددت كتائب حزب الله العراقية باستهداف القواعد التي تتواجد فيها القوات الأمريكية إذا لم تغادر البلاد خلال مهلة حددتها بـ٣٠ يوماً.",
            "وقالت الكتائب في بيان نشرته على منصاتها إن الهدنة غير المعلنة مع واشنطن انتهت، وإن الفصائل لن تقبل ببقاء أي جندي أجنبي على أرض العراق بعد انقضاء المهلة.",
            "ويبلغ عدد القوات الأمريكية في العراق نحو ٢٥٠٠ جندي، إضافة إلى حوالي ٩٠٠ جندي في سوريا المجاورة، وفق أرقام رسمية.",
            "وتعرّضت قاعدة عين الأسد في محافظة الأنبار خلال الأسبوعين الماضيين لأكثر من ١٠ هجمات بطائرات مسيّرة وصواريخ، من دون أن تتبنّاها أي جهة.",
            "من جانبها، أكدت قيادة العمليات المشتركة أن القوات الأمنية ستلاحق منفذي الهجمات، مشيرة إلى أن وجود المستشارين الأجانب يأتي بطلب من الحكومة العراقية.",
            "ويُذكر أن فصائل مسلحة أعلنت في ٢٠٢٠ هدنة مشروطة مع القوات الأمريكية استمرت عدة أشهر قبل أن تنهار.",
        ],
        entities=[
            E(1, "بغداد", "GPE", "Baghdad", None),
            E(1, "كتائب حزب الله", "ORG", "Kata'ib Hezbollah", IM),
            E(2, "واشنطن", "GPE", "United States", US),
            E(2, "العراق", "GPE", "Iraq", None),
            E(3, "العراق", "GPE", "Iraq", None),
            E(3, "سوريا", "GPE", "Syria", None),
            E(4, "عين الأسد", "LOC", "Ain al-Asad Air Base", None),
            E(4, "الأنبار", "GPE", "Anbar", None),
            E(5, "قيادة العمليات المشتركة", "ORG", "Iraqi Joint Operations Command", IG),
            E(5, "الحكومة العراقية", "ORG", "Iraqi government", IG),
        ],
        optional=[
            Opt(1, "كتائب حزب الله العراقية"),
            Opt(1, "الأمريكية"),
            Opt(2, "الكتائب"),
            Opt(2, "الفصائل"),
            Opt(3, "الأمريكية"),
            Opt(4, "قاعدة عين الأسد"),
            Opt(4, "محافظة الأنبار"),
            Opt(5, "القوات الأمنية"),
            Opt(6, "فصائل مسلحة"),
            Opt(6, "الأمريكية"),
        ],
        figures=[
            F(
                1,
                "٣٠",
                30,
                "duration",
                "at_most",
                unit="day",
                accept=["at_most", "exact"],
                high=30,
                note="deadline: within a 30-day grace period; digits follow the clitic بـ",
                nb=True,
            ),
            F(3, "٢٥٠٠", 2500, "troops", "approx", subject=US),
            F(3, "٩٠٠", 900, "troops", "approx", subject=US, note="US troops in Syria"),
            F(
                4,
                "الأسبوعين",
                2,
                "duration",
                "exact",
                unit="week",
                accept=["exact", "at_most"],
                note="dual: the past two weeks",
            ),
            F(4, "١٠", 10, "count", "more_than", low=10, note="attacks"),
            F(6, "٢٠٢٠", 2020, "date", "exact"),
        ],
        stance=[
            S(1, IM, "oppose", ["oppose"], "هددت ... باستهداف القواعد ... إذا لم تغادر البلاد"),
            S(2, IM, "oppose", ["oppose"], "لن تقبل ببقاء أي جندي أجنبي على أرض العراق"),
            S(
                5,
                IG,
                "support",
                ["support", "mixed", "neutral"],
                "وجود المستشارين الأجانب يأتي بطلب من الحكومة العراقية",
            ),
            S(
                6,
                IM,
                "oppose",
                ["oppose", "mixed", "neutral"],
                "هدنة مشروطة مع القوات الأمريكية",
                note="armed factions referred to generically",
            ),
        ],
    )
)

# 04 — TV news summary; government rejects attacks on bases and diplomatic missions (topic 4); tatweel
PASSAGES.append(
    dict(
        num="04",
        slug="gov_rejects_attacks_tv_summary",
        style="TV bulletin summary (with tatweel)",
        lines=[
            "ملخص نشرة الأخبار المسائية: الحكومة العراقية ترفض الاعتداءات على القواعد التي تستضيف قوات التحالف والبعثات الدبلوماسية.",
            "وقال المتحدث باسم الحكومة في تصريح للقناة إن استهداف قاعدة عين الأسد ومحيط السفارة الأمريكية في بغداد عمل مدان يسيء إلى سمعة العـــراق ويهدد التزاماته الدولية.",
            "وأضاف المتحدث أن القوات الأمنية اعتقلت ثلاثة مشتبه بهم، وأن التحقيقات مستمرة لكشف الجهات التي تقف وراء إطلاق الصواريخ.",
            "وفي الاستوديو، رأى محلل سياسي أن الحكومة تحاول التوازن بين التزاماتها تجاه التحالف الدولي وضغوط الفصائل المطالبة بخروج القوات الأجنبيــة.",
            "وبثّت القناة لقطات من موقع سقوط صاروخين قرب مطار بغـــداد الدولي فجر اليوم، من دون وقوع إصابات.",
            "وختمت النشرة بتأكيد وزارة الخارجية العراقية التزام بغداد بحماية البعثات الدبلوماسية وفق اتفاقية فيينا.",
        ],
        entities=[
            E(1, "الحكومة العراقية", "ORG", "Iraqi government", IG),
            E(1, "التحالف", "ORG", "US-led coalition", CO),
            E(2, "عين الأسد", "LOC", "Ain al-Asad Air Base", None),
            E(2, "السفارة الأمريكية", "ORG", "US Embassy in Baghdad", US),
            E(2, "بغداد", "GPE", "Baghdad", None),
            E(2, "العـــراق", "GPE", "Iraq", None, note="tatweel inside the name"),
            E(4, "التحالف الدولي", "ORG", "US-led coalition", CO),
            E(5, "بغـــداد", "GPE", "Baghdad", None, note="tatweel inside the name"),
            E(6, "وزارة الخارجية العراقية", "ORG", "Iraqi Ministry of Foreign Affairs", IG),
            E(6, "بغداد", "GPE", "Baghdad", IG, note="metonymy for the Iraqi government"),
            E(6, "فيينا", "GPE", "Vienna", None),
        ],
        optional=[
            Opt(1, "قوات التحالف"),
            Opt(2, "الحكومة"),
            Opt(2, "المتحدث باسم الحكومة"),
            Opt(2, "قاعدة عين الأسد"),
            Opt(2, "الأمريكية"),
            Opt(3, "القوات الأمنية"),
            Opt(4, "الحكومة"),
            Opt(4, "الفصائل"),
            Opt(5, "مطار بغـــداد الدولي"),
            Opt(6, "اتفاقية فيينا"),
        ],
        figures=[
            F(3, "ثلاثة", 3, "count", "exact", note="suspects"),
            F(5, "صاروخين", 2, "count", "exact", note="dual: two rockets"),
        ],
        stance=[
            S(
                1,
                IG,
                "support",
                ["support", "neutral"],
                "ترفض الاعتداءات على القواعد التي تستضيف قوات التحالف",
            ),
            S(
                2,
                IG,
                "support",
                ["support", "neutral"],
                "استهداف قاعدة عين الأسد ومحيط السفارة الأمريكية ... عمل مدان",
            ),
            S(3, IG, "neutral", ["neutral"], "اعتقلت ثلاثة مشتبه بهم"),
            S(
                4,
                IG,
                "mixed",
                ["mixed", "neutral"],
                "تحاول التوازن بين التزاماتها تجاه التحالف الدولي وضغوط الفصائل",
            ),
            S(
                4,
                IM,
                "oppose",
                ["oppose"],
                "الفصائل المطالبة بخروج القوات الأجنبيــة",
                note="armed factions referred to generically",
            ),
            S(6, IG, "neutral", ["neutral", "support"], "التزام بغداد بحماية البعثات الدبلوماسية"),
        ],
    )
)

# 05 — Levantine outlet; Pentagon negates any withdrawal (topic 5); البنتاغون / البنتاجون
PASSAGES.append(
    dict(
        num="05",
        slug="pentagon_no_withdrawal_levant",
        style="Levantine outlet",
        lines=[
            "واشنطن - نفت وزارة الدفاع الأميركية (البنتاغون) وجود أي خطط لسحب قواتها من العراق، رداً على تقارير تحدثت عن انسحاب وشيك.",
            "وقال متحدث باسم البنتاجون في مؤتمر صحافي إن الوزارة لا تنوي سحب الجنود الأميركيين البالغ عددهم نحو 2500 جندي، وإن مهمتهم ما زالت تقديم المشورة والمساعدة للقوات العراقية في مواجهة داعش.",
            "وذكّر المتحدث بأن رسالة تحدثت عن إعادة تموضع القوات وتسرّبت في السادس من كانون الثاني/يناير 2020 كانت مسودة غير موقّعة أُرسلت عن طريق الخطأ، ولا تعكس سياسة الوزارة.",
            "ولم يستبعد المتحدث مراجعة حجم القوات مستقبلاً بالتنسيق مع الحكومة العراقية، لكنه شدد على أن أي قرار لن يُتخذ تحت ضغط الهجمات.",
            "ويأتي ذلك بعد أن تعرّضت القوات الأمريكية لأكثر من 150 هجوماً في العراق وسوريا منذ تشرين الأول/أكتوبر 2023، وفق إحصاءات البنتاجون.",
            "وتُتهم فصائل مدعومة من إيران بالوقوف وراء معظم هذه الهجمات، فيما تنفي طهران أي صلة بها.",
        ],
        entities=[
            E(1, "واشنطن", "GPE", "Washington, D.C.", None, note="dateline"),
            E(1, "وزارة الدفاع الأميركية", "ORG", "US Department of Defense", US),
            E(1, "البنتاغون", "ORG", "US Department of Defense", US),
            E(1, "العراق", "GPE", "Iraq", None),
            E(2, "البنتاجون", "ORG", "US Department of Defense", US),
            E(2, "داعش", "ORG", "ISIS", None),
            E(4, "الحكومة العراقية", "ORG", "Iraqi government", IG),
            E(5, "العراق", "GPE", "Iraq", None),
            E(5, "وسوريا", "GPE", "Syria", None),
            E(5, "البنتاجون", "ORG", "US Department of Defense", US),
            E(6, "إيران", "GPE", "Iran", IR),
            E(6, "طهران", "GPE", "Iran", IR, note="metonymy for the Iranian government"),
        ],
        optional=[
            Opt(2, "متحدث باسم البنتاجون"),
            Opt(2, "الوزارة"),
            Opt(2, "الأميركيين"),
            Opt(2, "للقوات العراقية"),
            Opt(3, "الوزارة"),
            Opt(5, "الأمريكية"),
            Opt(6, "فصائل مدعومة من إيران"),
        ],
        figures=[
            F(2, "2500", 2500, "troops", "approx", subject=US),
            F(
                3,
                "السادس",
                6,
                "date",
                "exact",
                note="6 January 2020; day written as an ordinal word",
            ),
            F(3, "2020", 2020, "date", "exact"),
            F(5, "150", 150, "count", "more_than", low=150, note="attacks"),
            F(5, "2023", 2023, "date", "exact"),
        ],
        stance=[
            S(1, US, "support", ["support"], "نفت ... وجود أي خطط لسحب قواتها من العراق"),
            S(2, US, "support", ["support"], "لا تنوي سحب الجنود الأميركيين"),
            S(
                3,
                US,
                "support",
                ["support", "neutral"],
                "مسودة غير موقّعة أُرسلت عن طريق الخطأ، ولا تعكس سياسة الوزارة",
            ),
            S(4, US, "support", ["support", "mixed"], "أي قرار لن يُتخذ تحت ضغط الهجمات"),
            S(5, US, "neutral", ["neutral"], "وفق إحصاءات البنتاجون"),
            S(
                6,
                IM,
                "oppose",
                ["oppose", "neutral"],
                "بالوقوف وراء معظم هذه الهجمات",
                note="attacks attributed, not claimed",
            ),
            S(6, IR, "neutral", ["neutral"], "تنفي طهران أي صلة بها"),
        ],
    )
)

# 06 — poll of Iraqis (topic 6); fully diacritized
PASSAGES.append(
    dict(
        num="06",
        slug="poll_diacritized",
        style="Iraqi local news site (fully diacritized)",
        lines=[
            "أَظْهَرَ اسْتِطْلَاعٌ لِلرَّأْيِ أَجْرَاهُ مَرْكَزٌ بَحْثِيٌّ مُسْتَقِلٌّ فِي بَغْدَادَ أَنَّ 62% مِنَ الْعِرَاقِيِّينَ يُؤَيِّدُونَ خُرُوجَ الْقُوَّاتِ الْأَمْرِيكِيَّةِ مِنَ الْبِلَادِ.",
            "وَشَمِلَ الِاسْتِطْلَاعُ أَكْثَرَ مِنْ أَلْفَيْ مُشَارِكٍ مِنْ مُخْتَلِفِ الْمُحَافَظَاتِ، بِهَامِشِ خَطَأٍ يَبْلُغُ 3 فِي الْمِئَةِ.",
            "وَتَبَايَنَتِ النَّتَائِجُ بِحَسَبِ الْمَنَاطِقِ، إِذْ رَفَضَتْ غَالِبِيَّةُ الْمُسْتَطْلَعِينَ فِي إِقْلِيمِ كُرْدِسْتَانَ انْسِحَابَ الْقُوَّاتِ، بَيْنَمَا أَيَّدَ نَحْوُ ثَلَاثَةِ أَرْبَاعِ الْمُشَارِكِينَ فِي الْمُحَافَظَاتِ الْجَنُوبِيَّةِ رَحِيلَهَا.",
            "وَقَالَ مُدِيرُ الْمَرْكَزِ إِنَّ النَّتَائِجَ تَعْكِسُ اسْتِيَاءً شَعْبِيًّا مِنَ الضَّرَبَاتِ الْمُتَبَادَلَةِ عَلَى الْأَرَاضِي الْعِرَاقِيَّةِ.",
            "يُذْكَرُ أَنَّ اسْتِطْلَاعًا مُمَاثِلًا أُجْرِيَ فِي عَامِ 2019 أَظْهَرَ أَنَّ نِسْبَةَ الْمُؤَيِّدِينَ لِلِانْسِحَابِ لَمْ تَتَجَاوَزْ 40 فِي الْمِئَةِ.",
        ],
        entities=[
            E(1, "بَغْدَادَ", "GPE", "Baghdad", None),
            E(3, "إِقْلِيمِ كُرْدِسْتَانَ", "GPE", "Kurdistan Region", None),
        ],
        optional=[
            Opt(1, "الْعِرَاقِيِّينَ"),
            Opt(1, "الْأَمْرِيكِيَّةِ"),
            Opt(3, "الْمُحَافَظَاتِ الْجَنُوبِيَّةِ"),
            Opt(4, "الْعِرَاقِيَّةِ"),
        ],
        figures=[
            F(1, "62", 62, "percent", "exact", unit="percent"),
            F(
                2,
                "أَلْفَيْ",
                2000,
                "count",
                "more_than",
                low=2000,
                note="respondents; construct-state dual of ألف",
            ),
            F(2, "3", 3, "percent", "exact", unit="percent", note="margin of error"),
            F(
                3,
                "ثَلَاثَةِ أَرْبَاعِ",
                75,
                "percent",
                "approx",
                unit="percent",
                note="fraction 'three quarters' of respondents = 75 percent",
            ),
            F(5, "2019", 2019, "date", "exact"),
            F(5, "40", 40, "percent", "at_most", unit="percent", high=40),
        ],
        stance=[
            S(1, PU, "oppose", ["oppose"], "يُؤَيِّدُونَ خُرُوجَ الْقُوَّاتِ الْأَمْرِيكِيَّةِ"),
            S(
                3,
                PU,
                "mixed",
                ["mixed", "oppose"],
                "رَفَضَتْ غَالِبِيَّةُ ... انْسِحَابَ الْقُوَّاتِ / أَيَّدَ ... رَحِيلَهَا",
                note="respondents in the Kurdistan Region reject withdrawal, those in the south back it",
            ),
            S(4, PU, "neutral", ["neutral", "oppose"], "اسْتِيَاءً شَعْبِيًّا مِنَ الضَّرَبَاتِ الْمُتَبَادَلَةِ"),
            S(
                5,
                PU,
                "mixed",
                ["mixed", "neutral", "support"],
                "نِسْبَةَ الْمُؤَيِّدِينَ لِلِانْسِحَابِ لَمْ تَتَجَاوَزْ 40 فِي الْمِئَةِ",
                note="2019: a minority favoured withdrawal",
            ),
        ],
    )
)

# 07 — agency wire; NATO expansion and the coalition's shift to an advisory role (topic 7)
PASSAGES.append(
    dict(
        num="07",
        slug="nato_expansion_advisory_wire",
        style="agency wire (number words)",
        lines=[
            "بروكسل (وكالات) - وافق وزراء دفاع دول حلف شمال الأطلسي على توسيع بعثة الحلف التدريبية في العراق من نحو خمسمائة عنصر إلى قرابة أربعة آلاف، أي بزيادة ثلاثة آلاف وخمسمائة عنصر إضافي.",
            "وقال الأمين العام للحلف ينس ستولتنبرج إن التوسيع يتم بطلب من الحكومة العراقية وباحترام كامل لسيادة العراق ووحدة أراضيه.",
            "وأوضح أن أنشطة البعثة ستمتد إلى مؤسسات أمنية أخرى ومناطق خارج بغداد، على أن تبقى مهمتها غير قتالية.",
            "وفي سياق متصل، أعلن التحالف الدولي بقيادة الولايات المتحدة انتهاء مهمته القتالية في العراق مع نهاية عام 2021، والانتقال إلى دور استشاري يقتصر على التدريب والمشورة وتبادل المعلومات.",
            "وبموجب الترتيب الجديد يبقى المدربون والمستشارون فيما تغادر القوات القتالية، ويُتوقع أن يستقر عدد الجنود الأمريكيين عند ألفين وخمسمائة جندي تقريباً.",
            "وقال مسؤول عسكري عراقي إن القوات العراقية باتت قادرة على قيادة العمليات بنفسها، وإن بغداد لا تحتاج إلى قوات قتالية أجنبية بل إلى دعم في مجالات الاستخبارات والإسناد الجوي.",
            "وكانت الدنمارك قد تولت قيادة بعثة الناتو في العراق عند بدء مرحلة توسيعها.",
        ],
        entities=[
            E(1, "بروكسل", "GPE", "Brussels", None),
            E(1, "حلف شمال الأطلسي", "ORG", "NATO", NA),
            E(1, "العراق", "GPE", "Iraq", None),
            E(2, "ينس ستولتنبرج", "PERSON", "Jens Stoltenberg", NA),
            E(2, "الحكومة العراقية", "ORG", "Iraqi government", IG),
            E(2, "العراق", "GPE", "Iraq", None),
            E(3, "بغداد", "GPE", "Baghdad", None),
            E(4, "التحالف الدولي", "ORG", "US-led coalition", CO),
            E(4, "الولايات المتحدة", "GPE", "United States", US),
            E(4, "العراق", "GPE", "Iraq", None),
            E(6, "بغداد", "GPE", "Baghdad", IG, note="metonymy for the Iraqi government"),
            E(7, "الدنمارك", "GPE", "Denmark", None),
            E(7, "الناتو", "ORG", "NATO", NA),
            E(7, "العراق", "GPE", "Iraq", None),
        ],
        optional=[
            Opt(1, "وزراء دفاع دول حلف شمال الأطلسي"),
            Opt(1, "الحلف"),
            Opt(1, "بعثة الحلف التدريبية"),
            Opt(2, "للحلف"),
            Opt(2, "الأمين العام للحلف"),
            Opt(3, "البعثة"),
            Opt(5, "الأمريكيين"),
            Opt(6, "مسؤول عسكري عراقي"),
            Opt(6, "القوات العراقية"),
            Opt(7, "بعثة الناتو"),
        ],
        figures=[
            F(
                1,
                "خمسمائة",
                500,
                "troops",
                "approx",
                subject=NA,
                note="NATO mission size before expansion",
            ),
            F(
                1,
                "أربعة آلاف",
                4000,
                "troops",
                "approx",
                subject=NA,
                note="NATO mission size after expansion",
            ),
            F(1, "ثلاثة آلاف وخمسمائة", 3500, "troops", "additional", subject=NA),
            F(4, "2021", 2021, "date", "exact"),
            F(
                5,
                "ألفين وخمسمائة",
                2500,
                "troops",
                "approx",
                subject=US,
                note="qualifier تقريباً after the number",
            ),
        ],
        stance=[
            S(
                1,
                NA,
                "neutral",
                ["neutral", "support"],
                "توسيع بعثة الحلف التدريبية في العراق",
                note="NATO expands its own training mission; no position on US troops",
            ),
            S(2, NA, "neutral", ["neutral", "support"], "التوسيع يتم بطلب من الحكومة العراقية"),
            S(3, NA, "neutral", ["neutral"], "على أن تبقى مهمتها غير قتالية"),
            S(
                4,
                CO,
                "mixed",
                ["mixed", "support"],
                "انتهاء مهمته القتالية ... والانتقال إلى دور استشاري",
            ),
            S(5, CO, "mixed", ["mixed"], "يبقى المدربون والمستشارون فيما تغادر القوات القتالية"),
            S(
                6,
                IG,
                "mixed",
                ["mixed", "oppose"],
                "لا تحتاج إلى قوات قتالية أجنبية بل إلى دعم في مجالات الاستخبارات",
            ),
            S(7, NA, "neutral", ["neutral"], "قيادة بعثة الناتو"),
        ],
    )
)

# 08 — Levantine outlet; two figures for US troops differ, with dates (topic 8)
PASSAGES.append(
    dict(
        num="08",
        slug="troop_figures_differ_levant",
        style="Levantine outlet (analysis)",
        lines=[
            "بيروت - تتضارب الأرقام المتداولة حول حجم الوجود العسكري الأميركي في العراق، في ظل غياب بيانات تفصيلية من واشنطن.",
            "ففي بيان صدر في 9 كانون الأول/ديسمبر 2021، أكدت وزارة الدفاع الأميركية أن عدد جنودها في البلاد يبلغ نحو 2500 جندي، وهو الرقم نفسه الذي تكرر في تصريحات لاحقة.",
            "غير أن مصادر عراقية قدّرت في آذار/مارس 2023 العدد الفعلي بما لا يقل عن ثلاثة آلاف جندي، إذا ما احتُسبت القوات الخاصة والعناصر المنتشرة بصورة مؤقتة.",
            "كما يعمل في القواعد ذات الصلة عشرات المتعاقدين المدنيين الذين لا تشملهم الإحصاءات الرسمية.",
            "وبحسب تقديرات باحثين مستقلين، يتراوح عدد الأفراد الأميركيين في العراق وسوريا معاً بين 3400 و3500 فرد.",
            "ويرى محللون أن هذا الفارق، الذي قد يصل إلى خمسمائة جندي أو أكثر، يعكس حرص البنتاغون على عدم إثارة حساسية الشارع العراقي.",
            "وكانت القوات الأميركية قد بلغت ذروتها في العراق عام 2007 بأكثر من 160 ألف جندي.",
        ],
        entities=[
            E(1, "بيروت", "GPE", "Beirut", None),
            E(1, "العراق", "GPE", "Iraq", None),
            E(1, "واشنطن", "GPE", "United States", US),
            E(2, "وزارة الدفاع الأميركية", "ORG", "US Department of Defense", US),
            E(5, "العراق", "GPE", "Iraq", None),
            E(5, "وسوريا", "GPE", "Syria", None),
            E(6, "البنتاغون", "ORG", "US Department of Defense", US),
            E(7, "العراق", "GPE", "Iraq", None),
        ],
        optional=[
            Opt(1, "الأميركي"),
            Opt(3, "مصادر عراقية"),
            Opt(5, "الأميركيين"),
            Opt(6, "الشارع العراقي"),
            Opt(7, "الأميركية"),
        ],
        figures=[
            F(2, "9", 9, "date", "exact", note="9 December 2021"),
            F(2, "2021", 2021, "date", "exact"),
            F(2, "2500", 2500, "troops", "approx", subject=US),
            F(3, "2023", 2023, "date", "exact"),
            F(3, "ثلاثة آلاف", 3000, "troops", "at_least", subject=US, low=3000),
            F(
                4,
                "عشرات",
                20,
                "count",
                "vague",
                low=20,
                high=99,
                note="civilian contractors, not troops",
            ),
            F(
                5,
                "3400 و3500",
                3400,
                "troops",
                "range",
                subject=US,
                low=3400,
                high=3500,
                note="Iraq and Syria together; range value = low bound",
            ),
            F(
                6,
                "خمسمائة",
                500,
                "troops",
                "at_least",
                subject=US,
                accept=["at_least", "approx"],
                low=500,
                note="gap between the two estimates: up to 500 or more",
            ),
            F(7, "2007", 2007, "date", "exact"),
            F(7, "160 ألف", 160000, "troops", "more_than", subject=US, low=160000),
        ],
        stance=[
            S(
                2,
                US,
                "neutral",
                ["neutral", "support"],
                "أكدت وزارة الدفاع الأميركية أن عدد جنودها ... نحو 2500 جندي",
            ),
            S(
                6,
                US,
                "neutral",
                ["neutral", "support"],
                "حرص البنتاغون على عدم إثارة حساسية الشارع العراقي",
            ),
        ],
    )
)

# 09 — Iraqi local site; phased end of the coalition mission, PMF, Fatah, Kurdish MPs
PASSAGES.append(
    dict(
        num="09",
        slug="coalition_timeline_pmf_local",
        style="Iraqi local news site",
        lines=[
            "بغداد – المحرر السياسي: أعلنت الحكومة العراقية التوصل إلى تفاهم مع واشنطن على إنهاء مهمة التحالف الدولي على مرحلتين، تنتهي الأولى في أيلول/سبتمبر 2025 والثانية في أيلول/سبتمبر 2026.",
            "وبموجب التفاهم، تغادر قوات التحالف قاعدة عين الأسد ومقرات في بغداد خلال المرحلة الأولى، بينما يستمر وجود محدود في أربيل لمدة لا تتجاوز 12 شهراً إضافية.",
            "وجددت قيادات في هيئة الحشد الشعبي مطالبتها بخروج جميع القوات الأجنبية من البلاد، معتبرة أن الجدول الزمني المعلن أطول مما ينبغي.",
            "كما طالب نواب عن تحالف الفتح بإقرار قانون يلزم الحكومة بإخراج القوات الأمريكية في غضون اثني عشر شهراً، استناداً إلى قرار البرلمان الصادر عام 2020.",
            "في المقابل، حذّر نواب أكراد من أن الانسحاب المتسرع قد يفتح الباب أمام عودة داعش إلى المناطق المتنازع عليها بين أربيل وبغداد.",
            "ويبلغ عدد منتسبي الحشد أكثر من 200 ألف عنصر وفق موازنة عام 2023، ما يجعله لاعباً رئيسياً في معادلة الأمن بين إيران والعراق والولايات المتحدة.",
        ],
        entities=[
            E(1, "بغداد", "GPE", "Baghdad", None),
            E(1, "الحكومة العراقية", "ORG", "Iraqi government", IG),
            E(1, "واشنطن", "GPE", "United States", US),
            E(1, "التحالف الدولي", "ORG", "US-led coalition", CO),
            E(2, "التحالف", "ORG", "US-led coalition", CO),
            E(2, "عين الأسد", "LOC", "Ain al-Asad Air Base", None),
            E(2, "بغداد", "GPE", "Baghdad", None),
            E(2, "أربيل", "GPE", "Erbil", None),
            E(
                3,
                "هيئة الحشد الشعبي",
                "ORG",
                "Popular Mobilization Forces",
                IM,
                note="state-affiliated umbrella whose leading factions are Iran-aligned; mapped to iran_backed_militias",
            ),
            E(4, "تحالف الفتح", "ORG", "Fatah Alliance", FA),
            E(5, "داعش", "ORG", "ISIS", None),
            E(
                5,
                "أربيل",
                "GPE",
                "Erbil",
                KR,
                note="metonymy for the Kurdistan Regional Government",
            ),
            E(5, "وبغداد", "GPE", "Baghdad", IG, note="metonymy for the federal government"),
            E(6, "الحشد", "ORG", "Popular Mobilization Forces", IM),
            E(6, "إيران", "GPE", "Iran", IR),
            E(6, "والعراق", "GPE", "Iraq", None),
            E(6, "والولايات المتحدة", "GPE", "United States", US),
        ],
        optional=[
            Opt(2, "قوات التحالف"),
            Opt(2, "قاعدة عين الأسد"),
            Opt(3, "قيادات في هيئة الحشد الشعبي"),
            Opt(4, "نواب عن تحالف الفتح"),
            Opt(4, "الحكومة"),
            Opt(4, "الأمريكية"),
            Opt(4, "البرلمان"),
            Opt(5, "نواب أكراد"),
        ],
        figures=[
            F(
                1,
                "مرحلتين",
                2,
                "count",
                "exact",
                note="dual: two phases; الأولى/الثانية are ordinals, not figures",
            ),
            F(1, "2025", 2025, "date", "exact"),
            F(1, "2026", 2026, "date", "exact"),
            F(
                2,
                "12",
                12,
                "duration",
                "at_most",
                unit="month",
                accept=["at_most", "additional"],
                high=12,
                note="لمدة لا تتجاوز 12 شهراً إضافية: a bound on an extra period",
            ),
            F(
                4,
                "اثني عشر",
                12,
                "duration",
                "at_most",
                unit="month",
                accept=["at_most", "exact"],
                high=12,
                note="في غضون + number words",
            ),
            F(4, "2020", 2020, "date", "exact"),
            F(
                6,
                "200 ألف",
                200000,
                "troops",
                "more_than",
                subject=IM,
                low=200000,
                note="registered PMF members",
            ),
            F(6, "2023", 2023, "date", "exact"),
        ],
        stance=[
            S(1, IG, "oppose", ["oppose", "mixed"], "إنهاء مهمة التحالف الدولي على مرحلتين"),
            S(
                1,
                US,
                "mixed",
                ["mixed", "neutral", "oppose"],
                "تفاهم مع واشنطن على إنهاء مهمة التحالف الدولي",
                note="Washington is party to a phased end of the coalition mission",
            ),
            S(
                2,
                CO,
                "mixed",
                ["mixed", "neutral"],
                "تغادر قوات التحالف ... بينما يستمر وجود محدود في أربيل",
            ),
            S(3, IM, "oppose", ["oppose"], "مطالبتها بخروج جميع القوات الأجنبية من البلاد"),
            S(4, FA, "oppose", ["oppose"], "بإخراج القوات الأمريكية في غضون اثني عشر شهراً"),
            S(
                4,
                IP,
                "oppose",
                ["oppose", "neutral"],
                "قرار البرلمان الصادر عام 2020",
                note="reference to the January 2020 resolution",
            ),
            S(
                5,
                KR,
                "support",
                ["support", "mixed"],
                "الانسحاب المتسرع قد يفتح الباب أمام عودة داعش",
                note="Kurdish MPs; warns against a hasty withdrawal",
            ),
        ],
    )
)

# 10 — TV talk-show summary; Sudani, former Sadrist MP, Iranian diplomat, viewer poll; Persian digits
PASSAGES.append(
    dict(
        num="10",
        slug="talk_show_summary_tv",
        style="TV talk-show summary (Persian digits)",
        lines=[
            "ملخص حلقة البرنامج الحواري الأسبوعي: ناقشت الحلقة مستقبل الوجود الأمريكي في العراق بعد موجة الهجمات الأخيرة على القواعد العسكرية.",
            "واستهلت الحلقة بتقرير أشار إلى أن رئيس الوزراء محمد شياع السوداني أكد أكثر من مرة أن العراق لم يعد بحاجة إلى قوات قتالية أجنبية، مع الحفاظ على علاقات أمنية ثنائية مع أمريكا.",
            "وقال الضيف الأول، وهو نائب سابق عن التيار الصدري، إن الشارع العراقي يرفض بقاء أي قوات أجنبية، داعياً إلى جدول زمني للانسحاب لن يتجاوز ستة أشهر.",
            "في المقابل، رأى الضيف الثاني، وهو أكاديمي من أربيل، أن انسحاب نحو ٢٥٠٠ جندي دفعة واحدة سيترك فراغاً أمنياً قد تستغله خلايا داعش في المناطق الحدودية مع سوريا.",
            "وعرض البرنامج مداخلة هاتفية لدبلوماسي في السفارة الإيرانية ببغداد قال فيها إن طهران تعتبر وجود القوات الأمريكية في المنطقة مصدراً لعدم الاستقرار.",
            "واختُتمت الحلقة باستطلاع سريع لآراء المشاهدين أظهر أن ۷۰ بالمئة من المشاركين يؤيدون جدولة الانسحاب.",
        ],
        entities=[
            E(1, "العراق", "GPE", "Iraq", None),
            E(2, "محمد شياع السوداني", "PERSON", "Mohammed Shia al-Sudani", IG),
            E(2, "العراق", "GPE", "Iraq", None),
            E(2, "أمريكا", "GPE", "United States", US),
            E(3, "التيار الصدري", "ORG", "Sadrist movement", SM),
            E(4, "أربيل", "GPE", "Erbil", None),
            E(4, "داعش", "ORG", "ISIS", None),
            E(4, "سوريا", "GPE", "Syria", None),
            E(5, "السفارة الإيرانية", "ORG", "Embassy of Iran in Baghdad", IR),
            E(5, "ببغداد", "GPE", "Baghdad", None),
            E(5, "طهران", "GPE", "Iran", IR, note="metonymy for the Iranian government"),
        ],
        optional=[
            Opt(1, "الأمريكي"),
            Opt(2, "رئيس الوزراء"),
            Opt(3, "نائب سابق عن التيار الصدري"),
            Opt(3, "الشارع العراقي"),
            Opt(4, "خلايا داعش"),
            Opt(5, "الأمريكية"),
        ],
        figures=[
            F(3, "ستة", 6, "duration", "at_most", unit="month", high=6, note="لن يتجاوز ستة أشهر"),
            F(
                4,
                "٢٥٠٠",
                2500,
                "troops",
                "approx",
                subject=US,
                note="دفعة واحدة ('all at once') is an idiom, not a figure",
            ),
            F(
                6,
                "۷۰",
                70,
                "percent",
                "exact",
                unit="percent",
                note="Persian digits; viewers' poll",
            ),
        ],
        stance=[
            S(
                2,
                IG,
                "mixed",
                ["mixed", "oppose"],
                "لم يعد بحاجة إلى قوات قتالية أجنبية، مع الحفاظ على علاقات أمنية ثنائية مع أمريكا",
            ),
            S(
                3,
                SM,
                "oppose",
                ["oppose"],
                "يرفض بقاء أي قوات أجنبية، داعياً إلى جدول زمني للانسحاب",
                note="speaker is a former Sadrist MP",
            ),
            S(
                3,
                PU,
                "oppose",
                ["oppose", "neutral"],
                "الشارع العراقي يرفض بقاء أي قوات أجنبية",
                note="public opinion as claimed by the guest",
            ),
            S(
                5,
                IR,
                "oppose",
                ["oppose"],
                "تعتبر وجود القوات الأمريكية في المنطقة مصدراً لعدم الاستقرار",
            ),
            S(
                6,
                PU,
                "oppose",
                ["oppose", "mixed"],
                "يؤيدون جدولة الانسحاب",
                note="viewers' call-in poll",
            ),
        ],
    )
)


# --------------------------------------------------------------------------------------
# Offset computation
# --------------------------------------------------------------------------------------
def _wordish(ch):
    return unicodedata.category(ch)[0] in "LMN"


def find_occ(line, surface, occ, nb):
    """Start index (within line) of the occ-th token-bounded occurrence of surface."""
    hits = []
    i = line.find(surface)
    while i != -1:
        j = i + len(surface)
        ok = nb or (
            (i == 0 or not _wordish(line[i - 1])) and (j == len(line) or not _wordish(line[j]))
        )
        if ok:
            hits.append(i)
        i = line.find(surface, i + 1)
    if len(hits) <= occ:
        raise ValueError(f"surface {surface!r} occurrence {occ} not found in line: {line}")
    return hits[occ]


def build_passage(p):
    lines = p["lines"]
    text = "\n".join(lines)
    starts = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1

    def span(s, surface, occ, nb):
        i = find_occ(lines[s - 1], surface, occ, nb)
        a = starts[s - 1] + i
        return a, a + len(surface)

    sentences = [
        dict(sentence=k + 1, start=starts[k], end=starts[k] + len(lines[k]))
        for k in range(len(lines))
    ]
    ents = []
    for e in p["entities"]:
        a, b = span(e["s"], e["surface"], e["occ"], e["nb"])
        # entity notes stay in this file only: entity records keep exactly the seed's keys
        r = dict(
            surface=e["surface"],
            label=e["label"],
            entity=e["entity"],
            party=e["party"],
            sentence=e["s"],
            start=a,
            end=b,
        )
        ents.append(r)
    opts = []
    for o in p["optional"]:
        a, b = span(o["s"], o["surface"], o["occ"], o["nb"])
        opts.append(dict(surface=o["surface"], sentence=o["s"], start=a, end=b))
    figs = []
    for f in p["figures"]:
        a, b = span(f["s"], f["surface"], f["occ"], f["nb"])
        r = dict(surface=f["surface"], value=f["value"], kind=f["kind"])
        if f["unit"]:
            r["unit"] = f["unit"]
        r["qualifier"] = f["qualifier"]
        if f["accept"]:
            r["accept_qualifier"] = f["accept"]
        if f["low"] is not None:
            r["low"] = f["low"]
        if f["high"] is not None:
            r["high"] = f["high"]
        r["subject"] = f["subject"]
        if f["note"]:
            r["note"] = f["note"]
        r.update(sentence=f["s"], start=a, end=b)
        figs.append(r)
    stance = []
    for s in p["stance"]:
        r = dict(party=s["party"], stance=s["stance"], accept=s["accept"], cue=s["cue"])
        if s["note"]:
            r["note"] = s["note"]
        r["sentence"] = s["s"]
        stance.append(r)

    def key(r):
        return (r["start"], r["end"])

    stem = f"{p['num']}_{p['slug']}"
    gold = dict(
        article_id=f"heldout-{p['num']}",
        file=stem,
        sentences=sentences,
        entities=sorted(ents, key=key),
        optional=sorted(opts, key=key),
        figures=sorted(figs, key=key),
        stance=sorted(stance, key=lambda r: r["sentence"]),
    )
    for r in gold["entities"] + gold["optional"] + gold["figures"]:
        assert text[r["start"] : r["end"]] == r["surface"], r
    return stem, text, gold


# --------------------------------------------------------------------------------------
# Figure phrase cases (TASK B)
# columns: phrase, surface, value, low, high, qualifier, kind, unit, note
# --------------------------------------------------------------------------------------
T, D, P_, M, DT, C = "troops", "duration", "percent", "money", "date", "count"
SO = "soldier"
PHRASES = [
    # digit scripts and separators
    ("نحو 2500 جندي أمريكي", "2500", 2500, "", "", "approx", T, SO, "ASCII digits; نحو"),
    (
        "حوالي ٢٥٠٠ جندي",
        "٢٥٠٠",
        2500,
        "",
        "",
        "approx",
        T,
        SO,
        "Eastern Arabic-Indic digits; حوالي",
    ),
    ("قرابة ۲۵۰۰ جندي", "۲۵۰۰", 2500, "", "", "approx", T, SO, "Persian digits; قرابة"),
    ("زهاء 2,500 عسكري", "2,500", 2500, "", "", "approx", T, SO, "comma thousands separator; زهاء"),
    (
        "ما يقارب ٢٬٥٠٠ جندي",
        "٢٬٥٠٠",
        2500,
        "",
        "",
        "approx",
        T,
        SO,
        "Arabic thousands separator U+066C; ما يقارب",
    ),
    (
        "نحو 2.500 جندي",
        "2.500",
        2500,
        "",
        "",
        "approx",
        T,
        SO,
        "dot followed by three digits = thousands separator",
    ),
    (
        "2500 جندي تقريباً",
        "2500",
        2500,
        "",
        "",
        "approx",
        T,
        SO,
        "qualifier تقريباً after the number",
    ),
    ("ما يقارب ۳۰۰۰ عنصر", "۳۰۰۰", 3000, "", "", "approx", T, SO, "Persian digits; عنصر"),
    ("بنسبة 2.5 في المئة", "2.5", 2.5, "", "", "exact", P_, "percent", "decimal point"),
    (
        "٢٫٥ في المائة من السكان",
        "٢٫٥",
        2.5,
        "",
        "",
        "exact",
        P_,
        "percent",
        "Arabic decimal separator U+066B; في المائة",
    ),
    (
        "ارتفعت النسبة إلى ۱۲٫۵٪",
        "۱۲٫۵",
        12.5,
        "",
        "",
        "exact",
        P_,
        "percent",
        "Persian digits, Arabic decimal separator, ٪",
    ),
    ("نشر 1,200 جندي", "1,200", 1200, "", "", "exact", T, SO, "comma thousands separator"),
    # units, tens, teens
    ("أحد عشر جندياً", "أحد عشر", 11, "", "", "exact", T, SO, "teen number words"),
    (
        "خمسة عشر مستشاراً عسكرياً",
        "خمسة عشر",
        15,
        "",
        "",
        "exact",
        T,
        SO,
        "teen number words; مستشار",
    ),
    ("عشرون مقاتلاً", "عشرون", 20, "", "", "exact", T, SO, "tens word; مقاتل"),
    ("ثلاثون عنصراً من القوات الخاصة", "ثلاثون", 30, "", "", "exact", T, SO, "tens word"),
    ("ثلاثة جنود أمريكيين", "ثلاثة", 3, "", "", "exact", T, SO, "unit word; جنود"),
    ("عشرة مستشارين", "عشرة", 10, "", "", "exact", T, SO, "unit word"),
    ("سبعة عناصر من الحشد", "سبعة", 7, "", "", "exact", T, SO, "unit word; عناصر"),
    ("أربعة عشر نائباً", "أربعة عشر", 14, "", "", "exact", C, "", "teen number words; count"),
    # hundreds
    ("مئة جندي", "مئة", 100, "", "", "exact", T, SO, "مئة spelling"),
    ("مائة مستشار", "مائة", 100, "", "", "exact", T, SO, "مائة spelling"),
    ("وصل مئتا جندي إلى القاعدة", "مئتا", 200, "", "", "exact", T, SO, "construct dual of مئة"),
    ("نحو مئتين من العسكريين", "مئتين", 200, "", "", "approx", T, SO, "dual مئتين; عسكري"),
    ("مئتان من الجنود", "مئتان", 200, "", "", "exact", T, SO, "dual مئتان"),
    ("ثلاثمئة جندي", "ثلاثمئة", 300, "", "", "exact", T, SO, "ثلاثمئة spelling"),
    ("ثلاثمائة عسكري", "ثلاثمائة", 300, "", "", "exact", T, SO, "ثلاثمائة spelling"),
    ("خمسمائة عنصر من بعثة الناتو", "خمسمائة", 500, "", "", "exact", T, SO, "hundreds word"),
    # thousands
    ("ألف جندي", "ألف", 1000, "", "", "exact", T, SO, "ألف alone"),
    ("ألفان من الجنود", "ألفان", 2000, "", "", "exact", T, SO, "dual ألفان"),
    ("نحو ألفين من العسكريين", "ألفين", 2000, "", "", "approx", T, SO, "dual ألفين"),
    ("ألفا جندي", "ألفا", 2000, "", "", "exact", T, SO, "construct dual ألفا"),
    ("ثلاثة آلاف جندي", "ثلاثة آلاف", 3000, "", "", "exact", T, SO, "thousands words"),
    (
        "ثلاثة آلاف وخمسمائة عنصر إضافي",
        "ثلاثة آلاف وخمسمائة",
        3500,
        "",
        "",
        "additional",
        T,
        SO,
        "compound; إضافي",
    ),
    ("ألفين وخمسمائة جندي", "ألفين وخمسمائة", 2500, "", "", "exact", T, SO, "compound with dual"),
    ("2.5 ألف جندي", "2.5 ألف", 2500, "", "", "exact", T, SO, "decimal digits + ألف"),
    ("3 آلاف مقاتل", "3 آلاف", 3000, "", "", "exact", T, SO, "digits + آلاف"),
    ("أكثر من 160 ألف جندي", "160 ألف", 160000, 160000, "", "more_than", T, SO, "digits + ألف"),
    # millions, billions, fractions of them
    ("مليون دولار", "مليون", 1000000, "", "", "exact", M, "USD", "مليون alone"),
    ("مليار دينار", "مليار", 1000000000, "", "", "exact", M, "IQD", "مليار alone; دينار"),
    ("٣ ملايين دولار", "٣ ملايين", 3000000, "", "", "exact", M, "USD", "Eastern digits + ملايين"),
    ("2.5 مليار دولار", "2.5 مليار", 2500000000, "", "", "exact", M, "USD", "decimal + مليار"),
    ("500 مليون دولار", "500 مليون", 500000000, "", "", "exact", M, "USD", "digits + مليون"),
    (
        "نحو 1.2 مليار دولار",
        "1.2 مليار",
        1200000000,
        "",
        "",
        "approx",
        M,
        "USD",
        "decimal + مليار; نحو",
    ),
    ("250 ألف دينار", "250 ألف", 250000, "", "", "exact", M, "IQD", "digits + ألف; دينار"),
    ("ربع مليون نازح", "ربع مليون", 250000, "", "", "exact", C, "", "fraction of a clear number"),
    (
        "نصف مليون دولار",
        "نصف مليون",
        500000,
        "",
        "",
        "exact",
        M,
        "USD",
        "fraction of a clear number",
    ),
    # vague plurals
    (
        "عشرات الجنود",
        "عشرات",
        20,
        20,
        99,
        "vague",
        T,
        SO,
        "vague plural: عشرات = 20-99, value = low",
    ),
    ("مئات العسكريين", "مئات", 200, 200, 999, "vague", T, SO, "vague plural: مئات = 200-999"),
    ("آلاف المقاتلين", "آلاف", 2000, 2000, 9999, "vague", T, SO, "vague plural: آلاف = 2000-9999"),
    (
        "عشرات الآلاف من المتظاهرين",
        "عشرات الآلاف",
        20000,
        20000,
        99999,
        "vague",
        C,
        "",
        "tens of thousands",
    ),
    ("عشرات الهجمات الصاروخية", "عشرات", 20, 20, 99, "vague", C, "", "vague plural; count"),
    (
        "مئات المتعاقدين المدنيين",
        "مئات",
        200,
        200,
        999,
        "vague",
        C,
        "",
        "contractors are not troops",
    ),
    # more_than
    ("أكثر من 300 جندي", "300", 300, 300, "", "more_than", T, SO, "أكثر من"),
    ("قوة تزيد عن 300 عنصر", "300", 300, 300, "", "more_than", T, SO, "تزيد عن"),
    ("قوة تزيد على ٥٠٠ جندي", "٥٠٠", 500, 500, "", "more_than", T, SO, "تزيد على"),
    ("عدد يزيد على 900 جندي في سوريا", "900", 900, 900, "", "more_than", T, SO, "يزيد على"),
    (
        "عدد يتجاوز 2000 جندي",
        "2000",
        2000,
        2000,
        "",
        "more_than",
        T,
        SO,
        "يتجاوز without negation = more_than",
    ),
    (
        "ما يزيد على ألف عسكري",
        "ألف",
        1000,
        1000,
        "",
        "more_than",
        T,
        SO,
        "ما يزيد على + number word",
    ),
    ("أكثر من 150 هجوماً", "150", 150, 150, "", "more_than", C, "", "count of attacks"),
    # at_least / at_most / less_than
    ("لا يقل عن 2500 جندي", "2500", 2500, 2500, "", "at_least", T, SO, "لا يقل عن"),
    ("عدد لا يتجاوز 500 مستشار", "500", 500, "", 500, "at_most", T, SO, "لا يتجاوز"),
    ("لن يتجاوز عددهم 3000 جندي", "3000", 3000, "", 3000, "at_most", T, SO, "لن يتجاوز"),
    (
        "الانسحاب في غضون 12 شهراً",
        "12",
        12,
        "",
        12,
        "at_most",
        D,
        "month",
        "في غضون; exact also defensible",
    ),
    (
        "خلال ستة أشهر",
        "ستة",
        6,
        "",
        6,
        "at_most",
        D,
        "month",
        "خلال + number word; exact also defensible",
    ),
    ("في غضون عامين", "عامين", 2, "", 2, "at_most", D, "year", "dual duration word is the surface"),
    ("خلال 30 يوماً", "30", 30, "", 30, "at_most", D, "day", "خلال"),
    ("أقل من 100 جندي", "100", 100, "", 100, "less_than", T, SO, "أقل من"),
    ("قوة بعدد دون 200 عنصر", "200", 200, "", 200, "less_than", T, SO, "دون"),
    # additional
    ("3500 جندي إضافي", "3500", 3500, "", "", "additional", T, SO, "إضافي"),
    ("ألف جندي إضافي", "ألف", 1000, "", "", "additional", T, SO, "number word + إضافي"),
    ("إرسال 1500 عسكري إضافي", "1500", 1500, "", "", "additional", T, SO, "إضافي"),
    (
        "قوات إضافية قوامها 500 جندي",
        "500",
        500,
        "",
        "",
        "additional",
        T,
        SO,
        "إضافية before the number",
    ),
    # ranges
    (
        "بين 2500 و3000 جندي",
        "2500 و3000",
        2500,
        2500,
        3000,
        "range",
        T,
        SO,
        "بين X و Y; value = low",
    ),
    ("من 3 إلى 5 سنوات", "3 إلى 5", 3, 3, 5, "range", D, "year", "من X إلى Y"),
    ("2500-3000 جندي", "2500-3000", 2500, 2500, 3000, "range", T, SO, "X-Y"),
    (
        "بين ألفين وثلاثة آلاف جندي",
        "ألفين وثلاثة آلاف",
        2000,
        2000,
        3000,
        "range",
        T,
        SO,
        "range, not the compound 5000",
    ),
    ("ما بين ٤٠ و٦٠ في المئة", "٤٠ و٦٠", 40, 40, 60, "range", P_, "percent", "range of percents"),
    # durations
    ("لمدة شهرين", "شهرين", 2, "", "", "exact", D, "month", "dual"),
    ("بعد عامين من الانسحاب", "عامين", 2, "", "", "exact", D, "year", "dual"),
    ("منذ 18 عاماً", "18", 18, "", "", "exact", D, "year", "عاماً"),
    ("لمدة أسبوعين", "أسبوعين", 2, "", "", "exact", D, "week", "dual"),
    ("مهلة 48 ساعة", "48", 48, "", "", "exact", D, "hour", "hours"),
    ("بعد يومين من الهجوم", "يومين", 2, "", "", "exact", D, "day", "dual"),
    # percent
    ("60% من العراقيين", "60", 60, "", "", "exact", P_, "percent", "% sign excluded from surface"),
    ("٧٥٪ من المشاركين", "٧٥", 75, "", "", "exact", P_, "percent", "Arabic percent sign ٪"),
    ("45 في المئة من المستطلعين", "45", 45, "", "", "exact", P_, "percent", "في المئة"),
    ("نحو 30 بالمئة", "30", 30, "", "", "approx", P_, "percent", "بالمئة"),
    ("52 في المائة", "52", 52, "", "", "exact", P_, "percent", "في المائة"),
    # dates
    (
        "في كانون الثاني / يناير 2020",
        "2020",
        2020,
        "",
        "",
        "exact",
        DT,
        "",
        "paired month names; year",
    ),
    ("في 1 آذار", "1", 1, "", "", "exact", DT, "", "1 March; day value"),
    ("في 3 شباط/فبراير", "3", 3, "", "", "exact", DT, "", "3 February"),
    ("في ١٠ نيسان", "١٠", 10, "", "", "exact", DT, "", "10 April; Eastern digits"),
    (
        "في مايو أيار 2021",
        "2021",
        2021,
        "",
        "",
        "exact",
        DT,
        "",
        "paired month names without slash",
    ),
    ("في 15 حزيران/يونيو", "15", 15, "", "", "exact", DT, "", "15 June"),
    ("في 4 تموز", "4", 4, "", "", "exact", DT, "", "4 July"),
    ("في آب/أغسطس 2014", "2014", 2014, "", "", "exact", DT, "", "August 2014"),
    ("في 29 أيلول", "29", 29, "", "", "exact", DT, "", "29 September"),
    ("منذ تشرين الأول/أكتوبر 2019", "2019", 2019, "", "", "exact", DT, "", "October 2019"),
    ("في 20 تشرين الثاني", "20", 20, "", "", "exact", DT, "", "20 November"),
    ("في 9 كانون الأول/ديسمبر", "9", 9, "", "", "exact", DT, "", "9 December"),
    ("في 31 ديسمبر", "31", 31, "", "", "exact", DT, "", "Egyptian month name"),
    ("في 26 يوليو", "26", 26, "", "", "exact", DT, "", "Egyptian month name"),
    ("في 12 مارس", "12", 12, "", "", "exact", DT, "", "12 March, Egyptian name"),
    ("في نيسان/أبريل 2003", "2003", 2003, "", "", "exact", DT, "", "April 2003"),
    ("عام 2003", "2003", 2003, "", "", "exact", DT, "", "year after عام"),
    ("في 2011", "2011", 2011, "", "", "exact", DT, "", "year after في"),
    ("سنة 2014", "2014", 2014, "", "", "exact", DT, "", "year after سنة"),
    ("في ٢٠٢٤", "٢٠٢٤", 2024, "", "", "exact", DT, "", "year in Eastern digits"),
    # counts
    ("ثلاث هجمات", "ثلاث", 3, "", "", "exact", C, "", "feminine-noun counting form"),
    ("سقوط صاروخين", "صاروخين", 2, "", "", "exact", C, "", "dual noun"),
    ("سبع قواعد عسكرية", "سبع", 7, "", "", "exact", C, "", "count of bases"),
    # negatives: no figure
    ("الفرقة الأولى", "", "", "", "", "", "", "", "ordinal; no figure"),
    ("المرحلة الثانية من الانسحاب", "", "", "", "", "", "", "", "ordinal; no figure"),
    ("القوات الأمريكية في العراق", "", "", "", "", "", "", "", "no number"),
    ("أكد المتحدث أكثر من مرة", "", "", "", "", "", "", "", "أكثر من without a number"),
    ("نصف القوات", "", "", "", "", "", "", "", "fraction without a clear base number"),
    ("ثلث الجنود", "", "", "", "", "", "", "", "fraction without a clear base number"),
    ("انسحاب القوات دفعة واحدة", "", "", "", "", "", "", "", "idiom 'all at once'"),
    ("عدد كبير من الجنود", "", "", "", "", "", "", "", "no number"),
    ("في الأيام المقبلة", "", "", "", "", "", "", "", "no number"),
    ("الحرب العالمية الثانية", "", "", "", "", "", "", "", "ordinal; no figure"),
]

CSV_COLUMNS = ["phrase", "surface", "value", "low", "high", "qualifier", "kind", "unit", "note"]


def write_phrases():
    with open(HERE / "figure_phrases.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        for row in PHRASES:
            assert len(row) == len(CSV_COLUMNS), row
            assert row[1] == "" or row[1] in row[0], row
            w.writerow(row)


def main():
    for p in PASSAGES:
        stem, text, gold = build_passage(p)
        (HERE / f"{stem}.txt").write_text(text, encoding="utf-8")
        with open(HERE / f"{stem}.gold.json", "w", encoding="utf-8") as fh:
            json.dump(gold, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    write_phrases()
    print(f"wrote {len(PASSAGES)} passages and {len(PHRASES)} phrase cases")


if __name__ == "__main__":
    main()
