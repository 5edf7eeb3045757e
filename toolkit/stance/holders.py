"""Who holds the position of each clause (the first part of the ``rule`` column).

- ``speaker`` — the subject of a reporting verb (قال، أكد، دعا، طالب، هدد، رفض …, in all
  their forms: وقال، مؤكداً، مطالباً; the ``reporting_verb`` stopwords and the ``verb`` rows
  of ``speakers.csv``) or the first party named in a clause with a reporting verb after it.
  Actions count: a parliament that passes a resolution, militias that launch strikes.
- ``actor`` — the first party named in a clause without a reporting verb — unless the
  clause is a background line (past perfect كان … قد, a biography: :func:`background`).
  A sentence that opens as a background note (يذكر أن، ويشار إلى أن) has no holders at all
  (:func:`background_note`).
- ``carry_over`` — a reporting verb without a subject (وأوضح أن، وأضاف …) or with an
  anaphoric one (وقال المسؤول) continues the previous speaker (:mod:`toolkit.stance.state`).
  Words that may stand between such a verb and its أن without being a subject
  (``filler`` in ``grammar_words.csv``: أيضاً، في بيان له) do not stop it.
- ``embedded`` — when the speaker has no party (مصادر، وكالة أسوشيتد برس، بيان مشترك), the
  first party named after the complementizer (``complementizer``: أن، بأن …).
- a surname alone (وأكد الكعبي) names the person named in full earlier in the article
  (:func:`surname_holder`), and holds by the rules above.
- ``title`` — a title with an organisation noun (وقال زعيم الحركة، المتحدث باسم الفصيل)
  speaks for the organisation named last in the article (:func:`title_holder`).
- ``decision`` — a party named right after a decision or a wish (قرار البرلمان بإخراج
  القوات، لرغبة بغداد في إنهاء وجود التحالف) holds the cue after it too, beside the clause's
  holders (:func:`decision_holders`); so does the owner of words (تصريحات السفير حول بقاء
  القوات: ``statement_noun``) when a cue with a polarity follows within four words.
- ``source`` — the name after وفقا ل، بحسب، نقلا عن (``source`` rows of ``speakers.csv``)
  speaks for the sentence's clauses that have no holder — not unnamed sources (بحسب مصادر
  أمنية عراقية: ``anonymous_source``), who tell an event —; after a commentator (بحسب محللين،
  فإن الإطار …: ``commentator`` words) the clauses after it hold nothing.
- ``colon`` — a headline's speaker before a colon (الخزعلي: …، «العصائب» تتوعد: …،
  قيادي في «تقدم»: …): what follows the colon is what the words before it say, and the names
  after the colon are its content, not holders (:func:`colon_holders`). After a reporting
  verb (وقال المتحدث: «…») the speaker keeps its own rule.
- ``postposed`` — a speaker named after what it said («…»، قال وزير الخارجية العراقي;
  طلبنا من التحالف …، قال …): a clause that is only a reporting verb and its subject speaks
  for the clauses before it that have no holder (:func:`postposed_holders`).

Names that are excluded (:func:`toolkit.stance.mentions.excluded`) or inside a conditional
clause hold no position. A clause without a holder continues the previous clause's; a
conditional clause takes the nearest holders before it, else after it. A party coordinated
by و right after a holder holds the position too (مسؤولون عراقيون وأمريكيون).
"""

from __future__ import annotations

from bisect import bisect_left

from toolkit.stance.names import Mention
from toolkit.stance.state import Holder

__all__ = [
    "REPORT_REACH",
    "SOURCE_REACH",
    "clause_holders",
    "colon_holders",
    "continue_holders",
    "decision_holders",
    "embedded",
    "find_holders",
    "holders_of",
    "not_owner",
    "postposed_holders",
    "relative_subject",
    "relayed",
    "reported",
    "source_holders",
    "speaker_without_party",
    "surname_holder",
    "title_holder",
]

#: How many words after a reporting verb its subject may start.
REPORT_REACH = 6
#: How many words after a source marker (بحسب، نقلا عن) the name it introduces may start.
SOURCE_REACH = 2


def find_holders(s) -> list[list[Holder]]:
    """The holders of each clause of sentence ``s``; records its speakers in the article
    state (for carry-over).

    The source marker's name (:func:`source_holders`), then each clause's own holders
    (:func:`clause_holders`), then clauses without holders continue others
    (:func:`continue_holders`)."""
    source, taken, commented = source_holders(s)
    by_clause: dict[int, list[Mention]] = {}
    for m in s.mentions:
        if not m.excluded and id(m) not in taken:
            if m.org or m.kind == "surname":
                m = surname_holder(s, title_holder(s, m))
                if m is None:
                    continue
            by_clause.setdefault(s.clause[m.i], []).append(m)
    held: list[list[Holder]] = [[] for _ in s.clauses]
    inherit = [True] * len(s.clauses)
    records: list[Holder] = []
    earlier = False  # whether an earlier clause has holders
    for c, (start, end, conditional) in enumerate(s.clauses):
        if conditional or (earlier and c in s.colon_clauses):
            continue  # after a colon: the holders of the words before it (colon_holders)
        found = clause_holders(s, start, end, by_clause.get(c, []), earlier)
        if found is not None:
            held[c], record, own = found
            records.extend(record)
            inherit[c] = not own
        earlier = earlier or bool(held[c])
    if commented is not None:  # بحسب مراقبين، فإن واشنطن …: a commentator's reading
        words, commentators = s.words, s.grammar.commentator
        opinion = any(
            words[k].info.stem in commentators
            for k in range(commented, min(commented + 1 + SOURCE_REACH, len(words)))
        )
        for c, (start, _, _) in enumerate(s.clauses):
            if start >= commented:
                held[c] = [] if opinion else not_owner(s, held[c])
    postposed_holders(s, held)
    continue_holders(s, held, inherit, source)
    colon_holders(s, held)
    decision_holders(s, held)
    if background_note(s):  # يذكر أن البرلمان صوت …: a reminder, no one's position now
        held = [[] for _ in held]
    s.state.add(s.number, records, s.base)
    main = next((h for h in held if h and h[0].parties), None)
    if main is not None and not any(h is main[0] for h in records):
        s.state.name(s.number, main, s.base)  # a speaker is recorded as named by add
    if s.full_names:
        s.state.know(s.full_names)
    return held


def surname_holder(s, m: Mention) -> Mention | None:
    """A surname alone (وأكد الكعبي) speaks for the person named in full earlier in the
    article (:meth:`toolkit.stance.state.State.surname_parties`); else it is no name
    (``None``)."""
    if m.kind != "surname":
        return m
    parties = s.state.surname_parties(m.surname)
    return Mention(m.i, m.j, parties, "entity", None, m.excluded) if parties else None


def title_holder(s, m: Mention) -> Mention:
    """``title``: a title with an organisation noun (زعيم الحركة، المتحدث باسم الفصيل) names
    the organisation named last in the article (:meth:`toolkit.stance.state.State.
    named_parties`); other names as they are."""
    if not m.org or m.parties:
        return m
    parties = s.state.named_parties(s.number)
    if not parties:
        return m
    return Mention(m.i, m.j, parties, "title", None, m.excluded)


def decision_holders(s, held: list[list[Holder]]) -> None:
    """``decision``: a party named right after a decision, a wish or an effort (``decision_noun``
    of ``grammar_words.csv``: قرار البرلمان، لرغبة بغداد، لمساعي الحكومة) with a stance cue
    after it in its clause holds that clause's position too, beside its holders, in place."""
    stated = {id(m) for m in s.stated}
    for m in s.decided:
        c = s.clause[m.i]
        if s.clauses[c][2] or not any(m.j <= k < s.clauses[c][1] for k in s.stance_starts):
            continue
        k = bisect_left(s.stance_starts, m.j)
        if id(m) in stated and not any(
            cue.i <= m.j + 4 and cue.record["polarity"] for cue in s.stance[k : k + 5]
        ):
            continue  # تصريحات الخزعلي … قرار الانسحاب بيد الدولة: words with no position
        if any(set(m.parties) & set(h.parties) for h in held[c]):
            continue
        holder = holders_of(s, m, "decision", [])[0]
        held[c] = [*held[c], holder]


def colon_holders(s, held: list[list[Holder]]) -> None:
    """``colon``: a clause after a colon has the holders of the clause before it (given by
    :func:`continue_holders`, since its own names were not read as holders); when those are
    ``actor`` holders (a headline, no reporting verb) they hold it as ``colon``, in place."""
    for c in sorted(s.colon_clauses):
        before = held[c - 1]
        if before and held[c] is before and all(h.attribution == "actor" for h in before):
            relabelled = [_as(h, "colon") for h in before]
            for k in range(c - 1, len(held)):
                if held[k] is before:
                    held[k] = relabelled


def postposed_holders(s, held: list[list[Holder]]) -> None:
    """``postposed``: the first clause whose holders are the subject of a reporting verb that
    opens it, with no complementizer after it and no stance cue in it (…، قال وزير الخارجية
    العراقي), speaks for the clauses before it that have no holder, in place."""
    if not held or held[0] or s.clauses[0][2]:
        return
    stance_starts = {m.i for m in s.stance}
    for c, (start, end, conditional) in enumerate(s.clauses):
        if conditional or not held[c]:
            continue
        opening = start in s.verbs and held[c][0].attribution == "speaker"
        bare = _complementizer(s, start, end) is None and not any(
            start <= k < end for k in stance_starts
        )
        if opening and bare:
            moved = [_as(h, "postposed") for h in held[c]]
            for k in range(c):
                if not held[k] and not s.clauses[k][2]:
                    held[k] = moved
        return


def _as(holder: Holder, attribution: str) -> Holder:
    """The same holder, named by another rule."""
    return Holder(holder.parties, holder.surface, holder.start, holder.end, attribution,
                  holder.head, holder.base)  # fmt: skip


def source_holders(s) -> tuple[list[Holder], set[int], int | None]:
    """``source``: the first name with a party within :data:`SOURCE_REACH` words after a
    source marker (بحسب البنتاغون) speaks for the clauses without holders; the names right
    after a marker (``taken``, by ``id``) hold nothing else. The name must follow the marker
    within its phrase: over a punctuation mark (بحسب مراقبين، فإن واشنطن …) the source was a
    word that names no party, and the name after it is what the source says, not who. After
    a source that names no party (``commented``: the first word of the first such marker), the owner of
    the target's forces holds nothing (:func:`not_owner`)."""
    source: list[Holder] = []
    taken: set[int] = set()
    commented: int | None = None
    starts = [m.i for m in s.mentions]
    w = s.words
    for marker in s.sources:
        k = bisect_left(starts, marker.j)
        m = s.mentions[k] if k < len(starts) and starts[k] <= marker.j + SOURCE_REACH else None
        if m is not None and any(w[x].info.closes for x in range(marker.j, m.i)):
            m = None
        if (m is None or not m.parties) and commented is None:
            commented = marker.i
        if m is not None:
            taken.add(id(m))
            # بحسب مصادر أمنية عراقية: unnamed sources tell an event, they speak for no one
            anonymous = m.kind == "head" and w[m.i].info.stem in s.grammar.anonymous_source
            if m.parties and not source and not anonymous:
                source = holders_of(s, m, "source", [])
    return source, taken, commented


def clause_holders(s, start: int, end: int, mentions: list[Mention], earlier: bool):
    """The holders of a clause (words ``start`` to ``end``) that is not conditional, from the
    names that may hold (``mentions``): ``(holders, speaker records, own holder?)``, or
    ``None`` when the clause has none of its own (it continues another's).

    A reporting verb before the first name opens a reported clause (:func:`reported`; under a
    former official, the owner of the target's forces reported holds nothing: :func:`not_owner`);
    else the first name with a party holds the position — as ``speaker`` when a reporting
    verb follows it, else as ``actor`` (named before the clause's first cue or right after
    it, مقبولة للعراقيين: a name further on is the cue's object); else a name without a party before a reporting verb
    is a speaker without party, whose reported subject holds the position (:func:`embedded`).
    """
    if earlier and s.words[start].info.bare in s.grammar.complementizer:
        return None  # قال العامري، في بيان، إن الحكومة …: the speaker's words go on
    verb = next((k for k in range(start, end) if k in s.verbs), None)
    first = mentions[0] if mentions else None
    if verb is not None and (first is None or verb < first.i):
        return reported(s, verb, end, mentions, earlier)
    actors = [m for m in mentions if m.parties]
    if actors and verb is None:
        # an actor is named before its deed or right after it: a name further on is the
        # object or a genitive (تصاعدت الدعوات برحيل القوات بعد اغتيال سليماني)
        first_cue = next((m.j for m in s.stance if start <= m.i < end), end)
        actors = [m for m in actors if m.i <= first_cue]
    if actors:
        spoken = verb is not None and verb > actors[0].i
        if not spoken and background(s, start, end):
            return [], [], True  # وكان أوباما قد اتخذ قراراً، وشغل الجنرال منصب …: a past told
        held = holders_of(s, actors[0], "speaker" if spoken else "actor", mentions)
        return held, (held if spoken else []), True
    if verb is not None and first is not None:
        return embedded(s, verb, end, mentions), [speaker_without_party(s, first)], True
    return None


def background_note(s) -> bool:
    """Whether the sentence opens as a background note (``background_marker`` within its
    first two words: يذكر أن، ويشار إلى أن، وتجدر الإشارة، ومن المعروف): what it recalls of the
    parties it names is the writer's reminder, not a position they state."""
    markers = s.grammar.background_marker
    return any(w.info.bare in markers or w.info.stem in markers for w in s.words[:2])


def background(s, start: int, end: int) -> bool:
    """Whether a clause without a reporting verb is a background line, whose actor holds no
    position: the past perfect — a ``pluperfect`` word (كان، كانت) followed within three words
    by the ``past_particle`` قد (وكان أوباما قد اتخذ قراراً بالإبقاء على قوة صغيرة) — or a
    ``biography`` word (شغل منصب، تولى، تأسست الحركة عام 2006). What a party had done or
    what it is tells its story; a position is said (a reporting verb) or done now."""
    w, g = s.words, s.grammar
    for k in range(start, end):
        info = w[k].info
        if info.stem in g.biography:
            return True
        if info.bare in g.pluperfect and any(
            w[x].info.bare in g.past_particle for x in range(k + 1, min(k + 4, end))
        ):
            return True
    return False


def continue_holders(s, held: list[list[Holder]], inherit: list[bool], source) -> None:
    """Fill the clauses without holders, in place: a clause that may inherit continues the
    previous clause's holders; a clause still without takes the source's; a conditional
    clause takes the nearest holders before it, else after it."""
    last: list[Holder] = []
    for c, (_, _, conditional) in enumerate(s.clauses):
        if conditional:
            continue
        if not held[c] and inherit[c]:
            held[c] = last
        last = held[c] or last
    for c, (_, _, conditional) in enumerate(s.clauses):
        if not held[c] and not conditional:
            held[c] = source
    after: list[list[Holder]] = [[] for _ in held]
    for c in range(len(held) - 2, -1, -1):
        after[c] = held[c + 1] or after[c + 1]
    before: list[Holder] = []
    for c, (_, _, conditional) in enumerate(s.clauses):
        if conditional:
            held[c] = before or after[c]
        before = held[c] or before


def _complementizer(s, verb: int, end: int) -> int | None:
    """The first complementizer (أن، بأن …) after a reporting verb in its clause."""
    w, complementizers = s.words, s.grammar.complementizer
    return next((k for k in range(verb + 1, end) if w[k].info.bare in complementizers), None)


def reported(s, verb: int, end: int, mentions: list[Mention], earlier: bool):
    """A clause that opens with a reporting verb: (holders, speaker records, own holder?).

        Its subject is the first name within :data:`REPORT_REACH` words after the verb, before
        the complementizer — after a verb that relays, the name after عن (:func:`relayed`); after
        a relative pronoun, the name before it (:func:`relative_subject`). In a clause after one with holders, a name followed by إلى
        (``object_marker``: …، ودعت القادة العراقيين إلى) or by a cue with ب attached (…، قراراً
    يطالب الحكومة بإخراج القوات) is who is urged, not a subject, and so is
        a name after a call for what follows (…، مؤكداً ضرورة مضي الحكومة في: :func:`_addressee`). A subject
        with a party speaks; one without (مصادر) hands over to the reported subject; an anaphoric
        one (المسؤول) or none continues the previous speaker (``carry_over``) — unless words
        other than fillers stand between the verb and its complementizer (a commentator among them,
        ``commentator``: ويرى محللون أن …, gives the parties it names no position). The verb's own
        preposition right before the complementizer (وشدد على أن، ولفتت إلى أن) is no such word.
    """
    w = s.words
    comp = _complementizer(s, verb, end)
    limit = comp if comp is not None else end
    subject = relayed(s, verb, limit) or relative_subject(s, verb)
    if subject is None:
        # a name after a cue that the verb opens is its object (وهو رفض أي قاعدة أجنبية على
        # أرض العراق: العراق does not speak)
        k = bisect_left(s.stance_starts, verb)
        opened = [m.j for m in s.stance[k : k + 2] if m.i <= verb + 1]
        stop = min([limit, *opened])
        subject = next(
            (m for m in mentions if verb < m.i < stop and m.i - verb <= REPORT_REACH), None
        )
    if subject is not None and not subject.parties and subject.anaphoric is None:
        subject = _member_of(s, subject, mentions, limit) or subject
    if (
        earlier
        and subject is not None
        and subject.j < end
        and (
            w[subject.j].info.bare in s.grammar.object_marker
            or (w[subject.j].info.prep and subject.j in s.stance_starts)
        )
    ):
        # …، ودعت القادة العراقيين إلى، …، قراراً يطالب الحكومة بإخراج القوات: who is urged
        subject = None
    if earlier and subject is not None and _addressee(s, verb, subject):
        subject = None  # …، مؤكداً ضرورة مضي الحكومة في: who is asked, not who speaks
    if subject is not None and subject.parties:
        holders = holders_of(s, subject, "speaker", mentions)
        return holders, holders, True
    if subject is not None and subject.anaphoric is None:
        reported_holders = embedded(s, verb, end, mentions)
        if subject.former:  # a former official's «واشنطن لا ترغب في …» is his reading
            reported_holders = not_owner(s, reported_holders)
        return reported_holders, [speaker_without_party(s, subject)], True
    between = [w[k].info.stem for k in range(verb + 1, limit)]
    if comp is not None and between and between[-1] in s.grammar.preposition:
        between.pop()  # شدد على أن، أشار إلى أن: the verb's own preposition, no subject
    fillers = s.grammar.filler
    if subject is None and comp is not None and not all(b in fillers for b in between):
        record = Holder((), None, None, None, "speaker")
        if any(b in s.grammar.commentator for b in between):
            return [], [record], True  # ويرى محللون أن الفصائل …: a commentator's reading
        return not_owner(s, embedded(s, verb, end, mentions)), [record], True
    if earlier:
        return [], [], False
    antecedent = s.state.antecedent(s.number, subject.anaphoric if subject is not None else None)
    if antecedent is None:
        return embedded(s, verb, end, mentions), [], True
    holder = Holder(
        antecedent.parties,
        antecedent.surface,
        antecedent.start,
        antecedent.end,
        "carry_over",
        antecedent.head,
        antecedent.base,
    )
    return [holder], [holder], True


def _addressee(s, verb: int, subject: Mention) -> bool:
    """Whether a name after a continuing verb is the addressee of a demand: a call for what
    follows (an evaluation row of polarity good without topic: ضرورة، أهمية، يجب) stands
    between the verb and the name (مؤكداً ضرورة مضي الحكومة في إنهاء مهام التحالف)."""
    return any(
        verb < m.i < subject.i and m.record["polarity"] == "good" and not m.record["topic"]
        for m in s.evals
    )


def _member_of(s, head: Mention, mentions: list[Mention], limit: int) -> Mention | None:
    """A head noun without a party (عضو، مسؤول) whose title ends in a party with ل attached
    (عضو المكتب السياسي لحركة عصائب أهل الحق) speaks for that party: the first named party
    within 3 words after the head, before the complementizer, not excluded, with only titles
    (``lead_noun``) and nisba adjectives (ال…ي) between."""
    w, lead = s.words, s.grammar.lead_noun
    for m in mentions:
        if head.j <= m.i < min(limit, head.j + 3) and m.parties and not m.excluded:
            info = w[m.i].info
            between = [w[k].info for k in range(head.j, m.i)]
            if (
                info.bare[:1] == "ل"
                and info.bare != info.stem
                and all(
                    b.stem in lead or (b.bare.startswith("ال") and b.bare.endswith("ي"))
                    for b in between
                )
            ):
                return m
    return None


def relative_subject(s, verb: int) -> Mention | None:
    """A reporting verb right after a relative pronoun (``relative_subject``: الذي، التي)
    has for subject the name right before the pronoun (بحسب حلف الناتو، الذي قال إن …)."""
    if verb == 0 or s.words[verb - 1].info.bare not in s.grammar.relative_subject:
        return None
    return next((m for m in s.mentions if m.j == verb - 1 and m.parties), None)


def relayed(s, verb: int, limit: int) -> Mention | None:
    """After a verb that relays (``relay_verb``: نقلت وكالة تسنيم عن قيادي في النجباء أن …),
    the name after عن, before the complementizer, is who speaks; the relaying outlet is not."""
    if s.words[verb].info.stem not in s.grammar.relay_verb:
        return None
    for k in range(verb + 1, min(limit, verb + 1 + 2 * REPORT_REACH)):
        if s.words[k].info.bare == "عن":
            return next((m for m in s.mentions if k < m.i <= k + 1 and m.parties), None)
    return None


def embedded(s, verb: int, end: int, mentions: list[Mention]) -> list[Holder]:
    """The first party named after the complementizer of a reporting verb (``embedded``)."""
    comp = _complementizer(s, verb, end)
    if comp is None:
        return []
    actor = next((m for m in mentions if m.i > comp and m.parties), None)
    return holders_of(s, actor, "embedded", mentions) if actor else []


def not_owner(s, holders: list[Holder]) -> list[Holder]:
    """``embedded`` under a speaker that is neither a name nor a head noun (محلل، مراقبون،
    تقارير صحفية، الصحيفة، استطلاع): what it reports of a party holds, as a poll's finding
    or a faction's decision does — but not for the owner of the target's forces. Such a
    speaker's «واشنطن تسعى إلى إبقاء قواتها» or «الإدارة تدرس خفض قواتها» is a commentator's
    reading of what Washington does, not Washington's word."""
    sides = s.reader.sides
    return [h for h in holders if not any(sides.get(p) == "target" for p in h.parties)]


def speaker_without_party(s, m: Mention) -> Holder:
    """The record of a speaker that has no party (for a later carry-over)."""
    start, end = s.words[m.i].start, s.words[m.j - 1].end
    surface = s.text[start - s.offset : end - s.offset]
    head = s.words[m.i].info.stem if m.kind == "head" else None
    return Holder((), surface, start, end, "speaker", head)


def holders_of(s, m: Mention, attribution: str, mentions: list[Mention]) -> list[Holder]:
    """The holder named by ``m`` and any party coordinated with it by و right after it."""
    out, current = [], m
    at = {o.i: o for o in mentions}
    while current is not None:
        rule = "title" if current.kind == "title" else attribution
        start = s.words[current.i].head if current.kind == "entity" else None
        start = start if start is not None else s.words[current.i].start
        end = s.words[current.j - 1].end
        head = s.words[current.i].info.stem if current.kind == "head" else None
        surface = s.text[start - s.offset : end - s.offset]
        out.append(Holder(current.parties, surface, start, end, rule, head))
        following = at.get(current.j)
        current = (
            following
            if following is not None and following.parties and s.words[following.i].info.conj
            else None
        )
    return out
