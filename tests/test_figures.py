"""Figures: the number grammar, qualifiers, kinds, subjects, comparison, scoring and views."""

import math
import re
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

import ipywidgets
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib import font_manager
from matplotlib.figure import Figure
from polars.testing import assert_frame_equal

from toolkit.arabic import split_sentences
from toolkit.datasets import course_articles, heldout_figure_phrases, heldout_passages
from toolkit.figures import (
    FIGURE_SCHEMA,
    QUALIFIERS,
    comparable_figures,
    compare_figures,
    compare_in_chunks,
    evaluate_figures,
    evaluate_phrases,
    extract_figures,
    figure_intervals,
    parse_number,
)
from toolkit.views.figures import (
    SYNTHETIC_NOTE,
    figure_explorer,
    figure_table_html,
    format_figure,
    plot_figure_intervals,
    plot_figure_timeline,
)
from toolkit.views.plots import ARABIC_FONT

HERE = Path(__file__).parent
PHRASES = pl.read_csv(HERE / "data" / "figure_phrases.csv", infer_schema=False)
FIELDS = ("value", "low", "high", "qualifier", "kind", "unit")


def figures_of(*texts: str, **options) -> pl.DataFrame:
    frame = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})
    return extract_figures(frame, **options)


def one(text: str) -> dict:
    found = figures_of(text)
    assert found.height == 1, found.select("surface", "value", "kind").rows()
    return found.row(0, named=True)


# --------------------------------------------------------------------------------------------
# The phrase cases (tests/data/figure_phrases.csv)
# --------------------------------------------------------------------------------------------

DEV = PHRASES.filter(pl.col("set") == "dev")
AFTER = PHRASES.filter(pl.col("set") == "after")


def test_the_phrase_file_is_big_enough_and_well_formed():
    assert DEV.height >= 80 and AFTER.height >= 15
    assert set(PHRASES.columns) >= {"phrase", "surface", *FIELDS, "set"}
    assert set(PHRASES["set"]) == {"dev", "after"}
    for row in PHRASES.iter_rows(named=True):
        if row["surface"]:
            assert row["surface"] in row["phrase"], row
            assert row["qualifier"] in QUALIFIERS, row
            assert row["kind"] in {"troops", "duration", "date", "percent", "money", "count"}


@pytest.mark.parametrize(
    "case", list(DEV.iter_rows(named=True)), ids=[f"{i:03d}" for i in range(DEV.height)]
)
def test_dev_phrase(case):
    scores, table = evaluate_phrases(pl.DataFrame([case]))
    row = table.row(0, named=True)
    wrong = {f: row[f"predicted_{f}"] for f in ("found", *FIELDS) if not row.get(f"ok_{f}", True)}
    assert scores["all"] == 1.0, f"{case['phrase']!r} → {row['predicted_surface']!r}: {wrong}"


def test_after_set_score():
    """Cases written after the parser was done (first run: 23/24 fully right; see report)."""
    scores, _ = evaluate_phrases(AFTER)
    print("\nafter-set phrase scores:", {k: round(v, 3) for k, v in scores.items()})
    assert scores["value"] >= 0.9 and scores["all"] >= 0.8


# --------------------------------------------------------------------------------------------
# Held-out sets, written by someone who never saw the code: scored and reported, with floors
# --------------------------------------------------------------------------------------------


def test_heldout_phrases():
    cases = heldout_figure_phrases()
    scores, table = evaluate_phrases(cases)
    print("\nheld-out phrase scores:", {k: round(v, 3) for k, v in scores.items()})
    misses = table.filter(~pl.col("ok_all")).select("phrase", "predicted_surface")
    print(misses)
    assert scores["cases"] >= 50
    assert scores["value"] >= 0.7 and scores["kind"] >= 0.7 and scores["qualifier"] >= 0.7


def test_heldout_passages():
    passages, golds = heldout_passages()
    scores = evaluate_figures(extract_figures(passages), golds)
    print(
        "\nheld-out passage scores:",
        {k: round(v, 3) for k, v in scores.items() if isinstance(v, float)},
    )
    print(scores["errors"])
    assert scores["recall"] >= 0.7 and scores["precision"] >= 0.7
    assert scores["value_accuracy"] >= 0.7 and scores["kind_accuracy"] >= 0.7


# --------------------------------------------------------------------------------------------
# The seed gold
# --------------------------------------------------------------------------------------------


def test_seed_gold_every_figure_right(seed, gold):
    figures = extract_figures(seed)
    text = seed["text"][0]
    for g in gold[0]["figures"]:
        hits = figures.filter((pl.col("start") < g["end"]) & (pl.col("end") > g["start"]))
        assert hits.height == 1, g
        hit = hits.row(0, named=True)
        assert hit["value"] == g["value"] and hit["kind"] == g["kind"], (g, hit)
        assert hit["qualifier"] in (g.get("accept_qualifier") or [g["qualifier"]]), (g, hit)
        assert hit["subject"] == g["subject"], (g, hit)
        assert text[hit["number_start"] : hit["number_end"]] == g["surface"]
    scores = evaluate_figures(figures, gold)
    assert scores["precision"] >= 0.9 and scores["recall"] == 1.0
    assert scores["value_accuracy"] == scores["kind_accuracy"] == 1.0
    assert scores["qualifier_accuracy"] == scores["subject_accuracy"] == 1.0


def test_seed_nato_figures(seed):
    figures = extract_figures(seed).filter(pl.col("subject") == "nato")
    rows = figures.select("surface", "value", "qualifier", "low").rows()
    assert rows == [
        ("تزيد عن 300", 300.0, "more_than", 300.0),
        ("3500 جندي إضافي", 3500.0, "additional", None),
    ]


# --------------------------------------------------------------------------------------------
# The output contract
# --------------------------------------------------------------------------------------------


def test_schema_and_offsets_on_the_course_corpus():
    articles = course_articles()
    figures = extract_figures(articles)
    assert dict(figures.schema) == FIGURE_SCHEMA
    texts = dict(articles.select("article_id", "text").iter_rows())
    sentences = split_sentences(articles)
    spans = {
        (a, s): (b, e)
        for a, s, b, e in sentences.select("article_id", "sentence_id", "start", "end").iter_rows()
    }
    for row in figures.iter_rows(named=True):
        text = texts[row["article_id"]]
        assert text[row["start"] : row["end"]] == row["surface"]
        assert row["start"] <= row["number_start"] < row["number_end"] <= row["end"]
        assert spans[(row["article_id"], row["sentence_id"])] == (
            row["sentence_start"],
            row["sentence_end"],
        )
        assert row["sentence_start"] <= row["start"] and row["end"] <= row["sentence_end"]
    assert figures["qualifier"].is_in(list(QUALIFIERS)).all()
    # no two figures overlap
    ordered = figures.sort("article_id", "start")
    for (a1, _, e1), (a2, s2, _) in zip(
        ordered.select("article_id", "start", "end").rows(),
        ordered.select("article_id", "start", "end").rows()[1:],
        strict=False,
    ):
        assert a1 != a2 or e1 <= s2


def test_empty_and_figureless_input():
    empty = extract_figures(pl.DataFrame(schema={"article_id": pl.String, "text": pl.String}))
    assert empty.height == 0 and dict(empty.schema) == FIGURE_SCHEMA
    assert figures_of("لا أرقام هنا على الإطلاق.").height == 0
    assert figures_of("").height == 0


def test_accepts_a_lazy_frame_and_other_columns():
    lazy = pl.LazyFrame({"article_id": ["x"], "text": ["نحو 2500 جندي"], "source": ["s"]})
    assert extract_figures(lazy)["value"].to_list() == [2500.0]


def test_sentence_ids_match_split_sentences():
    text = "قال المسؤول إن 3.5 ألف جندي سيبقون. وأضاف أن 200 مستشار سيغادرون!"
    figures = figures_of(text)
    assert figures["sentence_id"].to_list() == [1, 2]
    assert figures["value"].to_list() == [3500.0, 200.0]


PIECES = list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹.,٫٬%٪-/ \n،؛")
PIECES += list("ابتثجحخدذرسشصضطظعغفقكلمنهويىةأإآءئؤـًٌٍَُِّْ")
PIECES += ["ألف", "آلاف", "مليون", "نحو ", "أكثر من ", "بين ", " و", "جندي", "عشرات", "مئة"]
PIECES += ["ثلاثة", "عشر", "شهراً", "كانون الثاني", "يناير", " إضافي", "لا يتجاوز ", "<b>"]
ARABICISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(ARABICISH, min_size=1, max_size=4))
def test_property_never_raises_and_surfaces_match(texts):
    frame = pl.DataFrame({"article_id": [str(i) for i in range(len(texts))], "text": texts})
    figures = extract_figures(frame)
    for row in figures.iter_rows(named=True):
        text = texts[int(row["article_id"])]
        assert text[row["start"] : row["end"]] == row["surface"]
        assert row["start"] <= row["number_start"] <= row["number_end"] <= row["end"]


# --------------------------------------------------------------------------------------------
# The number grammar
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2500", 2500), ("٢٥٠٠", 2500), ("۲۵۰۰", 2500), ("2,500", 2500), ("٢٬٥٠٠", 2500),
        ("2.500", 2500), ("2.5", 2.5), ("٢٫٥", 2.5), ("1,250,000", 1250000),
        ("ثلاثة", 3), ("أحد عشر", 11), ("اثنتا عشرة", 12), ("تسعة عشر", 19), ("عشرون", 20),
        ("خمسة وعشرين", 25), ("مئة", 100), ("مائة", 100), ("مئتان", 200), ("مئتين", 200),
        ("ثلاثمئة", 300), ("ثلاثمائة", 300), ("ثلاث مئة", 300), ("مئة وخمسون", 150),
        ("ألف", 1000), ("ألفان", 2000), ("ألفين", 2000), ("ألفا", 2000), ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10000), ("عشرين ألفاً", 20000), ("ثلاثة آلاف وخمسمائة", 3500),
        ("ألفين وخمسمائة", 2500), ("مليون", 1e6), ("ثلاثة ملايين", 3e6), ("مليار", 1e9),
        ("مليون ومئتا ألف", 1.2e6), ("مئة وخمسون ألف", 150000), ("نصف مليون", 5e5),
        ("ربع مليون", 2.5e5), ("مليون ونصف", 1.5e6), ("2.5 ألف", 2500), ("3 آلاف", 3000),
        ("٣ ملايين", 3e6), ("2 مليون و500 ألف", 2.5e6), ("ثلاثة أرباع", 0.75),
        ("ألفان وخمسمائة وخمسة وعشرون", 2525), ("ثَلَاثَةُ آلَافٍ", 3000), ("ثلاثـــة آلاف", 3000),
    ],
)  # fmt: skip
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "جندي", "2500 و3000", "ألفين وثلاثة آلاف", "عشرون وخمسة"])
def test_parse_number_rejects_what_is_not_one_number(text):
    assert parse_number(text) is None


def test_two_numbers_joined_by_wa_are_not_a_compound():
    rows = figures_of("بين ألفين وثلاثة آلاف جندي").select("value", "low", "high", "qualifier")
    assert rows.rows() == [(2000.0, 2000.0, 3000.0, "range")]


# --------------------------------------------------------------------------------------------
# Qualifiers, kinds, negation, dates
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("يتجاوز عددهم خمسة آلاف جندي", "more_than"),
        ("لن يتجاوز عددهم خمسة آلاف جندي", "at_most"),
        ("لا يتجاوز خمسة آلاف جندي", "at_most"),
        ("ألا يتجاوز خمسة آلاف جندي", "at_most"),
        ("يقل عن خمسة آلاف جندي", "less_than"),
        ("لا يقل عن خمسة آلاف جندي", "at_least"),
        ("يزيد على خمسة آلاف جندي", "more_than"),
        ("لا يزيد على خمسة آلاف جندي", "at_most"),
    ],
)
def test_negation_flips_the_bound(text, qualifier):
    assert one(text)["qualifier"] == qualifier


def test_within_applies_to_durations_only():
    assert one("الانسحاب خلال 12 شهراً")["qualifier"] == "at_most"
    row = one("خلال عام 2020")
    assert (row["kind"], row["qualifier"], row["year"]) == ("date", "exact", 2020)


def test_dates():
    rows = figures_of("في 1 مارس / آذار أعلنت، وفي كانون الثاني / يناير 2020 قتل").rows(named=True)
    assert [(r["surface"], r["value"], r["month"], r["day"], r["year"]) for r in rows] == [
        ("1 مارس / آذار", 1.0, 3, 1, None),
        ("كانون الثاني / يناير 2020", 2020.0, 1, None, 2020),
    ]
    full = figures_of("في 31 كانون الأول/ديسمبر 2021 انتهت").rows(named=True)
    assert [(r["value"], str(r["date_value"])) for r in full] == [
        (31.0, "2021-12-31"),
        (2021.0, "2021-12-31"),
    ]
    assert all(r["kind"] == "date" and r["unit"] is None for r in full)
    assert figures_of("في مايو أيار تولى").height == 0  # a month without a number


def test_impossible_dates_keep_their_parts_and_have_no_date_value():
    text = "في 29/02/2024 و31/04/2021 و30 شباط 2020 و29 شباط 2023 و29 شباط 2024"
    rows = figures_of(text).select("surface", "kind", "year", "month", "day", "date_value")
    assert rows.rows() == [
        ("29/02/2024", "date", 2024, 2, 29, date(2024, 2, 29)),
        ("31/04/2021", "date", 2021, 4, 31, None),
        ("30 شباط", "date", 2020, 2, 30, None),
        ("2020", "date", 2020, 2, 30, None),
        ("29 شباط", "date", 2023, 2, 29, None),
        ("2023", "date", 2023, 2, 29, None),
        ("29 شباط", "date", 2024, 2, 29, date(2024, 2, 29)),
        ("2024", "date", 2024, 2, 29, date(2024, 2, 29)),
    ]


def test_nato_force_noun_before_the_number():
    row = one("الناتو – الذي لديه حاليا قوة تزيد عن 300 في العراق – يستعد")
    assert (row["kind"], row["qualifier"], row["subject"], row["subject_surface"]) == (
        "troops",
        "more_than",
        "nato",
        "الناتو",
    )


# --------------------------------------------------------------------------------------------
# Subjects
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("يوجد نحو 2500 جندي أمريكي في العراق", "us_administration"),
        ("يوجد نحو 2500 جندي أميركي في العراق", "us_administration"),
        ("انتشرت 3000 من القوات العراقية", "iraqi_government"),
        ("وصل 500 من عناصر التحالف الدولي إلى القاعدة", "us_led_coalition"),
        ("أرسل الناتو 400 مستشار إلى بغداد", "nato"),
        ("القوات الأمريكية التي لا يتجاوز عددها 2500 جندي", "us_administration"),
        ("وصل 400 جندي بريطاني", None),  # a nisba with no party: null, not a guess
        ("في العراق 400 جندي", None),  # a place is not an owner
        ("وصل 400 جندي إلى القاعدة", None),
    ],
)
def test_subjects(text, subject):
    assert one(text)["subject"] == subject


def test_subjects_can_be_switched_off():
    row = figures_of("أرسل الناتو 400 مستشار", subjects=False).row(0, named=True)
    assert row["subject"] is None and row["kind"] == "troops"


def test_given_mentions_give_the_same_figures(seed):
    from toolkit.entities import extract_entities

    tricky = pl.DataFrame(
        {
            "article_id": ["t1", "t2", "t3", "t4"],
            "text": [
                "قال الناتو إن لديه قوة تزيد عن 300، ثم أرسلت الولايات المتحدة 500 جندي.",
                "وفي العراق 2500 عنصر من التحالف الدولي، وأرسلت إيران نحو 200 مستشار إلى سوريا.",
                # damaged as real input is: a thin space, a tatweel run, a clitic on an
                # adjective (no alias as written), presentation forms
                "وذكرت مصادر أن البرلمان بالعراقي وافق على بقاء لا\u2006يتجاوز أربعة "
                "ـــــــآلاف عنصر لأغراض التدريب.",
                "وقالت الحكومة بالعراقية إن 1500 جندي سيبقون، وأرسل \ufe8d\ufedf\ufee8\ufe8e"
                "\ufe97\ufeee 300 جندي.",
            ],
        }
    )
    for articles in (course_articles(), seed, tricky):
        plain = extract_figures(articles)
        assert plain["subject"].drop_nulls().len() > 0
        given = extract_figures(articles, mentions=extract_entities(articles))
        assert given.equals(plain)
        assert extract_figures(articles, mentions=extract_entities(articles).lazy()).equals(plain)
    none = extract_figures(tricky, mentions=extract_entities(tricky).head(0))
    assert none["subject"].drop_nulls().len() < plain["subject"].drop_nulls().len()
    with pytest.raises(ValueError, match="party"):
        extract_figures(tricky, mentions=pl.DataFrame({"article_id": ["t1"], "start": [0]}))


def test_a_custom_lexicon_gives_subjects_its_default_aliases_do_not(tmp_path):
    """The clause pre-filter follows the lexicon in use: an entity that only a custom lexicon
    knows (here added to the shipped one) gives subjects, whether the figures read the
    entities with ``gazetteer=`` or are given mentions found with it."""
    from toolkit.entities import extract_entities
    from toolkit.lexicons import lexicon_path, load_entities

    shipped = lexicon_path("entities.csv").read_text(encoding="utf-8").rstrip("\n")
    assert "الصقور" not in shipped
    path = tmp_path / "entities.csv"
    row = (
        "falcons,كتائب الصقور,Falcons Brigades,ORG,iran_backed_militias,كتائب الصقور|ألوية الصقور,"
    )
    path.write_text(f"{shipped}\n{row}\n", encoding="utf-8")
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "text": [
                "وأعلنت كتائب الصقور أن لديها أكثر من 300 مقاتل في المنطقة.",
                "وقال الناتو إن لديه قوة تزيد عن 300، ثم أرسلت ألوية الصقور 500 مقاتل.",
            ],
        }
    )
    expected = [
        ("أكثر من 300 مقاتل", "iran_backed_militias", "كتائب الصقور"),
        ("تزيد عن 300", "nato", "الناتو"),
        ("500 مقاتل", "iran_backed_militias", "ألوية الصقور"),
    ]
    columns = ["surface", "subject", "subject_surface"]
    default = extract_figures(articles).select(columns).rows()
    assert [row[1] for row in default] == [None, "nato", None]
    for figures in (
        extract_figures(articles, gazetteer=path),
        extract_figures(articles, gazetteer=str(path)),
        extract_figures(articles, gazetteer=load_entities(path)),
        extract_figures(articles, mentions=extract_entities(articles, gazetteer=path)),
        extract_figures(
            articles, mentions=extract_entities(articles, gazetteer=load_entities(path))
        ),
    ):
        assert figures.select(columns).rows() == expected
    # the custom entity alone: mentions of it count though no shipped alias is in the clause
    alone = tmp_path / "alone.csv"
    alone.write_text(f"{shipped.splitlines()[0]}\n{row}\n", encoding="utf-8")
    given = extract_figures(articles, mentions=extract_entities(articles, gazetteer=alone))
    assert given.select(columns).rows() == [expected[0], ("تزيد عن 300", None, None), expected[2]]
    assert extract_figures(articles, gazetteer=alone).equals(given)


BARE_TRICKY = [
    # placeholders (diacritics, tatweel) inside words, next to digits, clitics and identifiers
    "وَصَلَ نَحْوَ ٢٥٠٠ جُنْدِيٍّ أَمْرِيكِيٍّ وَثَلاثَةُ آلافٍ وَخَمْسُمِائَةِ عُنْصُرٍ إِضَافِيٍّ إلى العِرَاقِ.",
    "جنديـ12 و Fـ16 و F-ـ16 و كوفيدـ-19 و كوفيد-ـ19 والقرارـ 2334 والساعةُ 10:ـ30 و عـ:12 ـ12ـ",
    "ثلاثة ـ آلاف، ثلاثةـ آلاف، ثلاثةُ ـآلاف، وثـلاثـة آلاف، بـثلاثة آلاف، لـلـثلاثة، الأسبوعـين، شـهـريـن",
    "في ٥ كَانُونَ الثَّانِي/يَنَايِرَ ٢٠٢٠ و ١٥/٢/٢٠٢١ و ٣١ نِيسَان وَ ٢٩ شُبَاط ٢٠٢١ وَمِنْ ٢٠١٤ إِلَى ٢٠١٧",
    "بَيْنَ ٣٠٠ وَ ٥٠٠ جُنْدِيٍّ، أَكْثَرُ مِنْ ٢٠ ٪ وَ ١٠ فِي المِئَةِ، لا يَتَجَاوَزُ عَدَدُهُمْ ١٠٠٠ مُسْتَشَارٍ",
    "قَالَ النَّاتُو إِنَّ لَدَيْهِ قُوَّةً تَزِيدُ عَنْ ٣٠٠، ثُمَّ أَرْسَلَتِ الوِلايَاتُ المُتَّحِدَةُ ٥٠٠ جُنْدِيٍّ.",
    "عشـــرات الآلاف من الجنـــود و بضـعـة آلاف و مـئـات و ٢٫٥ ألـف و ٢٬٥٠٠ عـنـصـر و ١٢ شـهـراً تـقـريـبـاً",
    "ـ" * 70 + " 12 جندي " + "ـ" * 90 + "وَ" * 40 + " 7 أيام " + "ـَـ" * 50,
]


def _with_random_placeholders(text: str, rng) -> str:
    """``text`` with diacritics and tatweel put after random letters (and a few elsewhere)."""
    marks = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b", "\u0640", "\u0640\u0640"]
    out = []
    for char in text:
        out.append(char)
        if (char.isalpha() and rng.random() < 0.3) or rng.random() < 0.02:
            out.append(rng.choice(marks))
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ـعبي1 -aاـ\u064eـ", max_size=40))
def test_bare_form_is_the_look_behind_split(window):
    from toolkit.figures import _INNER_PLACEHOLDERS, _bare_form

    parts = _INNER_PLACEHOLDERS.split(window)
    found = _bare_form(window) if "ـ" in window else None
    if len(parts) < 2:
        assert found is None
        return
    lengths = [len(p) for p in parts]
    at = [sum(lengths[0 : 2 * k + 1 : 2]) for k in range(len(parts) // 2)]
    removed = [sum(lengths[1 : 2 * k + 2 : 2]) for k in range(len(parts) // 2)]
    assert found == ("".join(parts[::2]), at, removed)


def test_windows_parsed_bare_give_the_same_figures(monkeypatch):
    """A window is parsed without the placeholders inside its words, and windows that differ
    only there share the parse: the figures are exactly those of parsing every window as it
    is, on the course corpus, the held-out passages, hand-written tricky windows, texts with
    placeholders put at random, and a generated corpus."""
    import random
    import sys

    import toolkit.figures as figures_module

    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.generate import articles as generated

    rng = random.Random(7)
    course = course_articles()
    noisy = course.with_columns(
        pl.Series("text", [_with_random_placeholders(t, rng) for t in course["text"]])
    )
    tricky = pl.DataFrame(
        {"article_id": [f"b{i}" for i in range(len(BARE_TRICKY))], "text": BARE_TRICKY}
    )
    corpora = [
        course,
        heldout_passages()[0],
        tricky,
        noisy,
        next(generated(2500, seed=11)).select("article_id", "text"),
    ]
    bare = [extract_figures(frame) for frame in corpora]
    monkeypatch.setattr(figures_module, "_SHARE_BARE", False)
    for frame, found in zip(corpora, bare, strict=True):
        assert found.height > 0
        assert found.equals(extract_figures(frame))
    assert bare[2]["surface"].str.contains("\u0640").any()


# --------------------------------------------------------------------------------------------
# compare_figures
# --------------------------------------------------------------------------------------------


def _two_sources(second: str, published=("2021-12-09", "2021-12-10")) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "source": ["X", "Y"],
            "published": [pl.Series([p]).str.to_date()[0] for p in published],
            "text": ["بقي نحو 2500 جندي أمريكي في العراق.", second],
        }
    )


def test_intervals_per_qualifier():
    frame = pl.DataFrame(
        {
            "value": [100.0, 100.0, 100.0, 100.0, 100.0, 20.0],
            "low": [None, 100.0, None, None, None, 20.0],
            "high": [None, None, 100.0, None, None, 99.0],
            "qualifier": ["approx", "more_than", "at_most", "exact", "additional", "vague"],
        }
    )
    rows = figure_intervals(frame, approx_band=0.2).select("interval_low", "interval_high").rows()
    assert rows == [
        (80.0, 120.0),
        (100.0, math.inf),
        (0.0, 100.0),
        (100.0, 100.0),
        (100.0, 100.0),
        (20.0, 99.0),
    ]


def test_disagreement_between_sources():
    articles = _two_sources("وقالت مصادر إن 3000 جندي أمريكي ما زالوا هناك.")
    comparison = compare_figures(extract_figures(articles), articles=articles)
    assert comparison["disagrees"].to_list() == [True, True]
    assert comparison["disagrees_with"].to_list() == [["b:15"], ["a:4"]]
    assert comparison["source"].to_list() == ["X", "Y"]


def test_approximate_figures_agree_or_not_with_the_band():
    articles = _two_sources("وقالت مصادر إن حوالي ثلاثة آلاف جندي أمريكي ما زالوا هناك.")
    figures = extract_figures(articles)
    assert not compare_figures(figures, articles=articles)["disagrees"].any()
    assert compare_figures(figures, articles=articles, approx_band=0.05)["disagrees"].all()


def test_far_apart_dates_are_not_compared():
    articles = _two_sources("بقي 3000 جندي أمريكي.", published=("2020-01-01", "2021-12-10"))
    comparison = compare_figures(extract_figures(articles), articles=articles)
    assert not comparison["disagrees"].any()
    assert compare_figures(extract_figures(articles), articles=articles, within_days=None)[
        "disagrees"
    ].all()


def test_derived_total_from_the_seed(seed):
    comparison = compare_figures(extract_figures(seed), articles=seed)
    derived = comparison.filter("derived").row(0, named=True)
    assert (derived["value"], derived["qualifier"], derived["subject"]) == (
        3800.0,
        "more_than",
        "nato",
    )
    assert (derived["interval_low"], derived["interval_high"]) == (3800.0, math.inf)
    assert comparison.filter("derived").height == 1
    assert comparison.filter(pl.col("additional")).height == 1


def _pairwise(comparison: pl.DataFrame, keys: list[str], within_days: int | None) -> dict:
    """Every pair of a group compared: the reference compare_figures once was."""
    compared = comparison.filter(
        ~pl.col("additional")
        & ~pl.col("derived")
        & pl.col("interval_low").is_not_null()
        & pl.all_horizontal(pl.col(k).is_not_null() for k in keys)
    ).select(
        *keys, "figure_id", "article_id", "start", "published", "interval_low", "interval_high"
    )
    pairs = compared.join(compared, on=keys, suffix="_b").filter(
        (pl.col("article_id") != pl.col("article_id_b"))
        & (
            (pl.col("interval_high") < pl.col("interval_low_b"))
            | (pl.col("interval_high_b") < pl.col("interval_low"))
        )
    )
    if within_days is not None:
        gap = (pl.col("published") - pl.col("published_b")).dt.total_days().abs()
        both_undated = pl.col("published").is_null() & pl.col("published_b").is_null()
        pairs = pairs.filter(both_undated | (gap <= within_days))
    found = pairs.group_by("figure_id").agg(  # in article order, then text order
        pl.col("figure_id_b").sort_by("article_id_b", "start_b")
    )
    return dict(found.iter_rows())


def _random_figures(seed: int, n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    import random

    rng = random.Random(seed)
    qualifiers = [q for q in QUALIFIERS]
    rows = []
    for _ in range(n):
        q, v = rng.choice(qualifiers), float(rng.choice([100, 250, 300, 1000, 2500, 3000, 5000]))
        ranged = q in {"range", "vague"}
        rows.append(
            {
                "article_id": f"a{rng.randint(0, 8)}",
                "start": rng.randint(0, 500),
                "sentence_id": rng.randint(1, 5),
                "kind": rng.choice(["troops", "troops", "duration"]),
                "subject": rng.choice(["us_administration", "nato", None]),
                "unit": rng.choice(["soldier", None]),
                "value": v,
                "low": v if ranged or q in {"more_than", "at_least"} else None,
                "high": v * rng.choice([1.5, 3]) if ranged else None,
                "qualifier": q,
                "surface": "x",
                "number_start": 0,
            }
        )
    figures = pl.DataFrame(rows).unique(["article_id", "start"])
    ids = sorted(figures["article_id"].unique())
    days = [rng.choice([None, *range(0, 30)]) for _ in ids]
    articles = pl.DataFrame(
        {
            "article_id": ids,
            "source": [rng.choice(["X", "Y"]) for _ in ids],
            "published": [None if d is None else date(2021, 1, 1) + timedelta(d) for d in days],
        },
        schema_overrides={"published": pl.Date},
    )
    return figures, articles


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"within_days": None},
        {"within_days": 0},
        {"kind": None},
        {"kind": None, "by": ("subject", "unit"), "within_days": 3},
        {"by": "source", "derive": False},
    ],
    ids=["default", "undated", "same-day", "all-kinds", "by-unit", "by-source"],
)
def test_disagreements_equal_every_pair_compared(options, monkeypatch):
    """Bucketed and ranked, the disagreements are those of comparing every pair (the old
    quadratic way), on the course corpus and on random frames; also in tiny chunks, of
    candidate pairs and of figures compared at once."""
    keys = [
        "kind",
        *(
            [options.get("by", "subject")]
            if isinstance(options.get("by", "subject"), str)
            else options["by"]
        ),
    ]
    within = options.get("within_days", 7)
    cases = [(extract_figures(course_articles()), course_articles())]
    cases += [_random_figures(seed, 60) for seed in range(12)]
    for chunked in (False, True):
        if chunked:
            monkeypatch.setattr("toolkit.figures._PAIR_BUDGET", 400)  # chunks of 10
            monkeypatch.setattr("toolkit.figures.CHUNK_ROWS", 7)  # figures compared at once
        for figures, articles in cases:
            comparison = compare_figures(figures, articles=articles, **options)
            expected = _pairwise(comparison, keys, within)
            listed = {
                f: w for f, w in comparison.select("figure_id", "disagrees_with").iter_rows() if w
            }
            assert listed == expected
            flagged = set(comparison.filter("disagrees")["figure_id"])
            assert flagged == set(expected)


def test_derived_totals_take_the_nearest_earlier_figure_of_the_sentence_first():
    figures = pl.DataFrame(
        {
            "article_id": ["a"] * 4,
            "start": [0, 50, 100, 150],
            "sentence_id": [1, 2, 1, 3],
            "kind": ["troops"] * 4,
            "subject": ["nato"] * 4,
            "value": [300.0, 500.0, 100.0, 50.0],
            "low": [None] * 4,
            "high": [None] * 4,
            "qualifier": ["exact", "exact", "additional", "additional"],
            "surface": ["300", "500", "100", "50"],
            "number_start": [0, 50, 100, 150],
        },
        schema_overrides={"low": pl.Float64, "high": pl.Float64},
    )
    derived = compare_figures(figures).filter("derived")
    assert derived.select("figure_id", "value").rows() == [
        ("a:0+a:100", 400.0),  # the same sentence, though a:50 is nearer
        ("a:50+a:150", 550.0),  # none in its sentence: the nearest earlier
    ]


def test_compare_stays_bounded_on_200k_figures_in_one_group():
    """All pairs of 200,000 figures are 4·10¹⁰ (the old self-join ran out of memory)."""
    n = 200_000
    values = [500.0, 1000.0, 2500.0, 3000.0, 5200.0]
    qualifiers = ["exact", "approx", "more_than"]
    figures = pl.DataFrame(
        {
            "article_id": [f"a{i // 5}" for i in range(n)],
            "start": [i % 5 * 100 for i in range(n)],
            "sentence_id": [1] * n,
            "kind": ["troops"] * n,
            "subject": ["us_administration"] * n,
            "value": [values[i * 7 % 5] for i in range(n)],
            "low": [None] * n,
            "high": [None] * n,
            "qualifier": [qualifiers[i * 11 % 3] for i in range(n)],
            "surface": ["x"] * n,
            "number_start": [0] * n,
        },
        schema_overrides={"low": pl.Float64, "high": pl.Float64},
    )
    comparison = compare_figures(figures, within_days=None)
    assert comparison.height == n
    lengths = comparison["disagrees_with"].list.len()
    assert lengths.max() == 20 and comparison["disagrees"].sum() == (lengths > 0).sum()


@pytest.mark.parametrize("within_days", [7, 0, None])
def test_comparison_in_chunks_is_the_comparison_at_once(within_days, tmp_path, monkeypatch):
    """Chunks of 1, 5 and 13 figures, read back from Parquet parts written batch by batch of
    articles (as the streaming pipeline does), give the very frame of one chunk in memory."""
    cases = [(extract_figures(course_articles()), course_articles())]
    cases += [_random_figures(seed, 80) for seed in range(6)]
    for number, (figures, articles) in enumerate(cases):
        whole = compare_figures(figures, articles=articles, kind=None, within_days=within_days)
        ids = articles["article_id"].to_list()
        parts = []
        for batch, begin in enumerate(range(0, len(ids), 3)):
            batch_ids = ids[begin : begin + 3]
            rows = comparable_figures(
                figures.filter(pl.col("article_id").is_in(batch_ids)),
                kind=None,
                articles=articles.filter(pl.col("article_id").is_in(batch_ids)),
            )
            parts.append(tmp_path / f"{number}-{batch:03d}.parquet")
            rows.write_parquet(parts[-1])
        for size in (1, 5, 13):
            chunks = list(
                compare_in_chunks(pl.scan_parquet(parts), within_days=within_days, chunk_rows=size)
            )
            assert len(chunks) == max(1, -(-whole.height // size))
            assert_frame_equal(pl.concat(chunks), whole)


def test_compare_needs_the_grouping_column():
    with pytest.raises(ValueError, match="outlet"):
        compare_figures(figures_of("نحو 2500 جندي أمريكي"), by=("subject", "outlet"))


# --------------------------------------------------------------------------------------------
# evaluate_figures
# --------------------------------------------------------------------------------------------


def test_evaluate_reports_misses_false_positives_and_mismatches(seed, gold):
    figures = extract_figures(seed)
    wrong = figures.with_columns(
        value=pl.when(pl.col("kind") == "troops").then(pl.col("value") + 1).otherwise("value")
    ).filter(pl.col("kind") != "date")
    extra = figures.head(1).with_columns(start=pl.lit(0, pl.Int64), end=pl.lit(3, pl.Int64),
                                         number_start=pl.lit(0, pl.Int64), number_end=pl.lit(3, pl.Int64))  # fmt: skip
    scores = evaluate_figures(pl.concat([wrong, extra]), gold)
    assert scores["fn"] == 2 and scores["fp"] == 1 and scores["recall"] == pytest.approx(4 / 6)
    assert scores["value_accuracy"] == pytest.approx(1 / 4)
    errors = scores["errors"]
    assert errors.filter(pl.col("error") == "miss").height == 2
    assert errors.filter(pl.col("error") == "value").height == 3
    assert errors.filter(pl.col("error") == "false_positive").height == 1


def test_evaluate_accepts_a_path(seed):
    scores = evaluate_figures(extract_figures(seed), Path(__file__).parents[1] / "data" / "gold")
    assert scores["tp"] == 6


# --------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------

EVIL = '<script>alert("x")</script>'


def test_table_escapes_article_text_and_marks_the_figure():
    articles = pl.DataFrame(
        {
            "article_id": ["e"],
            "source": [EVIL],
            "text": [f"قال {EVIL} إن نحو 2500 جندي <b>أمريكي</b> بقوا."],
        }
    )
    html = figure_table_html(extract_figures(articles), articles)
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;" in html
    assert 'dir="rtl" lang="ar"' in html
    assert ">نحو 2500 جندي</mark>" in html


def test_table_says_when_practice_articles_are_included():
    articles = course_articles()
    figures = extract_figures(articles)
    assert SYNTHETIC_NOTE in figure_table_html(figures, articles)
    seed_only = articles.filter(~pl.col("synthetic"))
    assert SYNTHETIC_NOTE not in figure_table_html(extract_figures(seed_only), seed_only)


def test_format_figure():
    assert format_figure({"qualifier": "more_than", "value": 300.0}) == ">300"
    assert (
        format_figure({"qualifier": "vague", "value": 20.0, "low": 20.0, "high": 99.0}) == "20–99"
    )
    assert (
        format_figure({"kind": "date", "qualifier": "exact", "year": 2021, "month": 12, "day": 31})
        == "2021-12-31"
    )


def _annotations(figure: Figure) -> list:
    return [a for a in figure.axes[0].texts if getattr(a, "arrow_patch", None) is not None]


def test_interval_chart_draws_each_qualifier():
    articles = course_articles()
    comparison = compare_figures(extract_figures(articles), articles=articles)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing Arabic glyph would warn
        figure = plot_figure_intervals(comparison, note=SYNTHETIC_NOTE)
        figure.canvas.draw()
    ax = figure.axes[0]
    assert isinstance(figure, Figure) and figure.get_layout_engine() is not None
    assert len(ax.get_yticklabels()) == comparison.height
    open_ends = comparison.filter(
        pl.col("qualifier").is_in(["more_than", "at_least", "less_than", "at_most"])
    ).height
    assert len(_annotations(figure)) == open_ends
    hatched = [p for p in ax.patches if p.get_hatch() == "//"]
    assert len(hatched) == comparison.filter("additional").height
    labels = " ".join(t.get_text() for t in ax.get_yticklabels())
    assert "NATO" in labels and "حلف شمال الأطلسي" in labels
    assert figure._suptitle.get_text() == SYNTHETIC_NOTE
    font = font_manager.findfont(
        font_manager.FontProperties(family=figure.axes[0].title.get_fontfamily())
    )
    assert ARABIC_FONT.replace(" ", "") in font.replace(" ", "")


def test_interval_chart_on_given_axes_and_timeline():
    articles = course_articles()
    comparison = compare_figures(extract_figures(articles), articles=articles)
    figure = Figure(layout="constrained")
    ax = figure.subplots()
    assert plot_figure_intervals(comparison.head(3), ax=ax) is figure
    timeline = plot_figure_timeline(comparison)
    dated = comparison.filter(
        pl.col("published").is_not_null() & ~pl.col("derived") & ~pl.col("additional")
    )
    markers = [line for line in timeline.axes[0].lines if line.get_marker() not in (None, "None")]
    assert len(markers) == dated.height
    assert "undated" in timeline.axes[0].get_title()


def test_explorer_redraws_on_control_changes():
    articles = course_articles()
    view = figure_explorer(extract_figures(articles), articles)
    html, chart, table = view.result, view.last["chart"], view.last["table"]
    assert isinstance(chart, Figure) and "<table" in table
    assert html.startswith('<img src="data:image/png;base64,') and table in html
    # rendered in an HTML widget, not an Output widget (headless runs: nbclient#312)
    assert view.children[-1] is view.output and view.output.value == html
    assert not any(isinstance(child, ipywidgets.Output) for child in view.children)
    draws = view.draws
    view.controls["subject"].value = "nato"
    assert view.draws == draws + 1 and view.result != html and view.output.value == view.result
    assert len(view.last["chart"].axes[0].get_yticklabels()) < len(chart.axes[0].get_yticklabels())
    assert "US administration" not in view.last["table"] and "NATO" in view.last["table"]
    view.controls["subject"].value = "us_administration"
    view.controls["band"].value = 0.05
    assert view.last["comparison"]["disagrees"].sum() == 2  # 2,500 v 3,000 at ±5%
    view.controls["band"].value = 0.1
    assert not view.last["comparison"]["disagrees"].any()  # they overlap at ±10%
    assert view.draws == draws + 4
    view.controls["subject"].value = "(all)"
    view.controls["kind"].value = "percent"
    assert "percent" in view.last["table"] and "%" in view.last["table"]
    view.controls["kind"].value = "troops"
    view.controls["article"].value = "synthetic-14"
    view.controls["subject"].value = "nato"
    assert view.result == "<p>No figures match these filters.</p>" and view.last == {}


# --------------------------------------------------------------------------------------------
# Growth with the length of one article or one line (was quadratic: 50 MB took > 600 s)
# --------------------------------------------------------------------------------------------


def _long_text(chars: int, *, one_line: bool) -> pl.DataFrame:
    pool = " ".join(course_articles()["text"])
    text = (pool * (chars // len(pool) + 1))[:chars]
    if one_line:
        text = re.sub(r"[.!?؟…\n]", " ", text)
    return pl.DataFrame({"article_id": ["a"], "text": [text]})


def _best_seconds(function, repeat: int = 2) -> float:
    best = math.inf
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - began)
    return best


@pytest.mark.parametrize("one_line", [False, True], ids=["article", "line"])
def test_growth_is_linear_in_the_length_of_one_article_or_line(one_line):
    """8× the text may take at most 12× the time (the old per-window str.slice over the whole
    article and per-figure copies of the sentence took 21× on one line)."""
    small = _long_text(100_000, one_line=one_line)
    large = _long_text(800_000, one_line=one_line)
    extract_figures(small)  # warm the caches
    ratio = _best_seconds(lambda: extract_figures(large)) / max(
        _best_seconds(lambda: extract_figures(small)), 1e-3
    )
    assert ratio < 12, f"8× the text took {ratio:.1f}× the time"


def test_long_runs_of_numbers_and_huge_digit_runs():
    """A line that is one run of numbers is cut into bounded windows; a digit run too long for
    int() is no crash."""
    run = " ".join(str(n % 97 + 3) for n in range(40_000)) + " جندي"
    figures = figures_of(run, "وصل " + "7" * 10_000 + " جندي و5000 جندي أمريكي")
    first = figures.filter(pl.col("article_id") == "a0")
    assert first.height == 40_000 and first["start"].is_sorted()
    second = figures.filter(pl.col("article_id") == "a1")
    assert second["value"].to_list()[-1] == 5000.0
    assert second["subject"].to_list()[-1] == "us_administration"
