"""extract_framing: exact offsets, clitics, normalization, quotes, longest match, and the
polars path equal to the plain reference."""

import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from toolkit import extract_framing
from toolkit.datasets import course_articles, heldout_articles, heldout_passages
from toolkit.framing import FRAMING_SCHEMA, extract_framing_reference


def frame(*texts: str) -> pl.DataFrame:
    return pl.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})


def found(*texts: str) -> pl.DataFrame:
    articles = frame(*texts)
    result = extract_framing(articles)
    assert_frame_equal(result, extract_framing_reference(articles))
    assert_offsets(articles, result)
    return result


def assert_offsets(articles: pl.DataFrame, result: pl.DataFrame) -> None:
    texts = dict(articles.select("article_id", "text").iter_rows())
    for row in result.iter_rows(named=True):
        text = texts[row["article_id"]]
        assert text[row["start"] : row["end"]] == row["surface"], row
        assert row["surface"] in row["sentence"]


def test_the_columns_and_their_types():
    result = found("قال إن الاحتلال الأمريكي سيرحل.")
    assert result.schema == pl.Schema(FRAMING_SCHEMA)
    assert extract_framing(frame("لا شيء هنا.")).schema == pl.Schema(FRAMING_SCHEMA)
    assert extract_framing(frame()).is_empty()


@pytest.mark.parametrize(
    ("text", "surface", "term"),
    [
        ("ندد والاحتلال يقصف.", "الاحتلال", "احتلال*"),
        ("اتهمت الحكومة بالميليشيات أمس.", "الميليشيات", "ميليشي*/مليشي*/ميلشي*"),
        ("أعلن دعمه للمقاومة أمس.", "مقاومة", "مقاومة"),  # لل: the surface starts at the stem
        ("وقال إن وللمقاومة حقا.", "مقاومة", "مقاومة"),
        ("رحب بالشراكة الأمنية.", "الشراكة الأمنية", "شراكة أمني*"),
        ("وفصائل المقاومة هاجمت.", "فصائل المقاومة", "فصائل/فصيل مقاومة"),
    ],
)
def test_clitics_are_set_aside(text, surface, term):
    result = found(text)
    assert result.select("surface", "term").rows() == [(surface, term)]


def test_diacritics_tatweel_alef_forms_and_marks_keep_exact_offsets():
    plain = "ندد البيان بالاحتلال الأمريكي وبالميليشيات الموالية لإيران."
    variants = [
        plain,
        plain.replace("بالاحتلال", "بالاحْتِلالِ").replace("الموالية", "المُوالِيَة"),
        plain.replace("الأمريكي", "الأمـــريكي").replace("لإيران", "لإيـران"),
        plain.replace("الأمريكي", "الامريكي").replace("لإيران", "لايران"),
        plain.replace(" ", " \u200f").replace("الميليشيات", "الميلي\u200cشيات"),
    ]
    results = [found(text) for text in variants]
    shapes = [r.select("referent", "term", "frame").rows() for r in results]
    assert all(shape == shapes[0] for shape in shapes)
    assert shapes[0] == [
        ("us_presence", "احتلال أمريكي*/أميركي*", "occupation"),
        (
            "armed_factions",
            "ميليشي*/مليشي*/ميلشي* … موالي*/مدعوم*/مقرب*/متحالف*/مرتبط*/تابع* …1 "
            "إيران/طهران/إيراني*",
            "militia",
        ),
    ]
    assert results[1]["surface"][0] == "الاحْتِلالِ الأمريكي"  # the last diacritic included
    assert results[2]["surface"][0] == "الاحتلال الأمـــريكي"


def test_the_longest_match_wins_and_overlaps_are_dropped():
    result = found("توعد البيان قوات الاحتلال الأمريكي، وذكر الاحتلال.")
    assert result.select("surface", "term").rows() == [
        ("قوات الاحتلال الأمريكي", "قوات احتلال أمريكي*/أميركي*"),
        ("الاحتلال", "احتلال*"),
    ]


def test_quotes_and_narration():
    text = (
        "قالت الفصائل في بيان: «سنواصل عملياتنا ضد قوات الاحتلال» حتى الانسحاب، "
        'ووصفت الحكومة الهجمات بأنها "جرائم إرهابية".\n'
        "وأكد الوجود الأمريكي «أن المقاومة\nمستمرة» أمس."
    )
    result = found(text)
    voices = dict(result.select("surface", "quoted").iter_rows())
    assert voices["قوات الاحتلال"] is True
    assert voices["جرائم إرهابية"] is True
    assert voices["الفصائل"] is False and voices["الانسحاب"] is False
    assert voices["الهجمات"] is False and voices["الوجود الأمريكي"] is False
    assert voices["المقاومة"] is False  # the quotation is not closed on its line


def test_terms_do_not_cross_sentences():
    result = found("رحب الوزير بالشراكة. الأمنية مسألة أخرى.")
    assert result["term"].to_list() == ["شراكة"]


def test_gaps_allow_the_words_in_between():
    result = found(
        "شارك التحالف الدولي بقيادة الولايات المتحدة.", "نفذت جماعات مدعومة من إيران هجوما."
    )
    assert result.select("article_id", "frame").rows() == [
        ("a0", "us_led"),
        ("a1", "iran_backed"),
        ("a1", "attack"),
    ]


def test_sentence_ids_and_text_order():
    result = found("سطر أول.\nقال إن الاحتلال باق. ثم ذكر الوجود الأمريكي.", "الميليشيات هنا.")
    assert result.select("article_id", "sentence_id").rows() == [("a0", 2), ("a0", 3), ("a1", 1)]
    assert result["sentence"].to_list()[0] == "قال إن الاحتلال باق."


def test_shipped_articles_equal_the_reference():
    for articles in (course_articles(), heldout_passages()[0], heldout_articles()[0]):
        result = extract_framing(articles)
        assert_frame_equal(result, extract_framing_reference(articles))
        assert_offsets(articles, result)
    assert extract_framing(course_articles()).height > 100


@pytest.fixture(scope="module")
def generated() -> pl.DataFrame:
    root = str(Path(__file__).resolve().parents[2])  # the benchmarks package beside the toolkit
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.generate import articles

    return next(articles(300, seed=11)).select("article_id", "text")


def test_a_generated_corpus_equals_the_reference(generated):
    result = extract_framing(generated)
    assert result.height > 500
    assert_frame_equal(result, extract_framing_reference(generated))
    assert_offsets(generated, result)


_WORDS = [
    "الاحتلال", "الأمريكي", "والاحتلال", "قوات", "بالميليشيات", "للمقاومة", "الفصائل", "الموالية",
    "لإيران", "من", "إيران", "المدعومة", "الوجود", "التواجد", "العسكري", "هجمات", "عمليات", "ضد",
    "القواعد", "التحالف", "الدولي", "بقيادة", "واشنطن", "في", "قال", "إن", "داعش", "تنظيم",
    "الدولة", "الإسلامية", "شهيد", "الشراكة", "الأمنية", "لل", "ـ", "2020",
]  # fmt: skip
_MARKS = ["", "", "", "ِ", "ً", "ـــ", "\u200f", "\u200c"]
_GLUE = [" ", " ", " ", "، ", ". ", "\n", " «", "» ", ' "', " “", "” ", "/", ": "]


@st.composite
def texts(draw):
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        word = draw(st.sampled_from(_WORDS))
        mark = draw(st.sampled_from(_MARKS))
        at = draw(st.integers(0, len(word)))
        parts.append(word[:at] + mark + word[at:] + draw(st.sampled_from(_GLUE)))
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts(), min_size=1, max_size=4))
def test_random_texts_equal_the_reference(chosen):
    found(*chosen)


def test_a_framing_frame_replaces_the_file():
    terms = pl.DataFrame(
        {
            "referent": ["us_presence"],
            "term": ["حضور أمريكي*"],
            "frame": ["presence"],
            "note": [""],
            "example": ["تحدث عن الحضور الأمريكي."],
        }
    )
    articles = frame("تحدث عن الحضور الأمريكي والاحتلال.")
    result = extract_framing(articles, framing=terms)
    assert result.select("surface", "gloss").rows() == [("الحضور الأمريكي", "")]
    assert_frame_equal(result, extract_framing_reference(articles, framing=terms))


def test_terms_do_not_cross_punctuation_or_quotation_marks():
    result = found("وصفه كاحتلال، وفصائل، ولإيران. قالوا إن قوات «الاحتلال» هنا، وفصائل مسلحة.")
    assert result.select("surface", "term", "quoted").rows() == [
        ("احتلال", "احتلال*", False),  # ك peeled off although the splitter keeps the word whole
        ("فصائل", "فصائل/فصيل", False),  # not فصائل إيران across the comma
        ("الاحتلال", "احتلال*", True),  # not قوات الاحتلال across the quotation mark
        ("فصائل مسلحة", "فصائل/فصيل مسلح*", False),
    ]
