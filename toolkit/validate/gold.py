"""Reviewed items as gold annotations, so every ``evaluate_*`` runs on your own sample.

:func:`to_gold` turns the answers into the gold format of ``data/gold/README.md`` — one dict
per article, with ``sentences``, ``entities``, ``optional``, ``figures`` and ``stance`` — and
adds a ``reviewed`` list naming what was looked at. A review covers only part of each article,
so before scoring, keep only the predictions that were reviewed (:func:`reviewed_only`):
otherwise an unreviewed claim in the same article would count as an error.

How answers become gold
-----------------------
- **Claims** (one party in one sentence): ``support``, ``oppose``, ``mixed``, ``neutral`` are
  that party's stance; ``off_target`` (not about the troops) makes it ``neutral``;
  ``wrong_party`` makes it ``neutral`` and gives the position read by the system to the party
  the annotator chose.
- **Whole sentences**: every position recorded; a party one annotator placed and another did
  not counts as ``neutral`` for the second.
- With several annotators, ``stance`` is the most frequent label (ties: the first of support,
  oppose, mixed, neutral) and ``accept`` lists every label given — the labels "a careful
  annotator could defend", as in the shipped gold.
- **Mentions**: ``correct`` → an entity; ``wrong_party`` → an entity with the right party;
  ``wrong_label`` → an ``optional`` span (a real name, of another type); ``not_an_entity`` →
  nothing. **Figures**: ``correct`` → a figure as read; ``wrong_value`` → value null,
  ``wrong_kind`` / ``wrong_qualifier`` → ``"?"`` (wrong, the right one unknown),
  ``wrong_subject`` → the party chosen; ``not_a_figure`` → nothing. Several annotators: the
  most frequent answer (ties: an optional span for mentions, the first annotator for figures).

Answers given to a sentence that has changed since are left out.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import polars as pl

from toolkit.lexicons import STANCES
from toolkit.validate.sampling import sample_kind

__all__ = ["reviewed_only", "to_gold", "write_gold"]


def _vote(labels: list[str]) -> tuple[str, list[str]]:
    counts = Counter(labels)
    order = {s: i for i, s in enumerate(STANCES)}
    stance = min(counts, key=lambda s: (-counts[s], order.get(s, 99), s))
    return stance, sorted(counts, key=lambda s: (order.get(s, 99), s))


def _answers(labels: pl.DataFrame, sample: pl.DataFrame) -> list[dict]:
    keep = [c for c in ("item", "annotator", "label", "party", "positions", "sentence_sha256")
            if c in labels.columns]  # fmt: skip
    answers = labels.select(keep).rename(
        {"party": "right_party", "sentence_sha256": "answered_sha256"}, strict=False
    )
    joined = answers.join(sample, on="item", how="inner").filter(pl.col("label").is_not_null())
    if "answered_sha256" in joined.columns:
        joined = joined.filter(
            pl.col("answered_sha256").is_null()
            | (pl.col("answered_sha256") == pl.col("sentence_sha256"))
        )
    return joined.sort("item", "annotator").to_dicts()


def _article(golds: dict, row: dict) -> dict:
    article = row["article_id"]
    if article not in golds:
        golds[article] = {"file": article, "article_id": article, "source": "review",
                          "sentences": {}, "entities": [], "optional": [], "figures": [],
                          "stance": {}, "reviewed": []}  # fmt: skip
    gold = golds[article]
    gold["sentences"][row["sentence_id"]] = {
        "sentence": row["sentence_id"], "start": row["sentence_start"], "end": row["sentence_end"],
    }  # fmt: skip
    return gold


def _stance_votes(rows: list[dict]) -> dict[tuple, list[str]]:
    """(article, sentence, party) -> the labels the annotators' answers give it."""
    votes: dict[tuple, list[str]] = {}
    for row in rows:
        where = (row["article_id"], row["sentence_id"])
        if row["kind"] == "stance":
            label = row["label"]
            if label in STANCES:
                votes.setdefault((*where, row["party"]), []).append(label)
            elif label in ("off_target", "wrong_party"):
                votes.setdefault((*where, row["party"]), []).append("neutral")
            if label == "wrong_party" and row.get("right_party") and row.get("reading"):
                votes.setdefault((*where, row["right_party"]), []).append(row["reading"])
    by_sentence: dict[str, list[dict]] = {}
    for row in rows:
        if row["kind"] == "sentence":
            by_sentence.setdefault(row["item"], []).append(row)
    for answers in by_sentence.values():
        first = answers[0]
        where = (first["article_id"], first["sentence_id"])
        placed = {p["party"] for a in answers for p in a.get("positions") or []}
        for party in sorted(placed):
            for answer in answers:
                given = {p["party"]: p["stance"] for p in answer.get("positions") or []}
                votes.setdefault((*where, party), []).append(given.get(party, "neutral"))
    return votes


def _entity(rows: list[dict]) -> tuple[str, dict] | None:
    outcome = Counter(r["label"] for r in rows)
    top = outcome.most_common()
    if len(top) > 1 and top[0][1] == top[1][1]:
        label = "wrong_label"  # a tie: may be tagged or not without penalty
    else:
        label = top[0][0]
    row = next((r for r in rows if r["label"] == label), rows[0])
    span = {"surface": row["span_text"], "sentence": row["sentence_id"],
            "start": row["span_start"], "end": row["span_end"]}  # fmt: skip
    if label in ("correct", "wrong_party"):
        party = row["right_party"] if label == "wrong_party" else row["party"]
        return "entities", {**span, "label": row["reading"], "entity": row["detail"],
                            "party": party}  # fmt: skip
    if label == "wrong_label":
        return "optional", span
    return None


def _figure(rows: list[dict]) -> dict | None:
    label = Counter(r["label"] for r in rows).most_common(1)[0][0]
    row = next(r for r in rows if r["label"] == label)
    if label == "not_a_figure":
        return None
    missing = {"value", "figure_kind", "unit", "qualifier"} - set(row)
    if missing:
        raise ValueError(
            f"figures become gold from the sample of sample_for_review (it has the figures' "
            f"columns; missing {sorted(missing)}), not from one read back from CSV"
        )
    figure = {
        "surface": row["span_text"], "value": row["value"], "kind": row["figure_kind"],
        "unit": row["unit"], "qualifier": row["qualifier"], "subject": row["party"],
        "sentence": row["sentence_id"], "start": row["span_start"], "end": row["span_end"],
    }  # fmt: skip
    if label == "wrong_value":
        figure["value"] = None
    elif label == "wrong_kind":
        figure["kind"] = "?"
    elif label == "wrong_qualifier":
        figure["qualifier"] = "?"
    elif label == "wrong_subject":
        figure["subject"] = row.get("right_party") or "?"
    return figure


def to_gold(labels: pl.DataFrame, sample: pl.DataFrame) -> list[dict]:
    """The reviewed items in the gold format, one dict per article (see the module docstring).

    Parameters
    ----------
    labels
        The answers (:func:`~toolkit.validate.store.read_answers`), one or more annotators.
    sample
        The reviewed sample (items of one or several kinds).

    Returns
    -------
    list of dict
        Gold dicts as :func:`toolkit.load_gold` returns them (``file`` and ``article_id``
        set), sorted by article, with ``reviewed``: ``{"kind", "sentence", "party"}`` for
        claims and whole sentences (``party`` null), ``{"kind", "start", "end"}`` for mentions
        and figures.

    Examples
    --------
    >>> from toolkit.datasets import seed_articles
    >>> from toolkit.stance import classify_stance
    >>> from toolkit.validate import sample_for_review
    >>> sample = sample_for_review(classify_stance(seed_articles()), n=2, seed=3)
    >>> answers = sample.select("item", pl.lit("me").alias("annotator"),
    ...                         pl.col("reading").alias("label"))
    >>> gold = to_gold(answers, sample)[0]
    >>> {(s["party"], s["stance"]) for s in gold["stance"]} == set(
    ...     sample.select("party", "reading").iter_rows())
    True
    """
    rows = _answers(labels, sample)
    golds: dict[str, dict] = {}
    for row in rows:
        gold = _article(golds, row)
        entry = {"kind": row["kind"], "sentence": row["sentence_id"]}
        if row["kind"] in ("stance", "sentence"):
            entry["party"] = row["party"] if row["kind"] == "stance" else None
        else:
            entry |= {"start": row["span_start"], "end": row["span_end"]}
        if entry not in gold["reviewed"]:
            gold["reviewed"].append(entry)
    for (article, sentence, party), votes in _stance_votes(rows).items():
        stance, accept = _vote(votes)
        golds[article]["stance"][(sentence, party)] = {
            "party": party, "stance": stance, "accept": accept, "sentence": sentence,
        }  # fmt: skip
    by_item: dict[str, list[dict]] = {}
    for row in rows:
        if row["kind"] in ("entity", "figure"):
            by_item.setdefault(row["item"], []).append(row)
    for answers in by_item.values():
        gold = golds[answers[0]["article_id"]]
        if answers[0]["kind"] == "entity":
            found = _entity(answers)
            if found:
                gold[found[0]].append(found[1])
        else:
            figure = _figure(answers)
            if figure:
                gold["figures"].append(figure)
    out = []
    for article in sorted(golds):
        gold = golds[article]
        gold["sentences"] = [gold["sentences"][k] for k in sorted(gold["sentences"])]
        gold["stance"] = [gold["stance"][k] for k in sorted(gold["stance"])]
        for key in ("entities", "optional", "figures"):
            gold[key].sort(key=lambda e: (e["start"], e["end"]))
        out.append(gold)
    return out


def write_gold(golds: list[dict], folder: str | os.PathLike) -> list[Path]:
    """Write each gold dict to ``<folder>/<article>.gold.json`` (read back by ``load_gold``).

    Examples
    --------
    >>> import tempfile
    >>> from toolkit.evaluate import load_gold
    >>> folder = tempfile.mkdtemp()
    >>> paths = write_gold([{"file": "a", "stance": []}], folder)
    >>> [g["article_id"] for g in load_gold(folder)]
    ['a']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for gold in golds:
        name = re.sub(r"[^\w\-.]", "_", str(gold["file"]))
        path = folder / f"{name}.gold.json"
        body = {k: v for k, v in gold.items() if k != "article_id"}
        path.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def reviewed_only(frame: pl.DataFrame, golds: list[dict]) -> pl.DataFrame:
    """The rows of ``frame`` (claims, mentions or figures) that the gold's review covered.

    Claims: those of a reviewed (sentence, party), or of any party in a whole sentence that
    was reviewed. Mentions and figures: those that overlap a reviewed span.

    Examples
    --------
    >>> claims = pl.DataFrame({"article_id": ["a", "a"], "sentence_id": [1, 2],
    ...                        "party": ["iran", "iran"], "stance": ["oppose", "oppose"],
    ...                        "cue": ["x", "y"]})
    >>> gold = [{"article_id": "a", "reviewed": [{"kind": "stance", "sentence": 2,
    ...                                           "party": "iran"}]}]
    >>> reviewed_only(claims, gold)["sentence_id"].to_list()
    [2]
    """
    kind = sample_kind(frame)
    covered = [(g.get("article_id") or g.get("file"), r) for g in golds
               for r in g.get("reviewed", [])]  # fmt: skip
    if kind == "stance":
        pairs = {(a, r["sentence"], r["party"]) for a, r in covered if r["kind"] == "stance"}
        whole = {(a, r["sentence"]) for a, r in covered if r["kind"] == "sentence"}
        keep = [
            (a, s, p) in pairs or (a, s) in whole
            for a, s, p in frame.select("article_id", "sentence_id", "party").iter_rows()
        ]
    else:
        spans: dict[str, list[tuple[int, int]]] = {}
        for a, r in covered:
            if r["kind"] == kind:
                spans.setdefault(a, []).append((r["start"], r["end"]))
        keep = [
            any(start < e and s < end for s, e in spans.get(a, []))
            for a, start, end in frame.select("article_id", "start", "end").iter_rows()
        ]
    return frame.filter(pl.Series(keep, dtype=pl.Boolean))
