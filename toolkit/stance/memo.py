"""The memory of readings: each sentence read once per call (a speed path).

News repeats sentences (datelines, boilerplate, quotes picked up by several outlets). A
reading is remembered with the questions it asked of the article state (the owner of bare
forces, the parties of a carried-over speaker) and the answers, and is reused, with its
offsets moved (:mod:`toolkit.stance.moves`):

- for the same sentence, as is;
- for the same sentence written with other diacritics, tatweel, marks or digits: it is read
  as its lightened text (:data:`toolkit.stance.words.KEY`), offsets mapped back;
- for a sentence whose words read alike (the same ``sem`` word by word: other figures,
  punctuation around words): the words' findings are kept and only holders and claims are
  found anew, or a remembered reading is moved word by word —

whenever the same questions get the same answers. Its changes to the state are replayed. So
the claims are exactly those of reading afresh (:func:`toolkit.stance.sentence.read_sentence`,
the plain reading; ``classify_stance(..., memo=False)`` uses it, and the tests check both
give the same claims). :class:`MemoSettings` bounds the memory.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from toolkit.stance.moves import Move, Unlighten
from toolkit.stance.reader import Reader
from toolkit.stance.sentence import Sentence
from toolkit.stance.state import Holder, State
from toolkit.stance.words import KEY, KEYED, place

__all__ = ["MemoSettings", "Memory", "Recorder", "as_option", "memo_settings"]


@dataclass(frozen=True)
class MemoSettings:
    """How much the memory of readings holds (``classify_stance(..., memo=MemoSettings(…))``).

    Attributes
    ----------
    sentences
        Distinct sentences remembered per call (then the memory starts afresh); ``0`` turns
        the memory off (as ``memo=False``).
    chars
        Sentences up to this many characters are remembered with their reading.
    words
        Sentences up to this many words are remembered by what their words read as (a
        sentence that differs only in diacritics, tatweel or punctuation around words is not
        read again).
    contexts
        Readings of one sentence kept for different article contexts (different answers).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.stance import classify_stance
    >>> text = "دعا التيار الصدري إلى انسحاب القوات الأمريكية."
    >>> articles = pl.DataFrame({"article_id": ["a", "b"], "text": [text, text]})
    >>> small = classify_stance(articles, memo=MemoSettings(sentences=10, contexts=1))
    >>> small.equals(classify_stance(articles, memo=False))
    True
    """

    sentences: int = 100_000
    chars: int = 2_000
    words: int = 400
    contexts: int = 4


def memo_settings(memo: bool | MemoSettings | dict) -> MemoSettings | None:
    """The settings of a ``memo=`` option (``True``: the defaults; a dict: its fields), or
    ``None`` for no memory."""
    if isinstance(memo, dict):
        memo = MemoSettings(**memo)
    if memo is True:
        memo = MemoSettings()
    if memo is False:
        return None
    if not isinstance(memo, MemoSettings):
        raise TypeError(f"memo must be True, False or a MemoSettings, not {memo!r}")
    return memo if memo.sentences > 0 else None


def as_option(settings: MemoSettings | None) -> dict | bool:
    """Settings as a JSON-ready option (for worker processes)."""
    return False if settings is None else asdict(settings)


class Memory:
    """The readings remembered in one call; :meth:`read` reads like
    :func:`toolkit.stance.sentence.read_sentence`."""

    def __init__(self, settings: MemoSettings | None = None):
        self.settings = settings or MemoSettings()
        self.entries: dict = {}

    def read(self, reader: Reader, text: str, start: int, state: State, number: int) -> list[dict]:
        """The claims of one sentence, offsets counted from the sentence start (the speaker's
        from ``speaker_base`` when it was named in an earlier sentence), remembered."""
        chars = self.settings.chars
        found = self._recall(text, state, number)
        if found is None:
            keyed = len(text) <= chars and KEYED.search(text) is not None
            key = text.translate(KEY) if keyed else text
            if key == text:
                found = self._understand(reader, text, state, number)
            else:  # read as its lightened text, offsets mapped back
                light = self._recall(("key", key), state, number)
                if light is None:
                    light = self._understand(reader, key, state, number)
                    self._remember(("key", key), light)
                found = Unlighten(text).reading(light)
            if len(text) <= chars:
                self._remember(text, found)
        found = _bind(found, state, number)
        _replay(found[1], state, number, start)
        return found[2]

    def _recall(self, key, state: State, number: int):
        for found in self.entries.get(key, ()):
            if _same_answers(found[0], state, number):
                return found
        return None

    def _remember(self, key, found) -> None:
        entries = self.entries.get(key)
        if entries is None:
            if len(self.entries) >= self.settings.sentences:
                self.entries.clear()
            entries = self.entries[key] = []
        elif len(entries) >= self.settings.contexts:
            entries.pop(0)
        entries.append(found)

    def _understand(self, reader: Reader, text: str, state: State, number: int):
        """(questions and answers, changes to the state, claims) of a sentence, read afresh
        or from a sentence whose words read alike; the state is asked, not changed."""
        infos, spots = reader.scan(text)
        small = len(infos) <= self.settings.words
        signature = tuple([info.sem for info in infos])
        alike = self.entries.get(signature) if small else None
        if alike is not None:
            for reads, effects, claims, before in alike[1]:
                if _same_answers(reads, state, number):
                    moved = Move(before, infos, spots, text)
                    return moved.reading((reads, effects, claims))
        words = place(infos, spots)
        recorder = Recorder(state)
        if alike is None:
            sentence = Sentence(reader, text, 0, recorder, number, words=words)
        else:
            sentence = alike[0].again(text, words, recorder, number, 0)
        found = recorder.reads, recorder.effects, sentence.read()
        if small:
            if alike is None:
                alike = self.entries[signature] = (sentence, [])
            elif len(alike[1]) >= self.settings.contexts:
                alike[1].pop(0)
            alike[1].append((*found, Move.index(words)))
        return found


class Recorder:
    """The article state as one sentence sees it, noting what the sentence asks of it and what
    it would change (changed by :func:`_replay`), so that the reading can be reused where the
    same questions get the same answers."""

    def __init__(self, state: State):
        self._state = state
        self.reads: list[tuple[tuple, object]] = []
        self.effects: list[tuple[str, object]] = []

    @property
    def owner(self) -> str | None:
        answer = self._state.owner
        self.reads.append((("owner",), answer))
        return answer

    @owner.setter
    def owner(self, kind: str | None) -> None:
        self.effects.append(("owner", kind))

    def antecedent(self, number: int, head: str | None) -> Holder | None:
        """The speaker carried over, as a stand-in: the reading depends only on its parties
        (and passes on its head); where it was named is filled in by :func:`_bind`."""
        question = ("antecedent", head)
        answer = self._state.antecedent(number, head)
        stand = _Stand(len(self.reads))
        self.reads.append((question, _answer_key(question, answer)))
        if answer is None:
            return None
        return Holder(answer.parties, stand, stand, stand, answer.attribution, answer.head, stand)

    def add(self, number: int, records: list[Holder], base: int) -> None:
        self.effects.append(("add", records))

    def surname_parties(self, key: str) -> tuple[str, ...]:
        answer = self._state.surname_parties(key)
        self.reads.append((("surname", key), answer))
        return answer

    def know(self, found) -> None:
        self.effects.append(("surnames", found))

    def named_parties(self, number: int) -> tuple[str, ...]:
        answer = self._state.named_parties(number)
        self.reads.append((("named",), answer))
        return answer

    def name(self, number: int, holders: list[Holder], base: int) -> None:
        self.effects.append(("named", holders))


class _Stand:
    """Where an earlier sentence's speaker goes in a remembered reading (the k-th question)."""

    __slots__ = ("k",)

    def __init__(self, k: int):
        self.k = k


#: The effects whose values hold no speaker (nothing to bind or move).
_PLAIN_EFFECTS = ("owner", "surnames")


def _answer_key(question: tuple, answer):
    """What of an answer a reading depends on: the owner; the parties named; the carried
    speaker's parties and head (not where it was named)."""
    if question[0] in ("owner", "named", "surname") or answer is None:
        return answer
    return answer.parties, answer.head


def _bind(found, state: State, number: int):
    """A remembered reading with the speakers carried over from this article's sentences."""
    reads, effects, claims = found
    if not any(question[0] == "antecedent" for question, _ in reads):
        return found
    answers = [_ask(state, number, question) for question, _ in reads]

    def holder(h: Holder) -> Holder:
        if not isinstance(h.base, _Stand):
            return h
        a = answers[h.base.k]
        return Holder(h.parties, a.surface, a.start, a.end, h.attribution, h.head, a.base)

    bound = []
    for claim in claims:
        if isinstance(claim["speaker_base"], _Stand):
            a = answers[claim["speaker_base"].k]
            claim = {**claim, "speaker": a.surface, "speaker_start": a.start,
                     "speaker_end": a.end, "speaker_base": a.base}  # fmt: skip
        bound.append(claim)
    effects = [
        (kind, value if kind in _PLAIN_EFFECTS else [holder(h) for h in value])
        for kind, value in effects
    ]
    return reads, effects, bound


def _ask(state: State, number: int, question: tuple):
    if question[0] == "owner":
        return state.owner
    if question[0] == "named":
        return state.named_parties(number)
    if question[0] == "surname":
        return state.surname_parties(question[1])
    return state.antecedent(number, question[1])


def _same_answers(reads, state: State, number: int) -> bool:
    return not reads or all(
        _answer_key(question, _ask(state, number, question)) == answer for question, answer in reads
    )


def _replay(effects, state: State, number: int, start: int) -> None:
    for kind, value in effects:
        if kind == "owner":
            state.owner = value
        elif kind == "named":
            state.name(number, value, start)
        elif kind == "surnames":
            state.know(value)
        else:
            state.add(number, value, start)
