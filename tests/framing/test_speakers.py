"""speaker_frames: the frame of the framing term that overlaps a claim's speaker span."""

import polars as pl

from toolkit.framing import speaker_frames

TEXT = (
    "وقالت الميليشيات المدعومة من إيران إنها سترد. "
    "وأكدت المقاومة الإسلامية في العراق أن قوات الاحتلال سترحل. "
    "وقال مسؤول أمريكي إن القوات باقية."
)
ARTICLES = pl.DataFrame({"article_id": ["a", "b"], "text": [TEXT, "لا شيء."]})


def span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def test_frames_of_hand_made_claims():
    rows = [
        ("a", "iran_backed_militias", *span("الميليشيات المدعومة من إيران")),
        ("a", "iran_backed_militias", *span("المقاومة الإسلامية")),
        ("a", "us_administration", *span("مسؤول أمريكي")),  # no framing term there
        ("a", "iraqi_public", None, None),  # no speaker span
        ("b", "iraqi_public", 0, 3),
        ("a", "sadrist_movement", *span("الميليشيات")),  # part of the longer term
    ]
    claims = pl.DataFrame(
        rows, schema=["article_id", "party", "speaker_start", "speaker_end"], orient="row"
    )
    result = speaker_frames(claims, ARTICLES)
    assert result.columns == [*claims.columns, "speaker_frame"]
    assert result.drop("speaker_frame").equals(claims)  # order and columns kept
    assert result["speaker_frame"].to_list() == [
        "militia",
        "resistance",
        None,
        None,
        None,
        "militia",
    ]


def test_the_most_overlapping_term_wins():
    start = TEXT.index("المقاومة")
    end = TEXT.index("قوات الاحتلال") + len("قوات الاحتلال")
    claims = pl.DataFrame({"article_id": ["a"], "speaker_start": [start], "speaker_end": [end]})
    assert speaker_frames(claims, ARTICLES)["speaker_frame"].to_list() == ["resistance"]
    inside = TEXT.index("قوات الاحتلال")
    claims = pl.DataFrame({"article_id": ["a"], "speaker_start": [inside], "speaker_end": [end]})
    assert speaker_frames(claims, ARTICLES)["speaker_frame"].to_list() == ["occupation"]


def test_an_empty_claims_frame():
    claims = pl.DataFrame(
        schema={"article_id": pl.String, "speaker_start": pl.Int64, "speaker_end": pl.Int64}
    )
    assert speaker_frames(claims, ARTICLES).columns == [*claims.columns, "speaker_frame"]
