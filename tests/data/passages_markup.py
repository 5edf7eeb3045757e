"""Write an entity development set's passages (``NN_slug.txt`` + ``NN_slug.gold.json``) from
its ``passages.txt`` (the builder of ``entities_dev_2`` and ``entities_dev_3``).

Markup in ``passages.txt``: a passage starts with a line ``== NN_slug``; each following line is
one sentence. ``[surface|English name|LABEL]`` marks an entity (its ``entity`` is the English
name, as in ``name_en`` of ``toolkit/lexicons/entities.csv``; a fourth field gives a party),
``{surface}`` an optional span. The party of a PERSON or ORG is the gazetteer's unless given;
places have none. Every offset is asserted. Run ``python build.py`` in a set's folder.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parents[2] / "toolkit" / "lexicons" / "entities.csv"
MARK = re.compile(
    r"\[([^\[\]|]+)\|([^\[\]|]+)\|(PERSON|ORG|GPE|LOC)(?:\|([^\[\]|]*))?\]|\{([^{}]+)\}"
)


def parties() -> dict[str, str | None]:
    with GAZETTEER.open(encoding="utf-8") as f:
        return {row["name_en"]: (row["party"] or None) for row in csv.DictReader(f)}


def build_one(slug: str, lines: list[str], party_of: dict, prefix: str) -> tuple[str, dict]:
    """The text and gold annotation of one passage; its id is ``prefix-NN``."""
    text_parts, sentences, entities, optional = [], [], [], []
    offset = 0
    for number, line in enumerate(lines, start=1):
        out, pos = [], 0
        for m in MARK.finditer(line):
            out.append(line[pos : m.start()])
            start = offset + sum(len(p) for p in out)
            if m.group(5) is not None:
                surface = m.group(5)
                optional.append(
                    {
                        "surface": surface,
                        "sentence": number,
                        "start": start,
                        "end": start + len(surface),
                    }
                )
            else:
                surface, name, label, party = m.group(1), m.group(2), m.group(3), m.group(4)
                if party is None:
                    party = party_of.get(name) if label in ("PERSON", "ORG") else None
                entities.append(
                    {
                        "surface": surface,
                        "label": label,
                        "entity": name,
                        "party": party or None,
                        "sentence": number,
                        "start": start,
                        "end": start + len(surface),
                    }
                )
            out.append(surface)
            pos = m.end()
        out.append(line[pos:])
        sentence = "".join(out)
        sentences.append({"sentence": number, "start": offset, "end": offset + len(sentence)})
        text_parts.append(sentence)
        offset += len(sentence) + 1
    text = "\n".join(text_parts)
    for span in entities + optional:
        assert text[span["start"] : span["end"]] == span["surface"], (slug, span)
    gold = {
        "article_id": f"{prefix}-{slug[:2]}",
        "file": slug,
        "sentences": sentences,
        "entities": entities,
        "optional": optional,
        "figures": [],
        "stance": [],
    }
    return text, gold


def blocks(source: str) -> dict[str, list[str]]:
    """The passages of ``passages.txt``: slug → sentences (marked up)."""
    out: dict[str, list[str]] = {}
    current = None
    for raw in source.splitlines():
        if raw.startswith("== "):
            current = raw[3:].strip()
            out[current] = []
        elif raw.strip() and current:
            out[current].append(raw.strip())
    return out


def write(folder: Path, prefix: str) -> None:
    """Write every passage of ``folder/passages.txt`` into ``folder``."""
    party_of = parties()
    passages = blocks((folder / "passages.txt").read_text(encoding="utf-8"))
    for slug, lines in passages.items():
        text, gold = build_one(slug, lines, party_of, prefix)
        (folder / f"{slug}.txt").write_text(text, encoding="utf-8")
        (folder / f"{slug}.gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        unknown = sorted({e["entity"] for e in gold["entities"]} - set(party_of))
        words = len(text.split())
        print(slug, words, "words", len(gold["entities"]), "entities", "not in gazetteer:", unknown)
