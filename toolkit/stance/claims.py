"""The claim of each party in a sentence, from its cues (the second part of ``rule``).

Each cue about the target (:mod:`toolkit.stance.forces`) goes to the holders of its clause
(but a cue before a comparison that sets a topic aside, «X بدلا من Y», is the alternative
preferred: only the topic set aside is read; and a cue in another party's words, تصريحات
السفير حول بقاء القوات, is that party's only: :func:`statement_owners`),
changed by its modifiers (:mod:`toolkit.stance.modifiers`) or by what is said of it
(:mod:`toolkit.stance.evaluations`); role limits (``limit`` rows: تدريب، المشورة، غير
قتالية) outside conditional clauses go to them too. Then (:func:`combine`):

- the owner's own drawdown (:func:`own_drawdown`): a party whose forces are the target (the
  US administration, the coalition) announcing or backing its forces' leaving (سحب، جدول
  الانسحاب، إعادة الجنود) holds ``mixed`` (``own_forces``): it organizes a smaller or ended
  presence, it does not oppose the presence;
- support and oppose together → ``mixed``; a ``mixed`` cue (a drawdown) decides alone or
  beside support (a smaller presence kept), not beside oppose;
- withdrawal of combat forces next to training or advice → ``mixed`` (``limit``);
- a condition that leads elsewhere than the main cue → ``mixed``; a condition alone gives
  its own polarity (``conditional``; its cues weigh half); a condition without a cue of its
  own (بشرط ألا تكون لهم قواعد) makes a position ``mixed`` — unless it names no forces, no
  limit and no negation (إذا عرض على المجلس: :func:`procedural`) —, but a duration (``duration``
  rows: ما دام، طالما — باقون ما دامت الحكومة تطلب ذلك) restricts nothing; a deed or a threat (a cue whose
  negation is no position: attacks, «هدف مشروع») stays what it is under a condition
  («سيدفعون ثمناً باهظاً إذا بقوا»), and so does a refusal to leave (a negated cue of
  leaving: «لن نغادر ما لم يدفع العراق»، «لن ننسحب إلا إذا …» — staying unless is support);
- a party that speaks or acts but states nothing on the target → ``neutral``.

The ``rule`` column says ``<holder>:<decision>``: the holder rule
(:mod:`toolkit.stance.holders`: speaker, actor, carry_over, embedded, source, colon,
postposed, title), then ``cue`` or the modifiers and combinations that applied —
``negated``, ``hedged``, ``comparative``, ``evaluated`` (staying or leaving judged good or
bad), ``own_forces`` (the owner's drawdown), ``conditional``, ``mixed`` (support and
oppose), ``limit`` (combat out, training kept) — or ``neutral``; e.g. ``carry_over:mixed``,
``speaker:negated``, ``colon:evaluated``. The ``score`` is the mean signed weight of the cues
used (−1 oppose … +1 support; ``mixed`` 0); the ``aspect`` is all, combat or training
(:func:`claim_aspect`).
"""

from __future__ import annotations

from bisect import bisect_left

from toolkit.stance.evaluations import Evaluation, condemned, evaluate_topics, evaluated
from toolkit.stance.forces import reference
from toolkit.stance.index import Match
from toolkit.stance.modifiers import combat, contrast, modifier
from toolkit.stance.state import Holder

__all__ = [
    "charged",
    "claim_aspect",
    "combine",
    "cue_entry",
    "described",
    "own_drawdown",
    "polarity",
    "procedural",
    "read_claims",
    "statement_owners",
    "subject_deed",
    "told",
]

_FLIP = {"support": "oppose", "oppose": "support"}
_OTHER = {"staying": "leaving", "leaving": "staying"}
_SIGN = {"support": 1.0, "oppose": -1.0, "mixed": 0.0}


def read_claims(s) -> list[dict]:
    """The claims of sentence ``s``, one per party; notes each cue it saw in ``s.seen`` and
    the last owner of forces named in the article state."""
    held = s.holders()
    judged, spent = evaluate_topics(s)
    # a condition whose topic its consequence judges is part of the stated position
    stated = {s.clause[m.i] for m in s.stance if id(m) in judged and judged[id(m)].consequence}
    claims: dict[str, dict] = {}
    for c, holders in enumerate(held):
        for holder in holders:
            for party in holder.parties:
                claim = claims.setdefault(
                    party, {"holder": holder, "cues": [], "limits": [], "conditions": 0}
                )
                claim["conditions"] += (
                    bool(s.clauses[c][2]) and c not in s.durations | stated and not procedural(s, c)
                )
    s.seen = []
    cues = sorted([*s.stance, *s.judged], key=lambda m: m.i) if s.judged else s.stance
    # «X بدلا من Y»: Y is read (judged by the comparison), X is the alternative preferred
    set_aside = {s.clause[e.match.i]: e.match.i for e in judged.values() if e.contrast}
    owners = statement_owners(s)
    for cue in cues:
        if id(cue) in spent:
            continue
        c = s.clause[cue.i]
        if c in set_aside and cue.i < set_aside[c] and id(cue) not in judged:
            continue
        evaluation = judged.get(id(cue))
        if cue.record["polarity"] is None and evaluation is None:
            continue  # a topic word (الوجود) states nothing unless it is evaluated
        owner, ref = reference(s, cue, held[c])
        s.seen.append((cue, held[c], owner, ref))
        if owner != "target":
            continue
        conditional = s.clauses[c][2] and not (evaluation is not None and evaluation.consequence)
        entry = cue_entry(s, cue, ref, conditional, evaluation)
        owned = owners.get(id(cue))
        holders = held[c]
        if owned is not None and evaluation is not None:
            holders = _reacting(held, c, owned)
        for holder in holders:
            if owned is not None and (evaluation is None) != bool(owned & set(holder.parties)):
                # عدّ تحالف الفتح تصريحات السفير حول البقاء «وقاحة»: the ambassador's words;
                # وصفت الفصائل تصريحات المسؤول عن بقاء القوات بأنها استفزاز: the judgement is
                # the reaction of the clause's holder, and the words' owner holds nothing
                continue
            for party in holder.parties:
                if not claims[party]["cues"]:
                    claims[party]["holder"] = holder
                claims[party]["cues"].append(entry)
    for limit in s.limits:
        c = s.clause[limit.i]
        if not s.clauses[c][2]:
            for holder in held[c]:
                for party in holder.parties:
                    claims[party]["limits"].append(limit)
    named = [r for r in s.refs if r.record["kind"] in ("target", "other")]
    if named:
        s.state.owner = named[-1].record["kind"]
    sides = s.reader.sides
    return [combine(party, claim, s, sides.get(party)) for party, claim in claims.items()]


def _reacting(held, c: int, owned: set[str]):
    """The holders who judge another party's words in clause ``c``: its holders that are not
    the words' owners, else those of the nearest clause before it (عدّ النائب عن تحالف الفتح،
    اليوم الأحد، إعلان الحكومة قرب انتهاء المهمة «خطوة في الاتجاه الصحيح»: the MP judges)."""
    for k in range(c, -1, -1):
        others = [h for h in held[k] if not owned & set(h.parties)]
        if others:
            return others
    return []


def statement_owners(s) -> dict[int, set[str]]:
    """The cues that are another party's words (by ``id``): a cue within four words after a
    party named right after a statement noun (``statement_noun``: تصريحات السفير الأمريكي حول
    بقاء القوات، دعوات الفصائل إلى إخراج القوات) belongs to that party (who holds it as
    ``decision``), not to the clause's holder, who only reacts to the words."""
    found: dict[int, set[str]] = {}
    for m in s.stated:
        c = s.clause[m.i]
        k = bisect_left(s.stance_starts, m.j)
        for cue in s.stance[k : k + 5]:
            if s.clause[cue.i] == c and cue.i <= m.j + 4:
                found.setdefault(id(cue), set()).update(m.parties)
    return found


def cue_entry(
    s, cue: Match, ref: Match | None, conditional: bool, evaluation: Evaluation | None = None
) -> dict:
    """A cue as it counts for its holders: polarity after its modifiers or its evaluation,
    weight, aspect, tags, its topic as read and where it is written (with its forces, for a
    cue that reaches them)."""
    record = cue.record
    polarity, tags, weight = record["polarity"], [], 1.0
    topic = record["topic"] or None
    negation = None if conditional else modifier(s, cue, "negation")
    if evaluation is not None and _same_negation(negation, evaluation.negation):
        negation = None  # the negation of the evaluation (لا مبرر لوجود) negates nothing else
    if negation is not None:
        negated = record["negated"] or _FLIP.get(polarity, polarity)
        polarity = None if negated == "none" else negated
        topic = _OTHER.get(topic)
        tags.append("negated")
    if evaluation is not None and topic is not None:
        judged = evaluated(topic, evaluation.value)
        if judged != polarity:  # tagged where the evaluation changed the reading
            polarity = judged
            tags.append("evaluated")
    if record.get("judged"):
        tags.append("evaluated")  # an evaluation of the forces themselves (رحّب بالقوات)
    deed = record["negated"] == "none" and not record["topic"]
    if deed and polarity is not None and s.evals and condemned(s, cue) is not None:
        polarity = None  # استهداف القواعد عمل إرهابي: the attack is condemned, not held
        tags.append("condemned")
    if deed and polarity is not None and charged(s, cue):
        polarity = None  # تتهمها واشنطن بالمسؤولية عن هجمات: a charge, not a deed owned
        tags.append("charged")
    if evaluation is None and polarity is not None and told(s, cue):
        polarity = None  # أعلنت اللجنة إكمال انسحاب المستشارين: an event told
        tags.append("completed")
    if ref is not None and polarity == "support" and ref.record["polarity"] == "oppose":
        polarity = None  # support of forces given a loaded name (بقاء المحتل) is none
        tags.append("loaded")
    if modifier(s, cue, "hedge") is not None:
        weight *= 0.5
        tags.append("hedged")
    if polarity is not None and subject_deed(s, cue):
        polarity = None  # إن استهداف القاعدة «محاولة لإضعاف الإقليم»: the attack is judged
        tags.append("subject")
    if polarity is not None and described(s, cue):
        polarity = None  # عدد القوات التي ستبقى: the forces described, not a position
        tags.append("described")
    preferred = evaluation is not None and evaluation.contrast
    if not preferred and ref is not None and polarity in ("support", "oppose") and contrast(s, ref):
        polarity = "oppose" if polarity == "support" else "support"
        tags.append("comparative")
    if conditional:
        weight *= 0.5
        tags.append("conditional")
    first, last = cue.i, cue.j
    if ref is not None:
        first, last = min(cue.i, ref.i), max(cue.j, ref.j)
    aspect = record["aspect"] or "all"
    if combat(s, first, min(last + 2, len(s.words))):
        aspect = "combat"
    end_word = last if record["parsed"].reach is not None else cue.j
    start, end = s.words[cue.i].head, s.words[end_word - 1].end
    return {
        "polarity": polarity,
        "aspect": aspect,
        "weight": weight,
        "tags": tags,
        "start": start,
        "end": end,
        "text": s.text[start - s.offset : end - s.offset],
        "note": record["note"],
        "conditional": conditional,
        "leaving": topic is not None and polarity == "oppose",
        "deed": deed,
        "refusal": negation is not None and record["topic"] == "leaving" and polarity == "support",
    }


def charged(s, cue: Match) -> bool:
    """Whether a deed (an attack cue) follows a charge in its clause (``charge_stem`` of
    ``grammar_words.csv``: اتهمت، تتهمها، متهمة، اتهام): what a party is accused of doing is
    the accuser's charge, not the accused's position (وتأسست العصائب وتتهمها واشنطن
    بالمسؤولية عن هجمات على القوات الأمريكية)."""
    c, w = s.clause[cue.i], s.words
    stems = tuple(s.grammar.charge_stem)
    return any(w[k].info.stem.startswith(stems) for k in range(s.clauses[c][0], cue.i))


def told(s, cue: Match) -> bool:
    """Whether a leaving cue follows a ``completion`` noun (إكمال، اكتمال، إتمام): the
    completion of a withdrawal is an event told (أعلنت اللجنة إكمال انسحاب المستشارين من
    القاعدة), not a wish for one. A completion that is judged (نطالب بإكمال الانسحاب) is read
    by its evaluation instead."""
    return (
        cue.record["topic"] == "leaving"
        and cue.i > 0
        and s.words[cue.i - 1].info.stem in s.grammar.completion
    )


def subject_deed(s, cue: Match) -> bool:
    """Whether a deed (an attack cue) is the subject of a reported clause: a noun right after
    the complementizer (قال إن استهداف القاعدة «محاولة لإضعاف الإقليم»: the attack is
    judged, not done by the speaker) — a definite noun (الهجوم، القصف) or a verbal noun of the
    form استفعال (استهداف)."""
    if cue.i == 0 or cue.record["negated"] != "none" or cue.record["topic"]:
        return False
    w = s.words
    if w[cue.i - 1].info.bare not in s.grammar.complementizer:
        return False
    info = w[cue.i].info
    stem = info.stem  # استهداف (ا س ت ف ع ا ل), not the verb استهدفت
    return info.article or (stem.startswith("است") and len(stem) >= 7 and stem[5] == "ا")


def described(s, cue: Match) -> bool:
    """Whether a cue opens a relative clause that describes (after a ``relative_subject``
    word: الذي، التي): a verb of staying or leaving right after forces (عدد القوات التي ستبقى
    في العراق، الجنود الذين سيغادرون) says which forces, not whether they should stay; a deed
    (an attack cue) says which event (فتح تحقيق في الهجوم الذي استهدف السفارة الأمريكية),
    not an act of the holder."""
    if cue.i < 2 or s.words[cue.i - 1].info.bare not in s.grammar.relative_subject:
        return False
    if cue.record["negated"] == "none" and not cue.record["topic"]:
        return True
    if not cue.record["topic"] or cue.j - cue.i != 1:
        return False
    return any(r.j == cue.i - 1 for r in s.refs)


def procedural(s, c: int) -> bool:
    """Whether conditional clause ``c`` is procedural: it names no forces, holds no stance
    cue, no limit and no negation (سيصوت على القانون إذا عرض على المجلس، إذا طلبت الحكومة
    ذلك), no quantity and no number (ولو بعدد رمزي restricts them). Such a condition says when,
    not what: it does not make a position ``mixed``."""
    start, end, _ = s.clauses[c]
    inside = [m.i for m in (*s.stance, *s.limits, *s.refs, *s.mods["negation"])]
    if any(start <= k < end for k in inside):
        return False
    quantity = s.grammar.quantity  # ولو بعدد رمزي: a number of them is a restriction
    return not any(
        s.words[k].info.stem in quantity or s.words[k].info.norm[:1].isdigit()
        for k in range(start, end)
    )


def _same_negation(a: Match | None, b: Match | None) -> bool:
    """Whether two negation matches are one negation: the same match, or two rows that start
    at the same word (لا تعتزم مطالبة التحالف بالمغادرة: the لا of the intent row and of the
    plain row negate the evaluation once, not the cue again)."""
    return a is b or (a is not None and b is not None and a.i == b.i)


def own_drawdown(cues: list[dict], side: str | None) -> list[dict]:
    """``own_forces``: for a party whose forces are the target (``side``), a withdrawal it
    states or backs (an oppose cue about leaving or staying: سحب القوات، لم يعد هناك ما
    يستدعي بقاء الوحدات المقاتلة) is its own drawdown, read ``mixed``.

    ``own_attacked``: a deed against the target's forces (a cue whose negation is no
    position: the attacks, a «رد حاسم») that their owner speaks of — «الهجمات على قواعدنا لن
    تمر دون رد»، «مهاجمة القوات الأمريكية» in a US statement — is what is done to it or what
    it answers with, not a wish of its own to leave: it gives no position."""
    if side != "target":
        return cues
    out = []
    for c in cues:
        if c["deed"] and c["polarity"] == "oppose":
            c = {**c, "polarity": None, "tags": [*c["tags"], "own_attacked"]}
        elif c["leaving"]:
            c = {**c, "polarity": "mixed", "tags": [*c["tags"], "own_forces"]}
        out.append(c)
    return out


def combine(party: str, claim: dict, s, side: str | None = None) -> dict:
    """One party's claim in sentence ``s``, from its cues and limits (``side``: whose forces
    the party's own are, see :func:`own_drawdown`)."""
    holder: Holder = claim["holder"]
    if side == "target" and claim["cues"]:
        claim = {**claim, "cues": own_drawdown(claim["cues"], side)}
    cues = [c for c in claim["cues"] if c["polarity"] is not None]
    main = [c for c in cues if not c["conditional"]]
    conditions = [c for c in cues if c["conditional"]]
    limits = claim["limits"]
    tags: list[str] = []
    for c in claim["cues"]:
        tags.extend(t for t in c["tags"] if t != "conditional")
    stance = polarity(main)
    if stance == "mixed" and len({c["polarity"] for c in main}) > 1:
        tags.append("mixed")
    if stance == "oppose" and limits and any(c["aspect"] == "combat" for c in main):
        stance = "mixed"
        tags.append("limit")
    if conditions:
        tags.append("conditional")
        conditional = polarity(conditions)
        if stance is None:
            stance = conditional
        elif conditional != stance:
            stance = "mixed"
    elif claim["conditions"] and stance is not None:
        tags.append("conditional")
        if not all(c["deed"] or c["refusal"] for c in main):
            stance = "mixed"
    used = main + conditions
    if stance is None:
        decisive, score, aspect = None, 0.0, None
        stance, tags = "neutral", ["neutral"]
    else:
        weights = [_SIGN[c["polarity"]] * c["weight"] for c in used]
        if "limit" in tags:
            weights += [0.5] * len(limits)
        score = max(-1.0, min(1.0, sum(weights) / len(weights)))
        decisive = max(used, key=lambda c: (c["polarity"] == stance, c["weight"]))
        aspect = claim_aspect(stance, used, limits)
    evidence = [
        {
            "kind": "cue",
            "text": c["text"],
            "start": c["start"],
            "end": c["end"],
            "polarity": c["polarity"] or "none",
            "note": ", ".join(c["tags"]) or None,
        }
        for c in claim["cues"]
    ] + [
        {
            "kind": "limit",
            "text": s.surface(m.i, m.j),
            "start": s.words[m.i].start,
            "end": s.words[m.j - 1].end,
            "polarity": None,
            "note": m.record["note"],
        }
        for m in limits
    ]
    return {
        "party": party,
        "stance": stance,
        "score": round(score, 3),
        "cue": decisive["text"] if decisive else None,
        "cue_start": decisive["start"] if decisive else None,
        "cue_end": decisive["end"] if decisive else None,
        "speaker": holder.surface,
        "speaker_start": holder.start,
        "speaker_end": holder.end,
        "speaker_base": holder.base,
        "aspect": aspect,
        "rule": f"{holder.attribution}:{'+'.join(dict.fromkeys(tags)) or 'cue'}",
        "evidence": sorted(evidence, key=lambda e: e["start"]),
    }


def polarity(cues: list[dict]) -> str | None:
    """Support and oppose together are mixed; a mixed cue decides only when alone — or
    beside support: a drawdown with forces kept (تقليص وجوده مع الإبقاء على عدد محدود،
    ستعيد بعض جنودها مع الإبقاء على قوة للتدريب) is a smaller presence, ``mixed``."""
    polarities = {c["polarity"] for c in cues}
    if {"support", "oppose"} <= polarities or {"support", "mixed"} <= polarities:
        return "mixed"
    for single in ("support", "oppose", "mixed"):
        if single in polarities:
            return single
    return None


def claim_aspect(stance: str, cues: list[dict], limits: list) -> str:
    """What part of the forces a claim is about: ``training`` when it supports only training
    or keeps it (limits), ``combat`` when it opposes only combat forces, else ``all``."""
    opposed = [c["aspect"] for c in cues if c["polarity"] == "oppose"]
    if stance == "support":
        return "training" if limits or all(c["aspect"] == "training" for c in cues) else "all"
    if opposed and all(a == "combat" for a in opposed):
        return "combat"
    if stance == "mixed" and (limits or any(c["aspect"] == "training" for c in cues)):
        return "training"
    return "all"
