"""evaluate_stance places a claim in the gold sentence its sentence starts in (by offsets), so
a gold line the reader cuts in two (two sentences on one line) does not shift the later
sentences."""

import polars as pl

from toolkit.evaluate import evaluate_stance
from toolkit.stance import classify_stance

# Line 1 is one gold sentence that the reader cuts at its full stop; lines 2 and 3 follow.
LINES = [
    "آخر قافلة أمريكية تغادر. والتيار الصدري: نرفض أي بقاء للقوات الأمريكية",
    "وقال المتحدث باسم الحكومة العراقية إن الحكومة تطالب بانسحاب القوات الأمريكية من العراق.",
    "وعبرت القافلة الحدود فجر اليوم.",
]
TEXT = "\n".join(LINES)


def gold(stance: list[dict]) -> dict:
    sentences, start = [], 0
    for number, line in enumerate(LINES, 1):
        sentences.append({"sentence": number, "start": start, "end": start + len(line)})
        start += len(line) + 1
    return {
        "article_id": "a",
        "file": "a",
        "sentences": sentences,
        "entities": [],
        "optional": [],
        "figures": [],
        "stance": stance,
    }


def claims() -> pl.DataFrame:
    return classify_stance(pl.DataFrame({"article_id": ["a"], "text": [TEXT]}))


def test_the_reader_cuts_the_first_line_in_two():
    found = claims()
    positions = found.filter(pl.col("stance") != "neutral")
    assert set(positions["party"]) >= {"sadrist_movement", "iraqi_government"}
    # the reader's own numbering: the government's sentence is its third
    government = positions.filter(pl.col("party") == "iraqi_government")
    assert government["sentence_id"].to_list() == [3]


def test_claims_are_scored_in_the_gold_sentence_they_start_in():
    stance = [
        {"sentence": 1, "party": "sadrist_movement", "stance": "oppose", "accept": ["oppose"]},
        {"sentence": 2, "party": "iraqi_government", "stance": "oppose", "accept": ["oppose"]},
    ]
    scores = evaluate_stance(claims(), gold(stance))
    assert (scores["tp"], scores["fp"], scores["fn"]) == (2, 0, 0)
    assert scores["errors"].is_empty()


def test_a_gold_sentence_without_positions_still_counts_false_positives():
    stance = [
        {"sentence": 3, "party": "iraqi_government", "stance": "oppose", "accept": ["oppose"]}
    ]
    scores = evaluate_stance(claims(), gold(stance))
    assert scores["fn"] == 1 and scores["fp"] >= 2  # the two positions are in lines 1 and 2
    assert set(scores["errors"]["sentence_id"]) == {1, 2, 3}


def test_positions_in_two_pieces_of_one_line_are_read_together():
    cut = LINES[0].index("والتيار")
    rows = [  # the reader's pieces 1 and 2 of line 1, then line 2 as its piece 3
        ("a", 1, 0, cut - 1, "sadrist_movement", "support"),
        ("a", 2, cut, len(LINES[0]), "sadrist_movement", "oppose"),
        (
            "a",
            3,
            len(LINES[0]) + 1,
            len(LINES[0]) + 1 + len(LINES[1]),
            "iraqi_government",
            "oppose",
        ),
    ]
    predicted = pl.DataFrame(
        rows, schema=["article_id", "sentence_id", "start", "end", "party", "stance"], orient="row"
    )
    mixed = [{"sentence": 1, "party": "sadrist_movement", "stance": "mixed", "accept": ["mixed"]}]
    assert evaluate_stance(predicted, gold(mixed))["tp"] == 1
    oppose = [
        {"sentence": 1, "party": "sadrist_movement", "stance": "oppose", "accept": ["oppose"]}
    ]
    scores = evaluate_stance(predicted, gold(oppose))
    # line 1 is read mixed (a wrong label), the government's line 2 has no gold position
    assert (scores["tp"], scores["fp"], scores["fn"]) == (0, 2, 1)
    assert scores["errors"].filter(pl.col("sentence_id") == 1)["predicted"].to_list() == ["mixed"]
