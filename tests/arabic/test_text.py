"""The Arabic text layer: normalization, sentences, tokens, clitics, frequency, KWIC."""

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit as tk
from toolkit.arabic import NORMALIZE_OPTIONS, normalize, normalize_expr, normalize_with_map


@pytest.mark.parametrize(
    ("option", "before", "after"),
    [
        ("diacritics", "عَلَىٰ مُدَرِّسٌ", "على مدرس"),
        ("tatweel", "العـــراق", "العراق"),
        ("alef", "أإآٱ", "اااا"),
        ("alef_maksura", "على", "علي"),
        ("teh_marbuta", "مدرسة", "مدرسه"),
        ("digits", "٢٥٠٠ و۱۲", "2500 و12"),
        ("presentation_forms", "ﻻ ﺍﻟﻌﺮﺍﻕ", "لا العراق"),
        ("persian_letters", "کی", "كي"),
        ("marks", "\u200fالعراق\u200c\u202a", "العراق"),
    ],
)
def test_each_option(option, before, after):
    options = dict.fromkeys(NORMALIZE_OPTIONS, False) | {option: True}
    assert normalize(before, **options) == after
    off = dict.fromkeys(NORMALIZE_OPTIONS, False)
    assert normalize(before, **off) == before


def test_teh_marbuta_is_off_by_default():
    assert normalize("مدرسة") == "مدرسة"


def test_unknown_option_is_an_error():
    with pytest.raises(TypeError, match="unknown normalization option"):
        normalize("x", hamza=True)


def test_polars_form_gives_identical_output():
    texts = ["العَـــرَاق ٢٠٢٠ إلى", "ﻻ ﺍﻟﻌﺮﺍﻕ", "\u200fمدرسة", ""]
    frame = pl.DataFrame({"t": texts})
    for options in [{}, {"teh_marbuta": True}, {"diacritics": False}]:
        got = frame.select(normalize_expr("t", **options))["t"].to_list()
        assert got == [normalize(t, **options) for t in texts]


def test_normalize_with_map_points_back():
    text = "وَالعِـراقُ"
    norm, index = normalize_with_map(text)
    assert norm == "والعراق"
    assert len(index) == len(norm) + 1
    assert text[index[1] : index[len(norm)]] == "العِـراقُ"


def test_seed_gives_exactly_its_18_lines(seed, gold):
    sentences = tk.split_sentences(seed)
    lines = [(s["start"], s["end"]) for s in gold[0]["sentences"]]
    assert list(zip(sentences["start"], sentences["end"], strict=True)) == lines
    assert sentences["sentence_id"].to_list() == list(range(1, 19))


def test_sentence_rules():
    text = "بلغ العدد 3.5 ألف و2,500 جندي. قال «هذا. ذاك» ثم مشى! هل؟ نعم… - بند\nسطر"
    frame = pl.DataFrame({"article_id": ["a"], "text": [text]})
    got = tk.split_sentences(frame)["text"].to_list()
    assert got == [
        "بلغ العدد 3.5 ألف و2,500 جندي.",
        "قال «هذا. ذاك» ثم مشى!",
        "هل؟",
        "نعم…",
        "- بند",
        "سطر",
    ]


def test_tokens_keep_offsets_numbers_and_punctuation():
    text = "قال، «المسؤولُ»: نحو ٢٬٥٠٠ و2,500 جنديٍّ؛ هل؟"
    tokens = tk.tokenize(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    assert tokens["token"].to_list() == [
        "قال", "،", "«", "المسؤولُ", "»", ":", "نحو", "٢٬٥٠٠", "و2,500"[:1], "2,500",
        "جنديٍّ", "؛", "هل", "؟",
    ]  # fmt: skip
    kinds = dict(zip(tokens["token"], tokens["kind"], strict=True))
    assert kinds["٢٬٥٠٠"] == "number" and kinds["،"] == "punct" and kinds["قال"] == "word"
    assert tokens.filter(pl.col("token") == "٢٬٥٠٠")["norm"][0] == "2٬500"
    for start, end, token in tokens.select("start", "end", "token").iter_rows():
        assert text[start:end] == token


def test_diacritized_words_stay_whole():
    text = "وَقَالَ المُتَحَدِّثُ"
    tokens = tk.tokenize(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    assert tokens["token"].to_list() == ["وَقَالَ", "المُتَحَدِّثُ"]
    assert tokens["norm"].to_list() == ["وقال", "المتحدث"]


def test_stopwords_are_marked(seed):
    tokens = tk.tokenize(seed)
    marked = set(tokens.filter("is_stopword")["norm"])
    assert {"في", "من", "ان"} <= marked
    assert "العراق" not in marked
    assert "قال" in tk.stopwords("reporting_verb")


def test_token_frequency_counts_and_rates():
    text = "العراق وإيران والعراق في العراق"
    tokens = tk.tokenize(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    freq = tk.token_frequency(tokens)
    top = freq.row(0, named=True)
    assert top["term"] == "العراق" and top["count"] == 2
    assert top["per_1000"] == pytest.approx(2 * 1000 / 5)
    assert "في" not in freq["term"].to_list()
    assert "في" in tk.token_frequency(tokens, drop_stopwords=False)["term"].to_list()


def test_token_frequency_by_metadata():
    articles = pl.DataFrame(
        {"article_id": ["a", "b"], "text": ["العراق العراق", "إيران"], "source": ["س", "ص"]}
    )
    tokens = tk.tokenize(articles)
    by_source = tk.token_frequency(tokens, by="source", articles=articles)
    assert set(by_source["source"]) == {"س", "ص"}
    with pytest.raises(ValueError, match="articles="):
        tk.token_frequency(tokens, by="source")


def test_kwic_matches_normalized_words_with_offsets():
    text = "وصل إلى العِراق ثم بالعراق ولكن العراقيين غادروا"
    frame = pl.DataFrame({"article_id": ["a"], "text": [text]})
    lines = tk.kwic(frame, "العراق", window=10)
    assert lines["match"].to_list() == ["العِراق", "بالعراق"]
    for start, end, match in lines.select("start", "end", "match").iter_rows():
        assert text[start:end] == match
    assert lines["left"][0] == "وصل إلى "
    assert tk.kwic(frame, "العراق", clitics=False)["match"].to_list() == ["العِراق"]


# ---- clitics, checked on a word list written for this test -----------------------------------

SPLIT = {
    "وللناتو": ["و", "ل", "ل", "ناتو"],
    "بالعراق": ["ب", "ال", "عراق"],
    "والولايات": ["و", "ال", "ولايات"],
    "للحكومة": ["ل", "ل", "حكومة"],
    "فالقوات": ["ف", "ال", "قوات"],
    "وتركيا": ["و", "تركيا"],
    "لإيران": ["ل", "إيران"],
    "وبغداد": ["و", "بغداد"],
    "كالعادة": ["ك", "ال", "عادة"],
    "وَالعِراقِ": ["وَ", "ال", "عِراقِ"],
    "بـالانسحاب": ["بـ", "ال", "انسحاب"],
    "الانسحاب": ["ال", "انسحاب"],
    "وهو": ["و", "هو"],
}
WHOLE = [
    "وزير", "وزارة", "وفد", "بغداد", "لبنان", "بريطانيا", "كركوك", "فرنسا", "فيلق", "الله",
    "التي", "الذي", "إلى", "كان", "لكن", "بين", "بعد", "واشنطن", "ولاية", "كتائب", "بيان",
    "لجنة", "في", "من", "ال",
]  # fmt: skip


@pytest.mark.parametrize(("word", "pieces"), SPLIT.items())
def test_clitics_split(word, pieces):
    got = tk.split_clitics(word)
    assert [word[s:e] for s, e, _, _ in got] == pieces
    assert "".join(word[s:e] for s, e, _, _ in got) == word


@pytest.mark.parametrize("word", WHOLE)
def test_look_alike_words_stay_whole(word):
    assert [word[s:e] for s, e, _, _ in tk.split_clitics(word)] == [word]


def test_clitic_tokens_have_exact_offsets_and_article_norm(seed):
    tokens = tk.tokenize(seed, clitics=True)
    text = seed["text"][0]
    for start, end, token in tokens.select("start", "end", "token").iter_rows():
        assert text[start:end] == token
    lil = tokens.filter((pl.col("clitic") == "article") & (pl.col("token") == "ل"))
    assert lil.height > 0 and set(lil["norm"]) == {"ال"}
    assert tokens["token_id"].to_list() == list(range(tokens.height))


# ---- properties over random Arabic-heavy text -----------------------------------------------

ARABIC_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإىةئؤ")
        + list("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640")
        + list("٠١٢٣٤٥٦٧٨٩۰۱۲0123456789")
        + list(' \n\t\u00a0.,،؛؟!…«»“”"-:%٪٫٬')
        + list("\u200c\u200d\u200e\u200fabcXYZé\u0301ﻻﺍکی😀")
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(ARABIC_TEXT, st.booleans())
def test_tokens_slice_the_text_in_order(text, clitics):
    frame = pl.DataFrame({"article_id": ["a"], "text": [text]})
    tokens = tk.tokenize(frame, clitics=clitics)
    previous_end = 0
    for start, end, token in tokens.select("start", "end", "token").iter_rows():
        assert text[start:end] == token
        assert start >= previous_end and end > start
        previous_end = end
    assert set(tokens["kind"]) <= {"word", "number", "punct", "latin", "other"}
    sentences = tk.split_sentences(frame)
    for start, end, sentence in sentences.select("start", "end", "text").iter_rows():
        assert text[start:end] == sentence
    assert tk.tokenize(frame, clitics=clitics).equals(tokens)


@settings(max_examples=200, deadline=None)
@given(ARABIC_TEXT)
def test_normalize_map_always_points_back(text):
    norm, index = normalize_with_map(text)
    assert norm == normalize(text)
    assert index[-1] == len(text) and index == sorted(index)


def test_repeated_article_id_with_a_later_text_starting_earlier():
    """A hand-built frame may repeat an id (loading refuses it, a frame need not): a later
    row whose first token starts before the first row's first sentence once made the
    sentence look-up wrap round to an index out of bounds. Each row's tokens are the ones it
    has alone, offsets included."""
    texts = ["  رئيس الوزراء العراقي.رئيس الوزراء العراقي", " رئيس الوزراء العراقي", ""]
    articles = pl.DataFrame({"article_id": ["a", "a", "a"], "text": texts})
    columns = ["start", "end", "token", "clitic"]
    alone = pl.concat(
        [tk.tokenize(articles.slice(row, 1), clitics=True).select(columns) for row in range(3)]
    )
    tokens = tk.tokenize(articles, clitics=True)
    assert alone.height > 0 and tokens["sentence_id"].min() >= 1
    assert tokens.select(columns).equals(alone)
    mentions = tk.extract_entities(articles)  # ran into the same look-up before
    for start, end, surface in mentions.select("start", "end", "surface").iter_rows():
        assert any(text[start:end] == surface for text in texts)


def test_dots_followed_by_more_of_the_line_do_not_end_a_sentence():
    text = 'آخر قافلة تعبر.. والصدر: "لا بقاء"\nبعد هجوم "البرج 22"... بغداد تطالب.\nانتهى...\nسطر'
    frame = pl.DataFrame({"article_id": ["a"], "text": [text]})
    assert tk.split_sentences(frame)["text"].to_list() == text.split("\n")
