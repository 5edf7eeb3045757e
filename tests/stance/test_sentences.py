"""One case per rule, on sentences written for these tests: ``tests/data/stance_sentences.csv``.

Each row expects one claim of a case's text (sentences separated by line breaks): its
``sentence_id`` and ``party`` and its ``stance`` (alternatives with ``|``; ``none``: the
party has no claim there) and, where given, its ``rule``, ``aspect``, ``score``, ``cue`` (as
written), a cue ``evidence`` containing these words, its ``speaker`` and the sentence where
the speaker is named (``speaker_sentence``), and its ``position`` among the claims of its
sentence. ``only`` says the rows are all the claims of the ``text`` or of their ``sentence``.
Every claim's offsets must cut its cue, speaker and evidence out of the text.
"""

import csv
from pathlib import Path

import polars as pl
import pytest

from toolkit.arabic import split_sentences

CASES = Path(__file__).resolve().parents[1] / "data" / "stance_sentences.csv"


def _cases() -> dict[str, list[dict]]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cases: dict[str, list[dict]] = {}
    for row in rows:
        cases.setdefault(row["case"], []).append(row)
    return cases


CASE_ROWS = _cases()


def test_the_cases_are_well_formed():
    assert len(CASE_ROWS) >= 37  # every case of the rules (add, do not drop)
    for case, rows in CASE_ROWS.items():
        assert len({r["text"] for r in rows}) == 1, f"{case}: one text per case"
        for r in rows:
            assert r["sentence_id"].isdigit() and r["party"] and r["stance"], case
            assert r["only"] in ("", "text", "sentence"), case


@pytest.mark.parametrize("case", list(CASE_ROWS))
def test_sentence_case(case, claims_of):
    rows = CASE_ROWS[case]
    text = rows[0]["text"]
    claims = claims_of(text)
    _check_offsets(text, claims)
    by_key = {(r["sentence_id"], r["party"]): r for r in claims.iter_rows(named=True)}
    for expected in rows:
        sentence_id = int(expected["sentence_id"])
        found = by_key.get((sentence_id, expected["party"]))
        if expected["stance"] == "none":
            assert found is None, (case, found)
            continue
        assert found is not None, (case, expected["party"], claims.rows())
        assert found["stance"] in expected["stance"].split("|"), (case, found)
        for name in ("rule", "aspect", "cue", "speaker"):
            if expected[name]:
                assert found[name] == expected[name], (case, name, found[name])
        if expected["score"]:
            assert found["score"] == float(expected["score"]), (case, found["score"])
        if expected["evidence"]:
            cues = [e["text"] for e in found["evidence"] if e["kind"] == "cue"]
            assert any(expected["evidence"] in c for c in cues), (case, cues)
        if expected["speaker_sentence"]:
            start, end = _sentence_span(text, int(expected["speaker_sentence"]))
            assert start <= found["speaker_start"] < found["speaker_end"] <= end, case
        if expected["position"]:
            parties = claims.filter(sentence_id=sentence_id)["party"].to_list()
            assert parties[int(expected["position"])] == expected["party"], (case, parties)
    wanted = {(int(r["sentence_id"]), r["party"]) for r in rows if r["stance"] != "none"}
    for scope in {r["only"] for r in rows if r["only"]}:
        got = set(claims.select("sentence_id", "party").rows())
        if scope == "sentence":
            got = {k for k in got if k[0] in {s for s, _ in wanted}}
        assert got == wanted, (case, scope, got)


def _sentence_span(text: str, sentence_id: int) -> tuple[int, int]:
    sentences = split_sentences(pl.DataFrame({"article_id": ["t"], "text": [text]}))
    return sentences.filter(sentence_id=sentence_id).select("start", "end").row(0)


def _check_offsets(text: str, claims: pl.DataFrame) -> None:
    for row in claims.iter_rows(named=True):
        assert text[row["start"] : row["end"]] == row["sentence"]
        for name in ("cue", "speaker"):
            if row[name] is not None:
                assert text[row[f"{name}_start"] : row[f"{name}_end"]] == row[name]
        for item in row["evidence"]:
            assert text[item["start"] : item["end"]] == item["text"]
        assert (row["cue"] is None) == (row["stance"] == "neutral")


def test_a_second_target_with_its_own_cue_file(tmp_path, reading, claims_of):
    rows = [
        "cue,polarity,aspect,kind,negated,example,note",
        "توسيع/توسع …2 مهمة,support,all,stance,,توسيع مهمة الحلف,expanding the mission",
        "الناتو/الحلف,,,target,,الناتو,NATO is the target here",
        "حلف شمال الأطلسي,,,target,,حلف شمال الأطلسي,",
        "القوات الأمريكية,,,other,,القوات الأمريكية,US troops are not",
        "مهمة/بعثة,,,force,,مهمة,",
    ]
    path = tmp_path / "stance_cues_nato_mission.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    text = "ورحبت الحكومة العراقية بتوسيع مهمة الناتو التدريبية في العراق."
    assert reading(text) == {(1, "iraqi_government"): "neutral"}
    claims = claims_of(text, cues=path, target="nato_mission")
    assert claims.select("party", "stance", "target").row(0) == (
        "iraqi_government",
        "support",
        "nato_mission",
    )
