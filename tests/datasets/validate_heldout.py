"""Check the held-out gold files (and the passages' figure_phrases.csv) for consistency.

Independent of the toolkit: it reads only the files of the held-out sets.
Run:  python tests/datasets/validate_heldout.py      (exit status 1 on any problem)
"""

import csv
import json
import sys
from pathlib import Path

SETS = Path(__file__).resolve().parents[2] / "toolkit" / "datasets" / "heldout"
#: Each set: its folder, the lines a text may have, and whether it has figure phrase cases.
LAYOUT = {"passages": ((4, 8), True), "articles": ((9, 13), False)}
HERE = SETS / "passages"
LINES = (4, 8)

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
    "state_of_law",
    "coordination_framework",
    "hikma_movement",
    "taqaddum",
    "najaf_marjaiya",
}
LABELS = {"PERSON", "ORG", "GPE", "LOC"}
KINDS = {"troops", "duration", "date", "percent", "count", "money"}
QUALIFIERS = {
    "exact",
    "approx",
    "more_than",
    "at_least",
    "less_than",
    "at_most",
    "additional",
    "range",
    "vague",
}
UNITS = {"soldier", "day", "week", "month", "year", "hour", "percent", "USD", "IQD"}
STANCES = {"support", "oppose", "mixed", "neutral"}
TOP_KEYS = {"article_id", "file", "sentences", "entities", "optional", "figures", "stance"}
CSV_COLUMNS = ["phrase", "surface", "value", "low", "high", "qualifier", "kind", "unit", "note"]

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def sentence_of(sents, start, end):
    for s in sents:
        if s["start"] <= start and end <= s["end"]:
            return s["sentence"]
    return None


def check_span(where, text, sents, r):
    for k in ("surface", "sentence", "start", "end"):
        if k not in r:
            err(where, f"missing {k} in {r}")
            return
    if not (0 <= r["start"] < r["end"] <= len(text)):
        err(where, f"bad offsets {r}")
        return
    if text[r["start"] : r["end"]] != r["surface"]:
        err(
            where,
            f"text[{r['start']}:{r['end']}]={text[r['start'] : r['end']]!r} != {r['surface']!r}",
        )
    if sentence_of(sents, r["start"], r["end"]) != r["sentence"]:
        err(where, f"span {r['start']}-{r['end']} not inside sentence {r['sentence']}")


def check_passage(txt_path):
    stem = txt_path.name[:-4]
    gold_path = HERE / f"{stem}.gold.json"
    w = stem
    raw = txt_path.read_bytes()
    text = raw.decode("utf-8")
    if text.endswith("\n"):
        err(w, "trailing newline in .txt")
    if "\r" in text:
        err(w, "CR in .txt")
    lines = text.split("\n")
    if not LINES[0] <= len(lines) <= LINES[1]:
        err(w, f"{len(lines)} lines (want {LINES[0]}-{LINES[1]})")
    if any(not ln.strip() for ln in lines):
        err(w, "empty line")
    if not gold_path.exists():
        err(w, "missing .gold.json")
        return {}
    g = json.loads(gold_path.read_text(encoding="utf-8"))
    if set(g) != TOP_KEYS:
        err(w, f"top-level keys {sorted(g)}")
    if g.get("file") != stem:
        err(w, f"file key {g.get('file')!r} != {stem!r}")
    if not isinstance(g.get("article_id"), str) or not g["article_id"]:
        err(w, "article_id")
    sents = g["sentences"]
    pos = 0
    if len(sents) != len(lines):
        err(w, f"{len(sents)} sentence records for {len(lines)} lines")
    for k, (s, ln) in enumerate(zip(sents, lines, strict=False)):
        want = dict(sentence=k + 1, start=pos, end=pos + len(ln))
        if s != want:
            err(w, f"sentence record {s} != {want}")
        pos += len(ln) + 1
    seen = set()
    for e in g["entities"]:
        check_span(f"{w} entity", text, sents, e)
        if e.get("label") not in LABELS:
            err(w, f"entity label {e}")
        if not isinstance(e.get("entity"), str) or not e["entity"]:
            err(w, f"entity name {e}")
        if e.get("party") is not None and e["party"] not in PARTIES:
            err(w, f"entity party {e}")
        if set(e) != {"surface", "label", "entity", "party", "sentence", "start", "end"}:
            err(w, f"entity keys {sorted(e)}")
        key = (e["start"], e["end"])
        if key in seen:
            err(w, f"duplicate entity span {e}")
        seen.add(key)
    for o in g["optional"]:
        check_span(f"{w} optional", text, sents, o)
        if set(o) != {"surface", "sentence", "start", "end"}:
            err(w, f"optional keys {sorted(o)}")
        if (o["start"], o["end"]) in seen:
            err(w, f"optional span identical to an entity span {o}")
    for f in g["figures"]:
        check_span(f"{w} figure", text, sents, f)
        if not is_num(f.get("value")):
            err(w, f"figure value {f}")
        if f.get("kind") not in KINDS:
            err(w, f"figure kind {f}")
        if f.get("qualifier") not in QUALIFIERS:
            err(w, f"figure qualifier {f}")
        if "unit" in f and f["unit"] not in UNITS:
            err(w, f"figure unit {f}")
        if f.get("kind") in ("troops", "duration", "percent", "money") and "unit" not in f:
            err(w, f"figure of kind {f['kind']} without unit {f}")
        if f.get("kind") in ("date", "count") and "unit" in f:
            err(w, f"figure of kind {f['kind']} with unit {f}")
        if "subject" not in f or (f["subject"] is not None and f["subject"] not in PARTIES):
            err(w, f"figure subject {f}")
        acc = f.get("accept_qualifier")
        if acc is not None:
            if f["qualifier"] not in acc or any(q not in QUALIFIERS for q in acc) or len(acc) < 2:
                err(w, f"figure accept_qualifier {f}")
        for b in ("low", "high"):
            if b in f and not is_num(f[b]):
                err(w, f"figure {b} {f}")
        if "low" in f and "high" in f and f["low"] > f["high"]:
            err(w, f"figure low > high {f}")
        if f.get("qualifier") in ("range", "vague") and not ("low" in f and "high" in f):
            err(w, f"range/vague figure without low and high {f}")
    for s in g["stance"]:
        where = f"{w} stance {s}"
        if s.get("party") not in PARTIES:
            err(where, "party")
        if s.get("stance") not in STANCES:
            err(where, "stance label")
        acc = s.get("accept")
        if (
            not isinstance(acc, list)
            or s.get("stance") not in acc
            or any(a not in STANCES for a in acc)
        ):
            err(where, "accept")
        if s.get("stance") != "neutral" and (not isinstance(s.get("cue"), str) or not s["cue"]):
            err(where, "cue (every non-neutral record names the words it rests on)")
        if not isinstance(s.get("sentence"), int) or not 1 <= s["sentence"] <= len(lines):
            err(where, "sentence")
    pairs = [(s["party"], s["sentence"]) for s in g["stance"]]
    if len(pairs) != len(set(pairs)):
        err(w, "more than one stance record for a (party, sentence)")
    return dict(
        entities=len(g["entities"]),
        optional=len(g["optional"]),
        figures=len(g["figures"]),
        stance=len(g["stance"]),
        sentences=len(lines),
    )


DIGITS = {}
for base in (0x30, 0x660, 0x6F0):
    for d in range(10):
        DIGITS[chr(base + d)] = str(d)


def digits_value(surface):
    """Value of a surface made only of digits and separators, else None."""
    if not surface or any(not (ch in DIGITS or ch in ",.\u066b\u066c") for ch in surface):
        return None
    s = "".join(DIGITS.get(ch, ch) for ch in surface)
    s = s.replace("\u066c", ",").replace("\u066b", ".")
    s = s.replace(",", "")
    if "." in s:
        head, tail = s.split(".", 1)
        if len(tail) == 3:  # dot as thousands separator
            s = head + tail
    return float(s)


def check_csv():
    path = HERE / "figure_phrases.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if rows[0] != CSV_COLUMNS:
        err("csv", f"header {rows[0]}")
    n = neg = 0
    for i, row in enumerate(rows[1:], start=2):
        w = f"csv line {i}"
        if len(row) != len(CSV_COLUMNS):
            err(w, f"{len(row)} columns")
            continue
        r = dict(zip(CSV_COLUMNS, row, strict=False))
        n += 1
        if not r["phrase"]:
            err(w, "empty phrase")
        if r["surface"] == "":
            neg += 1
            if any(r[k] for k in ("value", "low", "high", "qualifier", "kind", "unit")):
                err(w, "negative case with figure fields")
            continue
        if r["surface"] not in r["phrase"]:
            err(w, f"surface {r['surface']!r} not in phrase")
        try:
            val = float(r["value"])
        except ValueError:
            err(w, f"value {r['value']!r}")
            continue
        bounds = {}
        for b in ("low", "high"):
            if r[b] != "":
                try:
                    bounds[b] = float(r[b])
                except ValueError:
                    err(w, f"{b} {r[b]!r}")
        if r["qualifier"] not in QUALIFIERS:
            err(w, f"qualifier {r['qualifier']!r}")
        if r["kind"] not in KINDS:
            err(w, f"kind {r['kind']!r}")
        if r["kind"] in ("date", "count"):
            if r["unit"]:
                err(w, "unit on date/count")
        elif r["unit"] not in UNITS:
            err(w, f"unit {r['unit']!r}")
        q = r["qualifier"]
        if q in ("range", "vague") and set(bounds) != {"low", "high"}:
            err(w, "range/vague needs low and high")
        if q in ("more_than", "at_least") and set(bounds) != {"low"}:
            err(w, f"{q} needs low only")
        if q in ("less_than", "at_most") and set(bounds) != {"high"}:
            err(w, f"{q} needs high only")
        if q in ("exact", "approx", "additional") and bounds:
            err(w, f"{q} should have no bounds")
        if "low" in bounds and "high" in bounds and bounds["low"] > bounds["high"]:
            err(w, "low > high")
        if q in ("range", "vague") and val != bounds.get("low"):
            err(w, "range/vague value should equal low")
        dv = digits_value(r["surface"])
        if dv is not None and dv != val:
            err(w, f"digits {r['surface']!r} read as {dv}, value {val}")
    return n, neg


def check_readme(files):
    path = HERE / "README.md"
    if not path.exists():
        err("README.md", "missing")
        return
    readme = path.read_text(encoding="utf-8")
    for f in files:
        for ext in (".gold.json", ".txt"):
            if f.endswith(ext):
                f = f[: -len(ext)]  # passages are listed by stem ("NN_slug.txt + .gold.json")
        if f not in readme:
            err("README.md", f"does not list {f}")


def main():
    return max(check_set(name) for name in LAYOUT)


def check_set(name: str) -> int:
    global HERE, LINES
    (LINES, phrases) = LAYOUT[name]
    HERE = SETS / name
    errors.clear()
    print(f"== {name}")
    stats = dict(passages=0, entities=0, optional=0, figures=0, stance=0, sentences=0)
    txts = sorted(HERE.glob("*.txt"))
    for t in txts:
        s = check_passage(t)
        stats["passages"] += 1
        for k, v in s.items():
            stats[k] += v
    for gp in HERE.glob("*.gold.json"):
        if not (HERE / (gp.name[: -len(".gold.json")] + ".txt")).exists():
            err(gp.name, "gold file without .txt")
    n, neg = check_csv() if phrases else (0, 0)
    listed = [
        p.name
        for p in sorted(HERE.iterdir())
        if p.is_file() and p.name != "README.md" and not p.name.endswith(".pyc")
    ]
    check_readme(listed)
    for e in errors:
        print("ERROR", e)
    print(
        f"passages={stats['passages']} sentences={stats['sentences']} entities={stats['entities']} "
        f"optional={stats['optional']} figures={stats['figures']} stance={stats['stance']} "
        f"phrase_cases={n} (negatives={neg})"
    )
    if stats["passages"] < 8 or (phrases and n < 70):
        print("ERROR too few passages or phrase cases")
        return 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
