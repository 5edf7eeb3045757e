"""What an article's earlier sentences tell the next: the speakers, the party named and the
owner of forces.

- **Carried-over speakers** (``carry_over``): a reporting verb without a subject (وأوضح أن،
  وأضاف …) continues the latest speaker of the article within
  :data:`CARRY_OVER_SENTENCES` sentences; an anaphoric subject (وقال المسؤول) the latest
  speaker with that head noun and a party within twice as many, else the latest with a party.
  The claim's speaker is where it was named (``speaker_start``/``speaker_end`` in that
  earlier sentence).
- **The party named**: the main party of the latest sentence that named one (whoever spoke
  or acted): a title with an organisation noun (زعيم الحركة، المتحدث باسم الفصيل) speaks
  for it, and a reporting verb with no speaker to continue falls back to it.
- **Surnames**: the party of each person named in full, by the last word of the name: the
  surname alone speaks for it later in the article (وأكد الكعبي after أكرم الكعبي).
- **The owner of bare forces**: the kind (``target`` or ``other``) of the last forces named
  with an owner in the article; bare forces (القوات، قواتها) and a cue with no forces in its
  sentence belong to it (see :mod:`toolkit.stance.cues`).

Only what a later sentence can ask is kept (the latest speaker, the latest with a party, the
latest with a party per head noun), so each question takes constant time however long the
article. A remembered reading asks the same questions through a stand-in
(:class:`toolkit.stance.memo.Recorder`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CARRY_OVER_SENTENCES", "Holder", "State"]

#: How many sentences back a reporting verb without a subject looks for its speaker.
CARRY_OVER_SENTENCES = 3


@dataclass
class Holder:
    """Who holds a position: its parties, where it is named and by which rule."""

    parties: tuple[str, ...]
    surface: str | None
    start: int | None
    end: int | None
    attribution: str
    head: str | None = None
    #: Where the sentence that named the holder starts (``start``/``end`` count from there);
    #: ``None`` while it is the sentence being read.
    base: int | None = None


@dataclass
class State:
    """The article state: the speakers recorded so far and the last owner of forces."""

    last: tuple[int, Holder] | None = None
    last_with_party: tuple[int, Holder] | None = None
    by_head: dict[str, tuple[int, Holder]] = field(default_factory=dict)
    owner: str | None = None
    #: The main party named in the latest sentence that named one (its first name that may
    #: hold a position): what «زعيم الحركة» and a verb after a sentence without a speaker
    #: («عقدت الحركة مؤتمرها … وأكد البيان») point back to.
    named: tuple[int, Holder] | None = None
    #: The party of each surname whose person was named in full (:mod:`~.names`).
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def surname_parties(self, key: str) -> tuple[str, ...]:
        """The parties of the person named in full earlier in the article with this surname."""
        return self.surnames.get(key, ())

    def know(self, found: list[tuple[str, tuple[str, ...]]]) -> None:
        """Record surnames of persons named in full (``(surname, parties)``)."""
        for key, parties in found:
            self.surnames[key] = parties

    def antecedent(self, number: int, head: str | None) -> Holder | None:
        """The latest speaker before sentence ``number`` (within :data:`CARRY_OVER_SENTENCES`);
        for an anaphoric head (المسؤول) the latest with that head and a party within twice as
        many sentences, else the latest with a party; without any speaker, the main party of
        the latest sentence that named one (:attr:`named`)."""

        def recent(entry, window=CARRY_OVER_SENTENCES):
            return entry[1] if entry is not None and number - entry[0] <= window else None

        if head is None:
            found = recent(self.last)
        else:
            same = recent(self.by_head.get(head), 2 * CARRY_OVER_SENTENCES)
            found = same if same is not None else recent(self.last_with_party)
        return found if found is not None else recent(self.named)

    def named_parties(self, number: int) -> tuple[str, ...]:
        """The parties of :attr:`named`, if it was named within twice
        :data:`CARRY_OVER_SENTENCES` sentences before sentence ``number``."""
        entry = self.named
        if entry is None or number - entry[0] > 2 * CARRY_OVER_SENTENCES:
            return ()
        return entry[1].parties

    def name(self, number: int, holders: list[Holder], base: int) -> None:
        """Record the main party named in sentence ``number`` (which starts at ``base``)."""
        for holder in holders[:1]:
            if holder.base is None:
                holder = Holder(
                    holder.parties, holder.surface, holder.start, holder.end,
                    holder.attribution, holder.head, base,
                )  # fmt: skip
            self.named = (number, holder)

    def add(self, number: int, records: list[Holder], base: int) -> None:
        """Record the speakers of sentence ``number``, which starts at ``base`` (the first
        with a party is also the party named, :attr:`named`)."""
        named = False
        for holder in records:
            if holder.base is None:
                holder = Holder(
                    holder.parties, holder.surface, holder.start, holder.end,
                    holder.attribution, holder.head, base,
                )  # fmt: skip
            self.last = (number, holder)
            if holder.parties:
                self.last_with_party = (number, holder)
                if not named:
                    self.named, named = (number, holder), True
                if holder.head is not None:
                    self.by_head[holder.head] = (number, holder)
