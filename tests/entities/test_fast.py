"""The fast entity path gives exactly the frame of the reference (token-stream) path."""

import os
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from toolkit.datasets import course_articles, heldout_passages, practice_articles, seed_articles
from toolkit.entities import FastPath, extract_entities
from toolkit.entities.reference import extract_entities_reference
from toolkit.lexicons import load_entities


def assert_same(frame: pl.DataFrame, fast: FastPath | None = None, **options) -> pl.DataFrame:
    found = extract_entities(frame, fast=fast, **options)
    reference = extract_entities_reference(frame, **options)
    assert_frame_equal(found, reference)
    return found


def frame(*texts: str) -> pl.DataFrame:
    return pl.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})


class Counted(list):
    """The sizes of the frames of articles the fast path handed to the reference."""

    def __init__(self):
        super().__init__()
        self.fast = FastPath(on_reference=lambda articles: self.append(articles.height))


@pytest.mark.parametrize("patterns", [True, False])
def test_shipped_articles(patterns):
    for articles in (seed_articles(), practice_articles(), course_articles()):
        assert_same(articles, patterns=patterns)


def test_heldout_passages():
    articles, _ = heldout_passages()
    assert_same(articles)


@pytest.fixture(scope="module")
def generated() -> pl.DataFrame:
    root = str(Path(__file__).resolve().parents[2])  # the benchmarks package beside the toolkit
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.generate import articles

    return next(articles(400, seed=3)).select("article_id", "text")


def test_generated_corpus_takes_the_fast_path(generated):
    fallback_rows = Counted()
    found = assert_same(generated, fast=fallback_rows.fast)
    assert found.height > 5000 and (found["method"] == "pattern").any()
    # No generated article needs the slow path.
    assert fallback_rows == []


@pytest.mark.parametrize("threads", [1, 2])
def test_many_small_chunks_give_the_same_frame(generated, threads):
    fallback_rows = Counted()
    fast = FastPath(
        chunk_chars=20_000, threads=threads, on_reference=fallback_rows.fast.on_reference
    )
    found = assert_same(generated, fast=fast)
    assert_frame_equal(found, extract_entities(generated))
    assert fallback_rows == []
    mixed = pl.concat([generated.head(50), frame("ﻟﻠﻨﺎﺗﻮ والعراق"), generated.slice(50, 50)])
    assert_same(mixed, fast=fast)
    assert fallback_rows == [1]


TRICKY = [
    # clitics: و ف ب ك ل وال بال لل and their combinations
    "والعراق وبإيران فالعراق كالعراق بالعراق للعراق وللعراق فبالعراق وبالناتو للناتو وللناتو",
    "لإيران لأمريكا بأمريكا وبأمريكا ولأمريكا كأمريكا فأمريكا وأمريكا",
    "دعا للناتو، وقال الأمين العام للناتو إن الحلف باق",
    # boundaries: a match covers whole pieces
    "الجنرال الإيراني والقوات العراقية والإيرانيون العراقيين إيرانية",
    "الحكومة العراقية والحكومة العراقيه والحكومه العراقية الحكومة العراقيّة",
    "أكدت الحكومة العراقية أن إدارة جو بايدن ستبقى، وجو بايدن وبايدن",
    "الولايات المتحدة الأمريكية والولايات والمتحدة الولايات بالمتحدة",
    "قالت واشنطن إن الولايات المتحدة وأميركا وأمريكا",
    # diacritics, tatweel, marks, odd spaces
    "العِـــراق وبَغْدَاد وإيـــران وبِالعِرَاقِ ولِلنّاتو",
    "العراق\u00a0وإيران جو\u00a0بايدن جو\u2003بايدن جو\nبايدن جو\t\tبايدن",
    "جو\u200dبايدن جو\u200cبايدن جو \u200d بايدن الع\u200cراق العراق\u200f إيران\u200e",
    "\u200fالعراق\u200f \u202bإيران\u202c \u2066بغداد\u2069 \ufeffالناتو",
    "ﻟﻠﻨﺎﺗﻮ ولـلناتو وللنّاتو الرئيس ﷺ إن",
    "ـالعراق ـبغداد ٣ـالعراق 5ًالعراق ٢٠٢١َ العراق",
    "\u064eالعراق \u0651بغداد",
    # emoji, Latin, Eastern digits, punctuation
    "🇮🇶 العراق 👍إيران👍 بغداد😀 Iraq العراقXYZ abcالعراق",
    "في ٢٠٢١ قال الرئيس ١٢ إن ٢٬٥٠٠ جندي في العراق.",
    '(العراق) «إيران» "بغداد" [الناتو] العراق؟ إيران! بغداد…',
    # start and end of text, adjacent names
    "العراق",
    "إيران العراق سوريا الكويت",
    "بغداد",
    "والعراق",
    "",
    " ",
    # آل and a lone ال
    "محمد كاظم آل صادق وكاظم الصادق وال صادق آل سعود ال عراق",
    "الولايات ال متحدة وآل العراق",
    # titles and proposed names
    "وقال الجنرال الإيراني حسن باقري إن",
    "قال الرئيس الأمريكي جو بايدن والرئيس حسن علي محمد ووزير الدفاع كريم",
    "وقال رئيس الوزراء العراقي مصطفى الكاظمي ووزير الخارجية فؤاد حسين",
    "قال السفير ماثيو تولر. وقال المتحدث باسم التحالف الدولي",
    "الرئيس",
    "قال الرئيس",
    "قال الرئيس علي",
    "قال الرئيس الإيراني",
    "النائب حسن سالم النائب ال حسن النائب الحسن البارز",
    "وزيرة الخارجية وزيرة الخارجيه هند عادل",
    # number-ish and punctuation aliases
    "قاعدة K1 وقاعدة K-1 وقاعدة K 1",
    "جينين هينيس-بلاسخارت وهينيس - بلاسخارت",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings(text):
    assert_same(frame(text))


def test_tricky_strings_together_and_in_every_order():
    assert_same(frame(*TRICKY))
    assert_same(frame(*reversed(TRICKY)))


def test_integer_ids_null_texts_and_lazy_frames():
    articles = pl.DataFrame({"article_id": [1, 2, 3], "text": ["قال الرئيس جو بايدن", None, ""]})
    assert_same(articles)
    fast = extract_entities(articles.lazy())
    assert_frame_equal(fast, extract_entities_reference(articles.lazy()))


def test_duplicate_ids_go_to_the_reference():
    articles = pl.DataFrame({"article_id": ["x", "x"], "text": ["العراق", "إيران"]})
    assert_same(articles)


def test_custom_lexicons(tmp_path):
    header = "entity_id,name_ar,name_en,label,party,aliases,note\n"
    path = tmp_path / "e.csv"
    rows = "x,قوة (س),X,ORG,,قوة (س)|ق.س*|[أ-ي]+|\\d,\ny,آل صادق,Y,PERSON,,آل صادق|ال,\n"
    path.write_text(header + rows, encoding="utf-8")
    text = "وصلت قوة (س) ثم ق.س* ثم [أ-ي]+ ثم قوة س وقس والصادق وآل صادق ال"
    assert_same(frame(text), gazetteer=path, patterns=False)
    assert_same(frame(text), gazetteer=load_entities(path))


WORDS = [
    "العراق", "إيران", "الإيراني", "العراقية", "بغداد", "الناتو", "ناتو", "جو", "بايدن", "الحكومة",
    "الولايات", "المتحدة", "الأمريكية", "آل", "صادق", "الرئيس", "وزير", "الدفاع", "الجنرال",
    "رئيس", "الوزراء", "حسن", "باقري", "البارز", "في", "إن", "قال", "الأمين", "العام", "حلف",
    "التيار", "الصدري", "الكاظمي", "مصطفى", "كتائب", "حزب", "الله", "طهران", "واشنطن", "سوريا",
    "إيـران", "إِيرَان", "أمريكا", "امريكا", "أميركا", "العِراق", "ال", "اَل", "لبنان", "وزيرة",
]  # fmt: skip
CLITICS = ["", "", "", "و", "ف", "ب", "ك", "ل", "وال", "بال", "لل", "ولل", "فب", "بـ", "وَ", "بِ"]
ODD = [
    " ", " ", " ", "  ", "\n", "\u00a0", "\u200c", "\u200d", "\u200f", "\u0640", "\u064e",
    "\u0651", "،", ".", "؟", "«", "»", "-", "(", ")", "٣", "12", "😀", "ﻻ", "x", "آ", "ى", "ک",
    "ی", "\u06e9", "\u0600", "\u0300", "ﻟﻠﻨﺎﺗﻮ", "٣َ", "5ـ", "1.5", "٢٬٥", "\u2028", "\t",
]  # fmt: skip
PIECE = st.one_of(
    st.tuples(st.sampled_from(CLITICS), st.sampled_from(WORDS)).map("".join),
    st.sampled_from(ODD),
    st.sampled_from(WORDS),
)
ARABIC_HEAVY = st.lists(PIECE, max_size=30).map("".join)
# Without the characters that send an article to the reference path, so that the fast path
# itself is compared.
SLOW = {"ﻻ", "\u06e9", "\u0600", "\u0300", "ﻟﻠﻨﺎﺗﻮ", "٣َ", "5ـ", "\u0640"}
FAST_PIECE = st.one_of(
    st.tuples(st.sampled_from(CLITICS), st.sampled_from(WORDS)).map("".join),
    st.sampled_from([odd for odd in ODD if odd not in SLOW]),
    st.sampled_from(WORDS),
)
FAST_TEXT = st.lists(FAST_PIECE, max_size=30).map("".join)


@settings(
    max_examples=int(os.environ.get("ENTITY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(texts=st.lists(ARABIC_HEAVY, min_size=1, max_size=4))
def test_property_fast_equals_reference(texts):
    assert_same(frame(*texts))


@settings(
    max_examples=int(os.environ.get("ENTITY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(texts=st.lists(FAST_TEXT, min_size=1, max_size=4))
def test_property_fast_path_equals_reference(texts):
    assert_same(frame(*texts))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(max_size=40), min_size=1, max_size=3))
def test_property_any_text(texts):
    assert_same(frame(*texts))


def test_empty_and_all_null_frames():
    schema = {"article_id": pl.String, "text": pl.String}
    assert assert_same(pl.DataFrame(schema=schema)).is_empty()
    assert assert_same(pl.DataFrame({"article_id": ["a", "b"], "text": [None, None]})).is_empty()


def test_only_the_articles_it_cannot_follow_go_to_the_reference():
    fallback_rows = Counted()
    articles = frame("قال الرئيس جو بايدن إن العراق", "ﻟﻠﻨﺎﺗﻮ والعراق", "وبإيران ٢٠٢١")
    found = extract_entities(articles, fast=fallback_rows.fast)
    assert fallback_rows == [1]  # the presentation forms
    assert found["surface"].to_list() == ["جو بايدن", "العراق", "ﻨﺎﺗﻮ", "العراق", "إيران"]


def test_a_glued_name_is_found_whatever_words_come_with_it():
    """The look-out judges the new words of a chunk together, in the order of their hashes:
    a name glued by و (التياروالعراق) is found among many other new words too, and the
    verdict it remembers is right for the next call."""
    words = [f"كلماتنا{chr(0x628 + k)}{chr(0x628 + j)}" for k in range(20) for j in range(20)]
    text = " ".join([*words[:200], "التياروالعراق", *words[200:]])
    found = assert_same(frame(text))
    assert "العراق" in found["surface"].to_list()
    assert_same(frame("التياروَالعراق"))
