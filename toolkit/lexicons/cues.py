"""The stance files: the cues of a target (``stance_cues_<target>.csv``) and the speakers
(``speakers.csv``), validated on load: every row's pattern must parse and match its example.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import polars as pl

from toolkit.lexicons.entities import load_parties
from toolkit.lexicons.files import (
    LexiconError,
    Lexicons,
    as_lexicons,
    cached,
    frame_rows,
    read_rows,
)
from toolkit.lexicons.nisbas import nisba_records
from toolkit.lexicons.patterns import example_matches, parse_pattern
from toolkit.lexicons.words import clitic_splitter

__all__ = [
    "ASPECTS",
    "CUE_KINDS",
    "OWNED_KINDS",
    "SPEAKER_KINDS",
    "STANCES",
    "TOPICS",
    "VALUES",
    "cue_records",
    "cue_source",
    "load_speakers",
    "load_stance_cues",
    "speaker_records",
]

#: The stance labels, in the order tables show them.
STANCES = ("support", "oppose", "mixed", "neutral")
#: What part of the forces a cue is about.
ASPECTS = ("all", "combat", "training")
#: The kinds of rows of a cue file.
CUE_KINDS = (
    "stance",
    "evaluation",
    "limit",
    "target",
    "other",
    "host",
    "force",
    "elsewhere",
    "here",
    "negation",
    "condition",
    "duration",
    "hedge",
    "contrast",
    "idiom",
)
#: What a stance cue may be about (its ``topic``): the forces staying or leaving.
TOPICS = ("staying", "leaving")
#: The values of an ``evaluation`` row (its ``polarity``).
VALUES = ("good", "bad")
#: The kinds of rows that may name whose forces they are (``party``).
OWNED_KINDS = ("target", "other", "host")
#: The kinds of rows of the speakers file (nisbas have a file of their own, nisbas.csv).
SPEAKER_KINDS = ("group", "head", "verb", "source")

#: The columns a cue file must have; ``kind``, ``negated``, ``topic`` and ``party`` are optional.
_CUE_COLUMNS = ["cue", "polarity", "aspect", "example", "note"]
_SPEAKER_COLUMNS = ["pattern", "kind", "party", "example", "note"]
_TARGET_NAME = re.compile(r"^[a-z0-9_]+$")


def cue_source(
    cues: str | os.PathLike | pl.DataFrame | None,
    target: str = "us_troops",
    lexicons: Lexicons | str | None = None,
) -> str | pl.DataFrame:
    """The cue file to read (a path that exists) or the given cues frame."""
    if isinstance(cues, pl.DataFrame):
        return cues
    if cues is not None:
        return str(cues)
    path = _cue_path(target, as_lexicons(lexicons))
    if not path.exists():
        shipped = sorted(
            p.stem.removeprefix("stance_cues_") for p in path.parent.glob("stance_cues_*.csv")
        )
        reason = (
            f"no cue file for target {target!r} (shipped targets: {', '.join(shipped)}); "
            "write one like stance_cues_us_troops.csv, or pass cues= a path"
        )
        raise LexiconError(path, [(None, reason)])
    return str(path)


def _cue_path(target: str, lexicons: Lexicons) -> Path:
    if not _TARGET_NAME.match(target or ""):
        raise ValueError(f"target must be lower-case letters, digits and _, not {target!r}")
    return lexicons.path(f"stance_cues_{target}.csv")


def _validate_cues(path: str, rows, splitter, parties: set[str]) -> list[dict]:
    problems: list[tuple[int | None, str]] = []
    seen: dict[tuple[str, str], int] = {}
    records = []
    kinds = set()
    for number, row in rows:
        kind = row.get("kind") or "stance"
        polarity, aspect = row["polarity"], row["aspect"]
        negated = row.get("negated") or ""
        topic, party = row.get("topic") or "", row.get("party") or ""
        record = {
            "cue": row["cue"],
            "polarity": polarity or None,
            "aspect": aspect or ("all" if kind in ("stance", "limit") else ""),
            "kind": kind,
            "negated": negated,
            "topic": topic,
            "party": party,
            "example": row["example"],
            "note": row["note"],
            "row": number,
        }
        if kind not in CUE_KINDS:
            problems.append((number, f"unknown kind {kind!r} (use one of {', '.join(CUE_KINDS)})"))
        if kind == "stance" and polarity not in ("support", "oppose", "mixed"):
            if polarity or not topic:
                problems.append(
                    (number, f"polarity {polarity!r} must be support, oppose or mixed (or empty "
                             "for a topic word: a row with a topic and no position alone)")
                )  # fmt: skip
        if kind == "evaluation" and polarity not in VALUES:
            problems.append((number, f"an evaluation's polarity {polarity!r} must be good or bad"))
        loaded = kind == "target" and polarity == "oppose"  # a loaded name (الاحتلال)
        if kind not in ("stance", "evaluation") and polarity and not loaded:
            problems.append(
                (number, f"polarity is only for stance cues (and oppose for a loaded name of "
                         f"the target), not kind {kind!r}")
            )  # fmt: skip
        judged = (*TOPICS, "forces") if kind == "evaluation" else TOPICS
        if topic and (kind not in ("stance", "evaluation") or topic not in judged):
            problems.append(
                (number, "topic must be empty, staying or leaving (stance and evaluation rows), "
                         "or forces (an evaluation that judges the forces themselves too)")
            )  # fmt: skip
        if party and (kind not in OWNED_KINDS or party not in parties):
            problems.append(
                (number, f"party {party!r}: only target, other and host rows name whose forces "
                         "they are, with a party_id of parties.csv")
            )  # fmt: skip
        if aspect and aspect not in ASPECTS:
            problems.append((number, f"aspect {aspect!r} must be one of {', '.join(ASPECTS)}"))
        if negated and (kind != "stance" or negated not in ("support", "oppose", "mixed", "none")):
            problems.append(
                (number, "negated must be empty, support, oppose, mixed or none (stance cues only)")
            )
        if not row["cue"]:
            problems.append((number, "empty cue"))
            continue
        try:
            pattern = parse_pattern(row["cue"], splitter)
        except ValueError as exc:
            problems.append((number, f"cue {row['cue']!r}: {exc}"))
            continue
        key = (" ".join(row["cue"].split()), kind)
        if key in seen:
            problems.append((number, f"duplicate cue {row['cue']!r} (first on row {seen[key]})"))
        seen.setdefault(key, number)
        if row["example"] and not example_matches(pattern, row["example"], splitter):
            problems.append((number, f"cue {row['cue']!r} does not match its own example"))
        record["parsed"] = pattern
        records.append(record)
        kinds.add(kind)
    for needed in ("stance", "target"):
        if not problems and needed not in kinds:
            problems.append((None, f"no {needed!r} rows: the file defines no {needed}s"))
    if problems:
        raise LexiconError(path, problems)
    return records


def _validate_speakers(path: str, rows, splitter, parties: set[str]) -> list[dict]:
    problems: list[tuple[int | None, str]] = []
    records = []
    for number, row in rows:
        kind, party = row["kind"], row["party"]
        if kind == "nisba":
            problems.append(
                (number, "nisbas have a file of their own: move this row to nisbas.csv")
            )
        elif kind not in SPEAKER_KINDS:
            problems.append(
                (number, f"unknown kind {kind!r} (use one of {', '.join(SPEAKER_KINDS)})")
            )
        if kind == "group" and not all(p in parties for p in party.split("|")):
            problems.append(
                (number, f"kind {kind!r} needs a party from parties.csv (or two joined by |, "
                         f"who hold the position together), not {party!r}")
            )  # fmt: skip
        if kind not in ("group", "nisba") and party:
            problems.append((number, f"kind {kind!r} takes no party"))
        try:
            pattern = parse_pattern(row["pattern"], splitter)
        except ValueError as exc:
            problems.append((number, f"pattern {row['pattern']!r}: {exc}"))
            continue
        if row["example"] and not example_matches(pattern, row["example"], splitter):
            problems.append((number, f"pattern {row['pattern']!r} does not match its example"))
        records.append({**row, "row": number, "parsed": pattern})
    if problems:
        raise LexiconError(path, problems)
    return records


def cue_records(
    source: str | pl.DataFrame, lexicons: Lexicons | str | None = None
) -> tuple[dict, ...]:
    """The validated rows of a cue file or frame, each with its ``parsed`` pattern and
    ``row`` number (remembered for a file until it or the clitic words change)."""
    splitter_path = str(as_lexicons(lexicons).path("clitics.csv"))
    parties_path = str(as_lexicons(lexicons).path("parties.csv"))
    splitter = clitic_splitter(lexicons)

    def parties() -> set[str]:
        return set(load_parties(parties_path)["party_id"])

    if isinstance(source, pl.DataFrame):
        rows = frame_rows(source, _CUE_COLUMNS)
        return tuple(_validate_cues("<cues frame>", rows, splitter, parties()))
    return cached(
        "cues",
        [source, splitter_path, parties_path],
        lambda: tuple(_validate_cues(source, read_rows(source, _CUE_COLUMNS), splitter, parties())),
    )


def speaker_records(
    path: str | os.PathLike | None = None, lexicons: Lexicons | str | None = None
) -> tuple[dict, ...]:
    """The validated rows of a speakers file, each with its ``parsed`` pattern and ``row``."""
    lexicons = as_lexicons(lexicons)
    path = str(path or lexicons.path("speakers.csv"))
    parties = str(lexicons.path("parties.csv"))
    splitter = clitic_splitter(lexicons)

    nisbas = str(lexicons.path("nisbas.csv"))

    def build() -> tuple[dict, ...]:
        rows = read_rows(path, _SPEAKER_COLUMNS)
        known = set(load_parties(parties)["party_id"])
        records = _validate_speakers(path, rows, splitter, known)
        # the nisbas of nisbas.csv: with a party a head noun speaks for it, without one
        # (بريطاني) it speaks for no party
        extra = [
            {"pattern": r["pattern"], "kind": "nisba", "party": r["party"], "example": r["example"],
             "note": r["note"], "row": r["row"], "parsed": r["parsed"]}
            for r in nisba_records(nisbas, lexicons)
        ]  # fmt: skip
        return tuple(records + extra)

    return cached("speakers", [path, parties, nisbas, lexicons.path("clitics.csv")], build)


def load_stance_cues(
    path: str | os.PathLike | None = None,
    *,
    target: str = "us_troops",
    lexicons: Lexicons | str | None = None,
) -> pl.DataFrame:
    """The cue file of a target, validated: one row per cue.

    Columns: ``cue`` (a pattern, see :mod:`toolkit.lexicons.patterns`), ``polarity`` (support,
    oppose or mixed, for stance cues), ``aspect`` (all, combat or training), ``kind`` (empty or
    ``stance``; ``limit`` for role limits such as تدريب; ``target``/``other``/``force`` for
    references to forces; ``negation``, ``condition``, ``hedge``, ``contrast`` for modifiers;
    ``idiom`` for fixed phrases that contain a modifier but are none), ``negated`` (what a
    negated stance cue becomes; empty = the opposite polarity, ``none`` = nothing), ``example``
    (a phrase the cue must match) and ``note``. Problems raise :class:`LexiconError` with the
    file, the row and the reason of each.

    Examples
    --------
    >>> cues = load_stance_cues()
    >>> cues.filter(pl.col("kind") == "stance").select("cue", "polarity").row(0)
    ('انسحاب*', 'oppose')
    """
    records = cue_records(cue_source(path, target, lexicons), lexicons)
    columns = ["cue", "polarity", "aspect", "kind", "negated", "topic", "party", "example", "note"]
    return pl.DataFrame(
        [{c: r[c] or "" for c in columns} for r in records],
        schema=dict.fromkeys(columns, pl.String),
    )


def load_speakers(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """The speakers file, validated: ``pattern``, ``kind``, ``party``, ``example``, ``note``.

    Kinds: ``group`` (a group noun with a fixed party: الميليشيات المدعومة من إيران),
    ``head`` (a person or body whose party comes from what follows: مسؤول، مصادر، نواب),
    ``verb`` (reporting verbs beyond the stopword list) and ``source`` (وفقا، بحسب); and the
    ``nisba`` rows of ``nisbas.csv`` that name a party (the adjective that gives a head its
    party: عراقي → iraqi_government).

    Examples
    --------
    >>> load_speakers().filter(pl.col("kind") == "nisba").select("pattern", "party").row(0)
    ('عراقي/عراقية/عراقيون/عراقيين/عراقيان', 'iraqi_government')
    """
    records = speaker_records(path, lexicons)
    return pl.DataFrame(
        [{c: r[c] for c in _SPEAKER_COLUMNS} for r in records],
        schema=dict.fromkeys(_SPEAKER_COLUMNS, pl.String),
    )
