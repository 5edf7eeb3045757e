"""How a sentence is read, layer by layer: a teaching and debugging aid."""

from __future__ import annotations

import os

import polars as pl

from toolkit.arabic import split_sentences
from toolkit.lexicons import Lexicons
from toolkit.stance.reader import reader_for
from toolkit.stance.sentence import Sentence
from toolkit.stance.state import State

__all__ = ["explain_stance", "why_no_claim"]


def explain_stance(
    text: str,
    *,
    cues: str | os.PathLike | pl.DataFrame | None = None,
    target: str = "us_troops",
    speakers: str | os.PathLike | None = None,
    gazetteer: str | os.PathLike | pl.DataFrame | None = None,
    lexicons: Lexicons | str | None = None,
) -> pl.DataFrame:
    """Show how a sentence (or a short text) is read: clauses, holders, modifiers, cues, claims.

    A teaching and debugging aid: one row per thing the reader saw, in order, with ``layer``
    (clause, holder, modifier, cue, claim), the ``text`` it rests on, the ``party`` and a
    ``detail`` (for a cue: its polarity, its row in the cue file and the forces it was found to
    be about). A sentence that gives no position ends with a ``no claim`` row whose detail says
    why (:func:`why_no_claim`): ``no cue``, ``off target`` or ``no holder found``. The lexicons
    are chosen as for :func:`toolkit.stance.classify_stance`.

    Examples
    --------
    >>> explain_stance("وأكد مسؤولون عراقيون انسحاب القوات الأمريكية.")["layer"].to_list()
    ['clause', 'holder', 'cue', 'claim']
    >>> explain_stance("وقال الوزير إن الاجتماع كان مثمراً.")["detail"].to_list()[-1]
    'no cue: no word of the cue file about the forces'
    """
    reader = reader_for(cues, target, speakers, gazetteer, lexicons)
    sentences = split_sentences(pl.DataFrame({"article_id": ["text"], "text": [text]}))
    state = State()
    out: list[dict] = []
    for sentence_id, start, body in sentences.select("sentence_id", "start", "text").iter_rows():
        sentence = Sentence(reader, body, start, state, sentence_id)
        held = sentence.holders()
        for c, (i, j, conditional) in enumerate(sentence.clauses):
            kind = "conditional clause" if conditional else "clause"
            out.append({"layer": "clause", "text": sentence.surface(i, j), "detail": kind})
            if held[c] and (c == 0 or held[c] is not held[c - 1]):
                for holder in held[c]:
                    party = ", ".join(holder.parties) or None
                    out.append(
                        {"layer": "holder", "text": holder.surface, "party": party,
                         "detail": holder.attribution}
                    )  # fmt: skip
            for kind, found in sentence.mods.items():
                out.extend(
                    {"layer": "modifier", "text": sentence.surface(m.i, m.j), "detail": kind}
                    for m in found
                    if sentence.clause[m.i] == c
                )
        claims = sentence.read()
        for cue, holders, owner, ref in sentence.seen:
            forces = f"{sentence.surface(ref.i, ref.j)} → {owner}" if ref else f"context → {owner}"
            out.append(
                {
                    "layer": "cue",
                    "text": sentence.surface(cue.i, cue.j),
                    "party": ", ".join(p for h in holders for p in h.parties) or None,
                    "detail": f"{cue.record['polarity']} (row {cue.record['row']}: "
                    f"{cue.record['cue']}); forces: {forces}",
                }
            )
        out.extend(
            {
                "layer": "claim",
                "text": claim["cue"],
                "party": claim["party"],
                "detail": f"{claim['stance']} ({claim['rule']}, score {claim['score']})",
            }
            for claim in claims
        )
        if not any(claim["stance"] != "neutral" for claim in claims):
            out.append({"layer": "no claim", "text": body, "detail": why_no_claim(sentence)})
    schema = {"layer": pl.String, "text": pl.String, "party": pl.String, "detail": pl.String}
    return pl.DataFrame(out, schema=schema)


_OWNERS = {
    "other": "another country's forces",
    "host": "the host country's own forces",
    "elsewhere": "another theatre (no place of the target's country named)",
    "None": "no forces the reader could name",
}


def why_no_claim(sentence: Sentence) -> str:
    """Why a read sentence gave no position: ``no cue`` (no cue of the file, or only topic
    words that nothing evaluates), ``off target`` (every cue is about forces that are not the
    target's: another country's, or another theatre), ``no holder found`` (a cue about the
    target's forces, but no party holds it) or ``no polarity`` (the cues cancel out: a
    negation or a condition left no position)."""
    if not sentence.seen:
        return "no cue: no word of the cue file about the forces"
    on_target = [(cue, holders) for cue, holders, owner, _ in sentence.seen if owner == "target"]
    if not on_target:
        owners = sorted({_OWNERS.get(str(owner), str(owner)) for _, _, owner, _ in sentence.seen})
        return f"off target: the cues are about {'; '.join(owners)}"
    if not any(holders for _, holders in on_target):
        return "no holder found: a cue about the target's forces, but no party holds it"
    return "no polarity: the cues found leave no position (negated, conditional or neutral)"
