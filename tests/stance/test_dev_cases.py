"""The stance reader on its three development sets (issue 15).

The files are sentences written for this project, modeled on real Arabic coverage (the pages
read are listed in ``tests/data/dev_sources.csv`` with purpose ``stance_dev``; no text of
them is copied). Each row is one party's expected reading of the case's last sentence:
``stance`` (``none`` for a party named that must get no position), ``accept`` (the labels
that count as right), ``cue``, ``construction`` and a ``note``. A case's ``context`` holds the
sentences before it, separated by ``||``.

- ``stance_dev_cases.csv`` (443 rows): the rules were developed on it. Measured at the start
  of this round: precision 0.925, recall 0.835, F1 0.878 (233 true positives, 19 false
  positives, 50 misses); after it: precision 0.929, recall 0.848, F1 0.887 (237, 18, 46).
- ``stance_dev_cases_2.csv`` (160 rows in 128 cases), written from 35 newly read pages before
  any rule of this round changed, and scored once then: precision 0.729, recall 0.640, F1
  0.682 (70, 26, 41) — 0.745, 0.640, 0.689 after one context sentence that named the
  occupation without a gold row was replaced. After the rules of this round (tuned on it, so
  it now overstates): precision 0.949, recall 0.851, F1 0.897 (93, 5, 17).
- ``stance_dev_cases_3.csv`` (213 rows in 155 cases), written from 43 newly read pages of 40
  outlets (purpose ``stance_dev_3``) before any rule of its round changed, with many
  continuation sentences and negative cases (analysts, reports, background, attacks on the
  forces). Scored then: precision 0.723, recall 0.682, F1 0.702 (73, 28, 34), after five data
  fixes (0.680, 0.673, 0.676 as first written). After the rules of its round (tuned on it, so
  it now overstates): precision 0.833, recall 0.748, F1 0.788 (80, 16, 27); after a second
  round (continuation verbs, until the last soldier, a refusal to leave under a condition, a
  fake withdrawal, a member of a named party, the addressee of a demand, threats under a
  condition, who decides, residents of a place, the combat mission will end): precision
  0.929, recall 0.850, F1 0.888 (91, 7, 16).

- ``stance_dev_cases_4.csv`` (239 rows in 159 cases), written from 47 newly read pages of 46
  outlets (purpose ``stance_dev_4``) before any rule of its round changed: 64% of its rows are
  a named party that must get no position (background, biographies, events told, analysts,
  former officials, other theatres, addressees, embassies), 35 cases carry context. Scored
  then: precision 0.603, recall 0.529, F1 0.564 (44, 29, 40) — the honest measure of how the
  reader generalises. After the rules of its round (general constructions: background lines,
  emotion nouns, comparisons that set a topic aside, charges, events told, the
  bare object of a cue, procedural conditions; tuned on it, so it now overstates) and two data
  fixes: precision 0.887, recall 0.753, F1 0.815 (63, 8, 21). The same rules took set 3 to
  precision 0.979, recall 0.888, F1 0.931 (95, 2, 12).

The floors sit just under the measured scores: a rule change that costs either set a few
positions fails here and must be looked at.
"""

from __future__ import annotations

import csv
from collections import OrderedDict
from pathlib import Path

import polars as pl
import pytest

from toolkit import classify_stance, evaluate_stance

DATA = Path(__file__).resolve().parents[1] / "data"
COLUMNS = ["case_id", "context", "text", "party", "stance", "accept", "cue", "construction", "note"]
LABELS = {"support", "oppose", "mixed", "neutral", "none"}


def dev_cases(name: str) -> tuple[pl.DataFrame, list[dict]]:
    """The articles (context sentences, then the case's sentence) and gold of a dev file."""
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cases: OrderedDict[str, list[dict]] = OrderedDict()
    for row in rows:
        cases.setdefault(row["case_id"], []).append(row)
    articles, golds = [], []
    for case_id, case in cases.items():
        context = [c.strip() for c in case[0]["context"].split("||") if c.strip()]
        sentence = len(context) + 1
        stance = []
        for row in case:
            if row["stance"] == "none":
                stance.append(
                    {"party": row["party"], "stance": "neutral", "accept": ["neutral"],
                     "sentence": sentence}
                )  # fmt: skip
            else:
                accept = [a for a in row["accept"].split("|") if a]
                stance.append(
                    {"party": row["party"], "stance": row["stance"], "accept": accept,
                     "cue": row["cue"], "sentence": sentence}
                )  # fmt: skip
        articles.append({"article_id": case_id, "text": "\n".join([*context, case[0]["text"]])})
        golds.append({"article_id": case_id, "stance": stance})
    return pl.DataFrame(articles), golds


@pytest.mark.parametrize(
    ("name", "precision", "recall", "f1"),
    [
        ("stance_dev_cases.csv", 0.92, 0.84, 0.88),
        ("stance_dev_cases_2.csv", 0.94, 0.84, 0.89),
        ("stance_dev_cases_3.csv", 0.95, 0.86, 0.9),
        ("stance_dev_cases_4.csv", 0.85, 0.72, 0.78),
    ],
)
def test_dev_sets_keep_their_scores(name, precision, recall, f1):
    articles, golds = dev_cases(name)
    scores = evaluate_stance(classify_stance(articles), golds)
    assert scores["precision"] >= precision, scores["errors"]
    assert scores["recall"] >= recall, scores["errors"]
    assert scores["f1"] >= f1, scores["errors"]


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("stance_dev_cases_2.csv", 120),
        ("stance_dev_cases_3.csv", 200),
        ("stance_dev_cases_4.csv", 150),
    ],
)
def test_later_dev_sets_are_annotated_in_full(name, size):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        rows = list(reader)
    assert len(rows) >= size
    for row in rows:
        assert row["construction"], row
        assert row["stance"] in LABELS, row
        accept = set(row["accept"].split("|"))
        assert accept <= LABELS, row
        if row["stance"] not in ("none", "neutral"):
            assert row["stance"] in accept and row["cue"], row
    stances = {row["stance"] for row in rows}
    assert {"support", "oppose", "mixed", "none"} <= stances
    # positions of many parties, not one
    assert len({row["party"] for row in rows if row["stance"] != "none"}) >= 10


def test_third_dev_set_reads_like_long_pages():
    """Dev set 3 carries context (a speaker named before a continuation sentence) and many
    cases where a named party must get no position."""
    with open(DATA / "stance_dev_cases_3.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parties = set(pl.read_csv(DATA.parents[1] / "toolkit" / "lexicons" / "parties.csv")["party_id"])
    assert {row["party"] for row in rows} <= parties
    cases = {row["case_id"]: row for row in rows}
    assert len(cases) >= 150
    assert sum(bool(row["context"]) for row in cases.values()) >= 40
    assert sum(row["stance"] == "none" for row in rows) >= 80


def test_fourth_dev_set_is_mostly_negative_and_continued():
    """Dev set 4 holds at least 40% rows where a named party must get no position, and many
    cases whose speaker is named in a context sentence before the one scored."""
    with open(DATA / "stance_dev_cases_4.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parties = set(pl.read_csv(DATA.parents[1] / "toolkit" / "lexicons" / "parties.csv")["party_id"])
    assert {row["party"] for row in rows} <= parties
    cases = {row["case_id"]: row for row in rows}
    assert len(cases) >= 150
    assert sum(row["stance"] == "none" for row in rows) >= 0.4 * len(rows)
    assert sum(bool(row["context"]) for row in cases.values()) >= 30
