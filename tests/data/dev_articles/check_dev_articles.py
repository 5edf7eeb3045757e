"""Plain-Python check of the composed development articles (no toolkit import).

Run from anywhere: python3 check_dev_articles.py
It verifies every offset, that the sentences tile each text, the party ids, the labels
and the stance records, and prints the totals. It writes nothing.
"""

import itertools
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PARTIES = {
    "us_administration",
    "iraqi_government",
    "iraqi_parliament",
    "fatah_alliance",
    "sadrist_movement",
    "iran_backed_militias",
    "iran",
    "nato",
    "kurdistan_region",
    "us_led_coalition",
    "iraqi_public",
}
LABELS = {"PERSON", "ORG", "GPE", "LOC"}
STANCES = {"support", "oppose", "mixed", "neutral"}
KEYS = {"article_id", "file", "sentences", "entities", "optional", "figures", "stance"}


def check_article(stem, errors):
    def err(msg):
        errors.append(f"{stem}: {msg}")

    with open(os.path.join(HERE, stem + ".txt"), "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    if text.endswith("\n") or "\r" in text:
        err("trailing newline or CR")
    with open(os.path.join(HERE, stem + ".gold.json"), encoding="utf-8") as f:
        gold = json.load(f)
    if set(gold) != KEYS:
        err(f"keys {sorted(gold)}")
    if gold.get("file") != stem:
        err("file {!r}".format(gold.get("file")))
    if gold.get("figures") != []:
        err("figures not empty")
    lines = text.split("\n")
    if not 9 <= len(lines) <= 14:
        err(f"{len(lines)} lines")
    sents = gold["sentences"]
    if len(sents) != len(lines):
        err(f"{len(sents)} sentences for {len(lines)} lines")
    pos = 0
    for i, s in enumerate(sents):
        if s["sentence"] != i + 1 or s["start"] != pos:
            err(f"sentence {i + 1} does not start at {pos}")
        if i < len(lines) and text[s["start"] : s["end"]] != lines[i]:
            err(f"sentence {i + 1} span is not line {i + 1}")
        if not lines[i].strip():
            err(f"empty line {i + 1}")
        pos = s["end"] + 1
    if sents and sents[-1]["end"] != len(text):
        err("sentences do not reach the end of the text")

    def sent_of(start, end):
        for s in sents:
            if s["start"] <= start and end <= s["end"]:
                return s["sentence"]
        return None

    for kind in ("entities", "optional"):
        for r in gold[kind]:
            if text[r["start"] : r["end"]] != r["surface"] or not r["surface"]:
                err(f"{kind} offset {r['surface']!r} {r['start']}-{r['end']}")
            if sent_of(r["start"], r["end"]) != r["sentence"]:
                err(f"{kind} {r['surface']!r} not in sentence {r['sentence']}")
    ents = sorted(gold["entities"], key=lambda r: r["start"])
    for a, b in itertools.pairwise(ents):
        if a["end"] > b["start"]:
            err("overlapping entities {!r} {!r}".format(a["surface"], b["surface"]))
    for r in ents:
        if r["label"] not in LABELS:
            err("label {!r}".format(r["label"]))
        if r["party"] is not None and r["party"] not in PARTIES:
            err("party {!r}".format(r["party"]))
        if not r.get("entity"):
            err("no canonical name for {!r}".format(r["surface"]))
    for r in gold["stance"]:
        if r["party"] not in PARTIES:
            err("stance party {!r}".format(r["party"]))
        if (
            r["stance"] not in STANCES
            or not set(r["accept"]) <= STANCES
            or r["stance"] not in r["accept"]
        ):
            err("stance labels {!r} {!r}".format(r["stance"], r["accept"]))
        if not 1 <= r["sentence"] <= len(lines):
            err("stance sentence {!r}".format(r["sentence"]))
    return gold, len(lines)


def main():
    stems = sorted(f[:-4] for f in os.listdir(HERE) if f.endswith(".txt"))
    golds = sorted(f[:-10] for f in os.listdir(HERE) if f.endswith(".gold.json"))
    errors = []
    if stems != golds:
        errors.append(f"texts and gold files differ: {stems} / {golds}")
    totals = {"articles": 0, "lines": 0, "entities": 0, "optional": 0}
    by_label = {k: 0 for k in sorted(STANCES)}
    for stem in stems:
        gold, n = check_article(stem, errors)
        totals["articles"] += 1
        totals["lines"] += n
        totals["entities"] += len(gold["entities"])
        totals["optional"] += len(gold["optional"])
        for r in gold["stance"]:
            by_label[r["stance"]] += 1
    print("totals", totals, "stance", by_label, "stance records", sum(by_label.values()))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
