"""The reading of one sentence, step by step.

1. **Words** (:mod:`toolkit.stance.words`, :mod:`toolkit.stance.reader`): normalized, the
   proclitics و ف ب ك ل and the article ال set aside.
2. **Matches** (:mod:`toolkit.stance.index`): every pattern of the cue and speakers files;
   stance cues inside a name or an idiom dropped (:func:`task_of_body`: and the task in a
   committee's name); stance cues and limits leftmost-longest; modifiers inside a cue, a limit or an idiom
   dropped; forces inside a name that is no force (تحالف الفتح) dropped.
3. **Clauses** (:mod:`toolkit.stance.clauses`).
4. **Who is named** (:mod:`toolkit.stance.mentions`) and **who holds the position**
   (:mod:`toolkit.stance.holders`).
5. **Cues** and what they are about (:mod:`toolkit.stance.forces`), **modifiers**
   (:mod:`toolkit.stance.modifiers`), what is said of staying or leaving
   (:mod:`toolkit.stance.evaluations`), and **the claim** of each party
   (:mod:`toolkit.stance.claims`).

A :class:`Sentence` holds what these steps found; each step is a function of the sentence, so
a new construction is a new function in the module of its step.
"""

from __future__ import annotations

from toolkit.stance.claims import read_claims
from toolkit.stance.clauses import cut_clauses
from toolkit.stance.forces import REF_KINDS
from toolkit.stance.holders import find_holders
from toolkit.stance.mentions import find_mentions
from toolkit.stance.modifiers import MODIFIER_KINDS
from toolkit.stance.reader import Reader
from toolkit.stance.spans import Cover, leftmost_longest
from toolkit.stance.state import Holder, State
from toolkit.stance.words import Word

__all__ = ["Sentence", "read_sentence"]


class Sentence:
    """The reading of one sentence of an article.

    Attributes: ``words``; the matches ``stance`` (cues), ``limits``, ``evals`` (evaluations),
    ``mods`` (modifiers by kind, with their starts in ``mod_starts``), ``refs`` (forces
    named), ``elsewhere`` (another theatre, not Iraq), ``verbs`` and
    ``force_words`` (positions), ``sources``; ``entities`` and ``mentions`` (who is named);
    ``clause`` (the clause of each word) and ``clauses`` (first word, end, conditional).
    Found when first asked: ``held`` (:meth:`holders`), ``forces`` (the forces indexed),
    ``combat_words``, and ``seen`` (each cue with its holders, owner and forces, after
    :meth:`read`).
    """

    def __init__(
        self,
        reader: Reader,
        text: str,
        offset: int,
        state: State,
        number: int,
        base: int = 0,
        words: list[Word] | None = None,
    ):
        """Read sentence ``number`` of an article; its offsets count from ``offset`` and its
        speakers are recorded for later sentences as named in a sentence at ``base``."""
        self.reader, self.text, self.offset = reader, text, offset
        self.state, self.number, self.base = state, number, base
        self.grammar = reader.grammar
        self.words = reader.words(text, offset) if words is None else words
        found = reader.matches(self.words)
        self.entities = reader.entities(self.words)
        stance = found.get("stance", [])
        names = [*self.entities, *found.get("group", [])]
        hiding_words = [*names, *found.get("idiom", [])]
        # a name or an idiom is no cue (المقاومة الإسلامية في العراق، على الإطلاق)
        if stance and hiding_words:
            hidden = Cover(hiding_words)
            stance = [m for m in stance if not hidden.contains(m)]
        if stance:
            stance = [m for m in stance if not task_of_body(self.words, m, self.grammar)]
        self.stance = leftmost_longest(stance)
        self.limits = leftmost_longest(found.get("limit", []))
        self.stance_starts = [m.i for m in self.stance]
        self.evals = found.get("evaluation", [])
        covered = Cover(self.stance + self.limits + found.get("idiom", []))
        self.mods = {
            kind: [m for m in found.get(kind, []) if not covered.contains(m)]
            for kind in MODIFIER_KINDS
        }
        self.mod_starts = {kind: [m.i for m in found] for kind, found in self.mods.items()}
        #: Whether the sentence names another theatre (not as a manner: :func:`_manner`) and
        #: no place of Iraq (:func:`toolkit.stance.forces.reference`).
        elsewhere = [
            m for m in found.get("elsewhere", []) if not _manner(self.words, m, self.grammar)
        ]
        self.elsewhere = bool(elsewhere) and not _named_here(found, names)
        self.force_words = {m.i for m in found.get("force", [])}
        # A name that contains a reference but is no force (تحالف الفتح، واشنطن بوست) hides it.
        hiding = Cover(
            e for e in self.entities if not any(k in self.force_words for k in range(e.i, e.j))
        )
        refs = leftmost_longest([m for kind in REF_KINDS for m in found.get(kind, [])])
        self.refs = [r for r in refs if not hiding.contains(r, strictly=True)]
        self.verbs = {m.i for m in found.get("verb", [])}
        self.sources = found.get("source", [])
        during = self.mods["duration"]
        opening = self.mods["condition"] + during if during else self.mods["condition"]
        self.clause, self.clauses = cut_clauses(self.words, self.grammar, opening)
        #: The conditional clauses that a duration opens (ما دام، طالما: no restriction).
        self.durations = {self.clause[m.i] for m in during}
        #: The clauses that start right after a colon (:func:`~.holders.colon_holders`).
        self.colon_clauses = (
            {c for c, (i, _, _) in enumerate(self.clauses) if i and self.words[i - 1].info.colon}
            if len(self.clauses) > 1
            else set()
        )
        #: The last word of each cue of staying or leaving (a name after it is whose forces
        #: they are: :func:`~.mentions.owner_of_forces`).
        self.topic_ends = {m.j - 1 for m in self.stance if m.record["topic"]}
        self.mentions = find_mentions(self, found)
        #: Names after a decision noun (:func:`~.holders.decision_holders`) and persons named
        #: in full whose surname may stand alone later (:func:`~.holders.find_holders`).
        nouns, surnames = self.grammar.decision_noun, reader.aliases.surnames
        words = self.words
        statements = self.grammar.statement_noun
        #: Names right after a statement noun (تصريحات ترامب، دعوات الفصائل): the owners of
        #: the cue that follows (:func:`~.claims.statement_owners`).
        self.stated = [
            m for m in self.mentions if m.parties and m.i and words[m.i - 1].info.stem in statements
        ]
        self.decided = [
            m for m in self.mentions if m.parties and m.i and words[m.i - 1].info.stem in nouns
        ] + self.stated
        self.full_names = [
            (words[m.j - 1].info.stem, m.parties)
            for m in self.entities
            if m.parties and m.j - m.i > 1 and words[m.j - 1].info.stem in surnames
        ]
        self.held: list[list[Holder]] | None = None
        self.forces = None
        self.combat_words: tuple[set[int], list[int]] | None = None

    def again(self, text: str, words: list[Word], state, number: int, base: int) -> Sentence:
        """This reading for another sentence whose words read alike (the same ``sem`` word by
        word): everything found in the words is kept, holders and claims are found anew."""
        other = object.__new__(Sentence)
        other.__dict__.update(self.__dict__)
        other.text, other.words, other.offset = text, words, 0
        other.state, other.number, other.base = state, number, base
        other.held = None
        return other

    def surface(self, i: int, j: int) -> str:
        """The text of words ``i`` to ``j`` (exclusive), as written."""
        start, end = self.words[i].start, self.words[j - 1].end
        return self.text[start - self.offset : end - self.offset]

    def holders(self) -> list[list[Holder]]:
        """The holders of each clause (found once; records the speakers for carry-over)."""
        if self.held is None:
            self.held = find_holders(self)
        return self.held

    def read(self) -> list[dict]:
        """The claims of this sentence, one per party."""
        return read_claims(self)


def task_of_body(words: list[Word], cue, grammar) -> bool:
    """Whether a cue is the task in the name of a body (``task_body`` of ``grammar_words.csv``:
    اللجنة العسكرية العليا لإنهاء مهمة التحالف، هيئة لمتابعة الانسحاب): its first word has ل
    attached and a body noun stands right before it, maybe over two adjectives (العسكرية
    العليا). The committee's name says what it is for, not what anyone holds."""
    first = words[cue.i].info
    if first.bare[:1] != "ل" or first.bare == first.stem:
        return False
    for k in range(cue.i - 1, max(cue.i - 4, -1), -1):
        info = words[k].info
        if info.closes:
            return False
        if info.stem in grammar.task_body:
            return True
        if not (info.article and info.stem.endswith(("ي", "يه", "يا", "ا"))):
            return False  # only adjectives (العسكرية العليا) between the body and its task
    return False


def _manner(words: list[Word], m, grammar) -> bool:
    """Whether another theatre is named only as a manner: its word right after a
    ``manner_noun`` (الطريقة الأفغانية، السيناريو السوري) says how, not where."""
    return m.i > 0 and words[m.i - 1].info.stem in grammar.manner_noun


def _named_here(found: dict, names: list) -> bool:
    """Whether a place of Iraq (``here`` rows) is named outside every name: the العراق of
    المقاومة الإسلامية في العراق names the group, not the place of what it did (قصفت قاعدة
    التنف في سوريا is another theatre)."""
    here = found.get("here")
    if not here or not names:
        return bool(here)
    inside = Cover(names)
    return any(not inside.contains(m, strictly=True) for m in here)


def read_sentence(reader: Reader, text: str, start: int, state: State, number: int) -> list[dict]:
    """The claims of sentence ``number`` of an article, read afresh (the plain reading that
    :class:`toolkit.stance.memo.Memory` must equal): offsets count from the sentence start,
    a carried-over speaker's from ``speaker_base``, where its sentence starts."""
    return Sentence(reader, text, 0, state, number, base=start).read()
