"""The polars prefilter of :func:`toolkit.entities.cited.cited_mentions` never drops an article
the look-around pattern would match in: it may match more texts, never fewer."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import datasets
from toolkit.entities import cited, extract_entities
from toolkit.entities.cited import _pattern, _prefilter

RESTS = ["المعلومة", "الميادين", "السومرية نيوز"]
OUTLETS = ["الميادين", "شفق نيوز"]
CITATIONS = ["نقلت", "مراسل", "أفادت"]
PREFIXES = "وف"
PATTERN = _pattern(RESTS, OUTLETS, CITATIONS, PREFIXES)
PREFILTER = _prefilter(RESTS, OUTLETS, CITATIONS, PREFIXES)

# Every form the pattern reads, with the spaces Python's \s takes (also the odd ones).
CITED = [
    "وقال في تصريح لـ/المعلومة/ إن",
    'وقال لـ"الميادين" إن',
    "ونقلت «الميادين» عن مصدر",
    "قال لـ المعلومة إن",
    "لـالميادين",
    "المعلومة/ خاص",
    "سطر\nالميادين - بغداد",
    "ونقلت الميادين عن مصدر",
    "وأفادت\u3000شفق نيوز بأن",
    "مراسل\x1cالميادين",
    "/\x1fالسومرية نيوز\x1f/",
]
NOT_CITED = ["في الميادين العامة", "المعلومة الدقيقة مهمة", "قال مصدر إن القرار نهائي"]


def shipped_frames() -> list[pl.DataFrame]:
    return [
        datasets.course_articles(),
        datasets.seed_articles(),
        datasets.heldout_articles()[0],
        datasets.heldout_passages()[0],
    ]


def possible(texts: list[str]) -> list[bool]:
    return pl.Series(texts, dtype=pl.String).str.contains(PREFILTER).to_list()


def test_every_citation_form_passes_the_prefilter():
    assert all(PATTERN.search(text) for text in CITED)
    assert possible(CITED) == [True] * len(CITED)


def test_texts_without_a_citation_form_are_left_out():
    assert not any(PATTERN.search(text) for text in NOT_CITED)
    assert possible(NOT_CITED) == [False] * len(NOT_CITED)


def test_the_shipped_texts_the_pattern_matches_pass_the_prefilter():
    texts = [text for frame in shipped_frames() for text in frame["text"].to_list()]
    matched = [text for text in texts if PATTERN.search(text)]
    assert possible(matched) == [True] * len(matched)


PIECES = st.sampled_from(
    RESTS
    + OUTLETS
    + CITATIONS
    + list(PREFIXES)
    + list("/\"«»“”'-–\n \t\u3000\x1c\u200fلـ")
    + ["كلمة", "قال", "ـ"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12))
def test_the_prefilter_keeps_whatever_the_pattern_matches(pieces):
    text = "".join(pieces)
    if PATTERN.search(text):
        assert possible([text]) == [True]


def test_extract_entities_gives_the_same_frame_without_the_prefilter(monkeypatch):
    articles = pl.concat([frame.select("article_id", "text") for frame in shipped_frames()])
    articles = pl.concat(
        [articles, pl.DataFrame({"article_id": ["cited"], "text": ["\n".join(CITED)]})]
    )
    shipped = extract_entities(articles)
    monkeypatch.setattr(cited, "_prefilter", lambda *words: "")  # every article searched
    assert extract_entities(articles).equals(shipped)
