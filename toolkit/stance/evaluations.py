"""Evaluations: what is said *of* staying or leaving decides the position, not the movement word.

A stance cue with a ``topic`` — ``staying`` (بقاء، الوجود، استمرار المهمة، الحاجة إلى …) or
``leaving`` (انسحاب، خروج، رحيل، إنهاء الوجود …) — may be *evaluated* in its clause by an
``evaluation`` row of the cue file (polarity ``good`` or ``bad``):

1. **before** it, by a row whose pattern ends in ``…N``: a judgement of what follows within N
   words (حذّر من أن انسحاب …، أهمية بقاء …، لا مبرر لوجود …، لا نعارض بقاء …، تؤيد خروج …);
   the nearest such judgement counts (:func:`judged_before`);
2. **after** it (unless it is negated: a refusal, لن تسحب قواتها قبل القضاء على خطر داعش, is
   a whole predication), by a row without a reach, within :data:`EVALUATION_REACH` words, with no
   other topic cue between them (a time right after it qualifies it and is none: الوجود
   الأمريكي بعد الانسحاب مرفوض), up to the first word
   with و (which starts another phrase: الجدول الزمني للانسحاب ونطاق تهديد داعش) or a
   relative pronoun after the forces (``relative_subject``: إنهاء مهمة التحالف الذي صار
   عاملاً لعدم الاستقرار judges the coalition, not the ending), and not the forces named
   right after it (أخرجت الاحتلال): a predicate (بقاء القوات الأجنبية «مصدر دائم لعدم
   الاستقرار»، انسحاب الأمريكيين هدية لداعش، الوجود الأمريكي ضمانة …) — :func:`judged_after`.

3. a comparison right before it (بدلا من الوجود العسكري، عوضا عن المطالبة بإخراجه): the
   topic set aside, judged bad (:func:`judged_by_contrast`);

4. a topic cue in a condition (إذا غادر الأمريكيون، في حال رحيل القوات) that its clause does
   not judge is judged by the nearest predicate of the clause next to it, its consequence
   (يخشون فراغاً أمنياً إذا غادر الأمريكيون: support), and then counts as stated, not as
   conditional (:func:`judged_by_consequence`).

An evaluation row with a topic judges only that topic: هدية، فراغ، خطر judge a withdrawal
(of a staying they are mostly its reason: باقية حتى هزيمة داعش). A negation that reaches the
evaluation (لم يعد مقبولاً، غير شرعي، لعدم الاستقرار، لا مبرر) turns its value around, and
that negation belongs to the evaluation only: it does not negate the topic too.

The position (:func:`evaluated`): staying judged good → support, bad → oppose; leaving judged
good → oppose, bad → support. A topic cue that is negated itself (لا بقاء، لن ننسحب) is about
the other topic. An evaluation of the ``forces`` topic that judges no topic judges the forces named in its
reach (أشاد بدور مستشاري التحالف، لا نعترض على خبراء معدودين): a cue of its own
(:func:`judged_forces`).

A deed (an attack cue, whose negation is no position) followed in its clause by a
condemnation (an evaluation of topic ``deeds``: «عمل إرهابي»), or reached by a warning or a
criticism not addressed to the forces (حذرت الحكومة من استهداف القوات: :func:`warned`),
states no position (:func:`condemned`; the claim's tag is ``condemned``).

The evaluation is used up: a stance cue over its words (مقبول، ضروري،
مرفوض، حاجة إلى) counts no more for itself. A topic word without a position of its own
(الوجود، التواجد، الانتشار) counts only when evaluated. The claim's ``rule`` says
``evaluated``.
"""

from __future__ import annotations

from typing import NamedTuple

from toolkit.stance.index import Match
from toolkit.stance.modifiers import counted, modifier
from toolkit.stance.spans import Cover, window

__all__ = [
    "ATTACH_REACH",
    "EVALUATION_REACH",
    "Evaluation",
    "condemned",
    "evaluate_topics",
    "evaluated",
    "judged_after",
    "judged_before",
    "judged_by_consequence",
    "judged_by_contrast",
    "judged_forces",
    "warned",
]

#: How many words after a topic cue a predicate that evaluates it may start.
EVALUATION_REACH = 8
#: How many words after a topic cue a topic word without a position qualifies it.
ATTACH_REACH = 2

_OTHER_TOPIC = {"staying": "leaving", "leaving": "staying"}
_POSITION = {
    ("staying", "good"): "support",
    ("staying", "bad"): "oppose",
    ("leaving", "good"): "oppose",
    ("leaving", "bad"): "support",
}


class Evaluation(NamedTuple):
    """The evaluation of a topic cue: its match, its value after its own negation, that
    negation (which then negates nothing else), and whether it is the consequence of a
    condition (the cue then counts as stated, not as conditional)."""

    match: Match
    value: str
    negation: Match | None
    consequence: bool = False
    contrast: bool = False


def evaluated(topic: str, value: str) -> str:
    """The position of a topic judged good or bad.

    Examples
    --------
    >>> evaluated("leaving", "bad"), evaluated("staying", "bad")
    ('support', 'oppose')
    """
    return _POSITION[(topic, value)]


def evaluate_topics(s) -> tuple[dict[int, Evaluation], set[int]]:
    """The evaluation of each topic cue of sentence ``s`` (by the cue's ``id``) and the stance
    cues used up as evaluations (by ``id``)."""
    s.judged = []
    if not s.evals and not s.mods["contrast"]:
        return {}, set()
    topics = [cue for cue in s.stance if cue.record["topic"]]
    if not topics:
        if s.refs:
            s.judged = judged_forces(s, set())
        return {}, set()
    topics = [cue for k, cue in enumerate(topics) if not k or not _attached(s, topics[k - 1], cue)]
    found: dict[int, Evaluation] = {}
    used: list[Match] = []
    for k, cue in enumerate(topics):
        following = topics[k + 1].i if k + 1 < len(topics) else len(s.words)
        dispreferred = judged_by_contrast(s, cue)
        if dispreferred is not None:
            found[id(cue)] = Evaluation(dispreferred, "bad", None, contrast=True)
            used.append(dispreferred)
            continue
        match = judged_before(s, cue)
        if match is None and not _refused(s, cue):
            match = judged_after(s, cue, following)
        consequence = False
        if match is None:
            match = judged_by_consequence(s, cue)
            consequence = match is not None
        if match is None:
            continue
        negation = modifier(s, match, "negation")
        value = match.record["polarity"]
        if negation is not None and not s.clauses[s.clause[match.i]][2]:
            value = "bad" if value == "good" else "good"
        found[id(cue)] = Evaluation(match, value, negation, consequence)
        used.append(match)
    used_spans = Cover(used)
    spent = {id(cue) for cue in s.stance if id(cue) not in found and used_spans.overlaps(cue)}
    s.judged = judged_forces(s, {id(m) for m in used})
    return found, spent


def _refused(s, cue: Match) -> bool:
    """Whether a topic cue is negated outside a condition (لن تسحب قواتها، لن نغادر): a
    refusal is a whole predication, so what follows it (قبل القضاء على خطر داعش) is its
    time or goal, not a predicate that judges it."""
    return not s.clauses[s.clause[cue.i]][2] and modifier(s, cue, "negation") is not None


def _attached(s, before: Match, cue: Match) -> bool:
    """Whether a time (a leaving cue without a position of its own: بعد الانسحاب، منذ
    الخروج، في ذكرى الانسحاب) qualifies the topic cue just before it, within
    :data:`ATTACH_REACH` words in its clause (الوجود الأمريكي بعد الانسحاب مرفوض): it is no
    topic of its own, so the predicate after it judges the earlier topic. A presence word
    after a topic is its object (بحاجة إلى وجود التحالف) and stays a topic."""
    return (
        cue.record["polarity"] is None
        and cue.record["topic"] == "leaving"
        and cue.i - before.j <= ATTACH_REACH
        and s.clause[cue.i] == s.clause[before.i]
    )


def condemned(s, cue: Match) -> Match | None:
    """A condemnation of a deed (an attack cue: its negation is no position) said after it in
    its clause, within :data:`EVALUATION_REACH` words: an evaluation row of topic ``deeds``
    (استهداف القواعد التي تضم مستشارين للتحالف «عمل إرهابي»). The attack then states no
    position of the speaker: who condemns attacks on the bases does not oppose the forces."""
    c = s.clause[cue.i]
    index = _eval_index(s)
    for m in window(index.by_start, index.starts, cue.j, cue.j + EVALUATION_REACH):
        if m.record["topic"] == "deeds" and s.clause[m.i] == c:
            return m
    return warned(s, cue, index)


def warned(s, cue: Match, index: _EvalIndex | None = None) -> Match | None:
    """A warning or a criticism (a ``bad`` evaluation with a reach, of no topic or of the
    forces: حذّر من، انتقد) that reaches a deed in its clause: the speaker warns against the
    attack (حذرت الحكومة من استهداف القوات الأمريكية), it does not make it — for an act on
    the forces (a cue the forces follow). Forces named inside the warning, before the deed,
    are its addressee (حذّرت الكتائب القوات الأمريكية من «رد قاسٍ»), and a warning that a deed
    will come (حذّرت من أنها ستستهدف القواعد) announces it: both stay the speaker's."""
    if cue.record["parsed"].reach is None:
        return None  # a threat named alone (حذّرت من «رد قاسٍ») is the speaker's
    c = s.clause[cue.i]
    index = index or _eval_index(s)
    complementizers = s.grammar.complementizer
    for m in window(index.by_end, index.ends, cue.i - index.reach, cue.i):
        reach = m.record["parsed"].reach
        if (
            reach is None
            or m.record["polarity"] != "bad"
            or m.record["topic"] not in ("", "forces")
        ):
            continue
        if s.clause[m.i] != c or not m.j <= cue.i <= m.j + reach:
            continue
        if any(s.words[k].info.bare in complementizers for k in range(m.j, cue.i)):
            continue  # حذّرت من أنها ستستهدف القواعد: the warning announces the attack
        if not any(k in index.named for k in range(m.i, cue.i)):
            return m
    return None


def _judges(match: Match, cue: Match) -> bool:
    """Whether an evaluation row may judge this topic cue (its topic, if it names one)."""
    topic = match.record["topic"]
    return topic in ("", "forces") or topic == cue.record["topic"]


def judged_forces(s, used: set[int]) -> list[Match]:
    """``forces`` evaluations (approving, welcoming, attacking, objecting: رحّب، أشاد، انتقد،
    لا نعترض) not used on a topic, whose reach holds forces named in their clause with no
    stance cue between: each is a cue about the forces themselves, as a stance cue of its
    own (good: support, bad: oppose), read with its own negation (لا تعترض على خبراء
    معدودين: support)."""
    found = []
    for m in s.evals:
        reach = m.record["parsed"].reach
        if m.record["topic"] != "forces" or id(m) in used or reach is None:
            continue
        c = s.clause[m.i]
        ref = next((r for r in s.refs if m.j <= r.i <= m.j + reach and s.clause[r.i] == c), None)
        if ref is None or any(m.j <= k < ref.i for k in s.stance_starts):
            continue
        polarity = "support" if m.record["polarity"] == "good" else "oppose"
        record = {**m.record, "kind": "stance", "polarity": polarity, "topic": "", "negated": ""}
        found.append(Match("stance", m.i, m.j, {**record, "aspect": "all", "judged": True}))
    return found


class _EvalIndex(NamedTuple):
    """The sentence's evaluations by start and by end (each in the sentence's order among
    equal keys), the longest reach, and the words of the forces named."""

    by_start: list[Match]
    starts: list[int]
    by_end: list[Match]
    ends: list[int]
    reach: int
    named: set[int]


def _eval_index(s) -> _EvalIndex:
    """The :class:`_EvalIndex` of sentence ``s``, made once."""
    index = getattr(s, "_evals_index", None)
    if index is None or index[0] is not s.evals:
        by_start = sorted(s.evals, key=lambda m: m.i)  # sorted() keeps the order of equals
        by_end = sorted(s.evals, key=lambda m: m.j)
        reaches = [m.record["parsed"].reach for m in s.evals]
        index = _EvalIndex(
            by_start, [m.i for m in by_start], by_end, [m.j for m in by_end],
            max((r for r in reaches if r is not None), default=0),
            {k for r in s.refs for k in range(r.i, r.j)},
        )  # fmt: skip
        s._evals_index = (s.evals, index)
        return index
    return index[1]


def judged_before(s, cue: Match) -> Match | None:
    """The nearest evaluation with a reach, in the cue's clause, that ends before the cue
    and reaches it."""
    c, best = s.clause[cue.i], None
    index = _eval_index(s)
    for m in window(index.by_end, index.ends, cue.i - index.reach, cue.i):
        reach = m.record["parsed"].reach
        if reach is None or s.clause[m.i] != c or not m.j <= cue.i <= m.j + reach:
            continue
        if _judges(m, cue) and (best is None or m.j > best.j):
            best = m
    return best


def judged_after(s, cue: Match, following: int) -> Match | None:
    """The nearest predicate (an evaluation without a reach) in the cue's clause that starts
    within :data:`EVALUATION_REACH` words after it, before the next topic cue (``following``)."""
    c, best = s.clause[cue.i], None
    last = min(cue.j + EVALUATION_REACH, following - 1)
    conj = next(
        (k for k in range(cue.j, min(last, len(s.words) - 1) + 1) if s.words[k].info.conj), None
    )
    last = last if conj is None else conj
    index = _eval_index(s)
    named = index.named
    relatives = s.grammar.relative_subject
    for k in range(cue.j + 1, min(last, len(s.words) - 1) + 1):
        if k - 1 in named and s.words[k].info.bare in relatives:
            last = k  # التحالف الذي صار عاملاً لعدم الاستقرار: what follows is said of the forces
            break
    for m in window(index.by_start, index.starts, cue.j, last):
        if m.record["parsed"].reach is not None or s.clause[m.i] != c:
            continue
        if m.i in named:
            continue  # the forces themselves (خروج قوات الاحتلال), not a predicate about them
        if cue.j <= m.i <= last and _judges(m, cue):
            if best is None or m.i < best.i:
                best = m
    return best


def judged_by_contrast(s, cue: Match) -> Match | None:
    """A comparison (``contrast`` rows: بدلا من، عوضا عن، أفضل من) right before a topic cue
    (within its reach) says that the topic is the choice set aside: «شراكات اقتصادية بدلا من
    الوجود العسكري» opposes the presence, «تعزيز التنسيق مع التحالف بدلا من المطالبة
    بإخراجه» supports it. The topic is judged ``bad``; the cues before the comparison in its
    clause are the alternative preferred, not a position of their own
    (:func:`toolkit.stance.claims.read_claims`)."""
    c = s.clause[cue.i]
    for m in s.mods["contrast"]:
        reach = m.record["parsed"].reach or 0
        if s.clause[m.i] == c and m.j <= cue.i <= m.j + reach and not counted(s, m):
            return m
    return None


def judged_by_consequence(s, cue: Match) -> Match | None:
    """For a topic cue in a condition (not a duration) whose clause judges it not: the
    nearest predicate in the clause next to it, before or after (the consequence:
    الأوضاع «ستسوء» في حال رحيل القوات، يخشون فراغاً إذا غادر الأمريكيون). A consequence
    states the position: «it will worsen if they leave» supports their staying."""
    c = s.clause[cue.i]
    if not s.clauses[c][2] or c in s.durations:
        return None
    best, distance = None, None
    for m in s.evals:
        near = s.clause[m.i]
        if m.record["parsed"].reach is not None or near not in (c - 1, c + 1):
            continue
        if s.clauses[near][2] or not _judges(m, cue):
            continue
        gap = cue.i - m.j if m.i < cue.i else m.i - cue.j
        if distance is None or gap < distance:
            best, distance = m, gap
    return best
