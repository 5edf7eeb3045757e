"""The figures' compiled sentence scan cuts the sentences :func:`toolkit.arabic.sentence_spans`
cuts (the regex), on texts with the rules' edge cases and on hypothesis-made text."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.arabic import sentence_spans
from toolkit.datasets import course_articles, heldout_articles
from toolkit.figures.codepoints import code_points, table
from toolkit.figures.scan import scan_sentences

EDGES = [
    "آخر قافلة تعبر.. والصدر: لا بقاء للقوات",
    'بعد هجوم "البرج 22"... بغداد تطالب بجدول زمني',
    "انتهى الأمر...\nسطر ثان",
    "انتهى الأمر... ",
    ".. بداية بنقطتين ثم كلام",
    "نقطة. ثم جملة.. ثم أخرى\t.. وأخيرة",
    "ثلاث نقاط...كلمة بلا مسافة",
    "نعم… - بند",
    "بلغ العدد 3.5 ألف و2,500 جندي. قال «هذا.. ذاك» ثم مشى!",
    "x ..… y",
    "مسافة صلبة..\u00a0بعدها",
]


def cut(texts: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    frame = pl.DataFrame({"article_id": [str(i) for i in range(len(texts))], "text": texts})
    expected = (
        sentence_spans(frame)
        .select(pl.col("article_id").cast(pl.Int64).alias("article"), "sentence_id", "start", "end")
        .collect()
    )
    cp, offsets = code_points(texts)
    got = scan_sentences(cp, offsets, table()).cast(dict(expected.schema))
    return got, expected


def test_the_scan_cuts_the_regex_sentences_on_the_edge_cases():
    got, expected = cut(EDGES)
    assert got.equals(expected)
    ids = expected.filter(pl.col("article") <= 1)["sentence_id"].to_list()
    assert ids == [1, 1]  # a headline's «..» and «...» go on


def test_the_scan_cuts_the_regex_sentences_on_shipped_text():
    texts = course_articles()["text"].to_list() + heldout_articles()[0]["text"].to_list()
    got, expected = cut(texts)
    assert got.equals(expected)


PIECES = st.sampled_from(
    [".", "..", "...", "…", " ", "\t", "\u00a0", "\n", "!", "؟", "«", "»", '"', "3", ",", "كلمة"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=15).map("".join), min_size=1, max_size=4))
def test_the_scan_cuts_the_regex_sentences_on_any_text(texts):
    got, expected = cut(texts)
    assert got.equals(expected)
