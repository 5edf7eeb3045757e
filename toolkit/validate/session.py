"""A review session: one annotator going through a sample, one item at a time.

The annotation widget (:func:`toolkit.views.validate.annotate`) only calls this class, so a
review can be driven — and tested — without a browser. A session reads the annotator's
earlier answers from the store and starts at the first item still to do, so a session that
stopped (a closed laptop, a dead kernel) resumes where it stopped. An item whose sentence
changed since it was answered (the corpus was edited) is *flagged* and counts as still to do.
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.lexicons import STANCES
from toolkit.validate.store import AnnotationStore, annotator_path

__all__ = ["LABELS", "LABEL_TEXT", "NEEDS_PARTY", "ReviewSession"]

#: The answers an annotator can give, by kind of item.
LABELS = {
    "stance": (*STANCES, "off_target", "wrong_party"),
    "entity": ("correct", "wrong_label", "wrong_party", "not_an_entity"),
    "figure": (
        "correct",
        "wrong_value",
        "wrong_kind",
        "wrong_qualifier",
        "wrong_subject",
        "not_a_figure",
    ),
    "sentence": ("positions", "none"),
}
#: Answers that need the right party (chosen from the parties of ``parties.csv``).
NEEDS_PARTY = frozenset({"wrong_party", "wrong_subject"})
#: What the buttons say.
LABEL_TEXT = {
    "support": "support · تأييد",
    "oppose": "oppose · رفض",
    "mixed": "mixed · مختلط",
    "neutral": "neutral · محايد",
    "off_target": "not about the troops · ليس عن القوات",
    "wrong_party": "wrong party · طرف آخر",
    "correct": "correct · صحيح",
    "wrong_label": "wrong type · نوع خاطئ",
    "not_an_entity": "not a name · ليس اسماً",
    "wrong_value": "wrong value · قيمة خاطئة",
    "wrong_kind": "wrong kind · نوع خاطئ",
    "wrong_qualifier": "wrong qualifier · وصف خاطئ",
    "wrong_subject": "wrong subject · طرف آخر",
    "not_a_figure": "not a figure · ليس رقماً",
    "none": "no position in this sentence · لا مواقف",
}


class ReviewSession:
    """One annotator's pass through a sample.

    Parameters
    ----------
    sample
        A frame from :func:`~toolkit.validate.sampling.sample_for_review` or
        :func:`~toolkit.validate.sampling.sample_sentences` (one kind of item).
    annotator
        The annotator's name, written with every answer.
    folder
        Where the annotator's file goes (:func:`~toolkit.validate.store.annotation_folder`).
    store
        A store to use instead (one file for everyone; answers are told apart by annotator).

    Examples
    --------
    >>> import tempfile
    >>> from toolkit.datasets import seed_articles
    >>> from toolkit.stance import classify_stance
    >>> from toolkit.validate import sample_for_review
    >>> sample = sample_for_review(classify_stance(seed_articles()), n=3, seed=1)
    >>> folder = tempfile.mkdtemp()
    >>> session = ReviewSession(sample, annotator="Layla", folder=folder)
    >>> session.answer("oppose", note="a clear demand")["label"]
    'oppose'
    >>> session.position, session.progress()
    (1, (1, 3))
    >>> ReviewSession(sample, annotator="Layla", folder=folder).position  # resumes
    1
    """

    def __init__(
        self,
        sample: pl.DataFrame,
        *,
        annotator: str,
        folder: str | os.PathLike | None = None,
        store: AnnotationStore | None = None,
    ):
        kinds = set(sample["kind"].unique()) if sample.height else set()
        if len(kinds) > 1:
            raise ValueError(f"a session reviews one kind of item at a time (got {sorted(kinds)})")
        self.kind = kinds.pop() if kinds else "stance"
        self.items = sample.to_dicts()
        self.folder = folder
        self._own_store = store
        self.position = 0
        self.set_annotator(annotator)

    # -- who is answering ----------------------------------------------------------------------
    def set_annotator(self, annotator: str) -> None:
        """Switch to another annotator: their answers are loaded and the session resumes."""
        annotator = (annotator or "").strip()
        if not annotator:
            raise ValueError("an annotator needs a name (it is written with every answer)")
        self.annotator = annotator
        self.store = self._own_store or AnnotationStore(annotator_path(annotator, self.folder))
        self.answers: dict[str, dict] = {}
        for record in self.store.records():
            if record["annotator"] == annotator:
                self.answers[record["item"]] = record
        self.position = self.first_to_do()

    # -- where we are --------------------------------------------------------------------------
    @property
    def current(self) -> dict | None:
        """The item shown (a row of the sample), or None for an empty sample."""
        return self.items[self.position] if self.items else None

    @property
    def current_answer(self) -> dict | None:
        """The annotator's last answer to the current item, or None."""
        return self.answers.get(self.current["item"]) if self.items else None

    def status(self, index: int | None = None) -> str:
        """``todo``, ``done`` or ``changed`` (answered, but the sentence is not the one answered)."""
        item = self.items[self.position if index is None else index]
        answer = self.answers.get(item["item"])
        if answer is None:
            return "todo"
        return "changed" if answer.get("sentence_sha256") != item["sentence_sha256"] else "done"

    def first_to_do(self) -> int:
        """The first item without a valid answer (0 when all are done)."""
        return next((i for i in range(len(self.items)) if self.status(i) != "done"), 0)

    def progress(self) -> tuple[int, int]:
        """(items done, items in the sample)."""
        done = sum(self.status(i) == "done" for i in range(len(self.items)))
        return done, len(self.items)

    def flagged(self) -> list[str]:
        """The items whose sentence changed since they were answered."""
        return [item["item"] for i, item in enumerate(self.items) if self.status(i) == "changed"]

    # -- moving --------------------------------------------------------------------------------
    def go(self, index: int) -> None:
        self.position = max(0, min(index, len(self.items) - 1))

    def next(self) -> None:
        self.go(self.position + 1)

    def back(self) -> None:
        self.go(self.position - 1)

    # -- answering -----------------------------------------------------------------------------
    def _write(self, label: str, *, note: str, party=None, positions=None) -> dict:
        item = self.current
        record = self.store.append(
            item=item["item"], annotator=self.annotator, label=label, note=note, party=party,
            positions=positions, kind=self.kind, reading=item.get("reading"),
            sentence_sha256=item["sentence_sha256"],
        )  # fmt: skip
        self.answers[item["item"]] = record
        return record

    def answer(
        self, label: str, *, note: str | None = None, party: str | None = None, advance=True
    ) -> dict:
        """Record ``label`` for the current item (written to disk at once); go to the next.

        ``party`` is the right party, needed for ``wrong_party`` and ``wrong_subject``. ``note``
        defaults to the note of the previous answer to this item.
        """
        if not self.items:
            raise ValueError("the sample is empty: nothing to answer")
        allowed = LABELS[self.kind]
        if label not in allowed or label == "positions":
            raise ValueError(f"{label!r} is not an answer for a {self.kind} item: use one of "
                             f"{[a for a in allowed if a != 'positions']}")  # fmt: skip
        if label in NEEDS_PARTY and not party:
            raise ValueError(f"{label}: choose the right party first")
        previous = self.current_answer or {}
        note = previous.get("note", "") if note is None else note
        record = self._write(label, note=note, party=party if label in NEEDS_PARTY else None)
        if advance and self.position < len(self.items) - 1:
            self.next()
        return record

    def set_note(self, note: str) -> dict | None:
        """Change the note of the current answer (one more line); None if not answered yet."""
        previous = self.current_answer
        if previous is None or previous.get("note", "") == note:
            return None
        return self._write(previous["label"], note=note, party=previous.get("party"),
                           positions=previous.get("positions"))  # fmt: skip

    # -- whole sentences -----------------------------------------------------------------------
    def positions(self) -> list[dict]:
        """The positions recorded for the current sentence (``party``, ``stance``)."""
        answer = self.current_answer
        return list(answer.get("positions") or []) if answer else []

    def add_position(self, party: str, stance: str, *, note: str | None = None) -> dict:
        """Record that ``party`` takes ``stance`` in the current sentence (replacing its earlier
        position there); the whole list is written again."""
        if self.kind != "sentence":
            raise ValueError("positions are recorded for whole sentences (sample_sentences)")
        if not party:
            raise ValueError("choose the party first")
        if stance not in STANCES:
            raise ValueError(f"stance must be one of {list(STANCES)} (got {stance!r})")
        kept = [p for p in self.positions() if p["party"] != party]
        previous = self.current_answer or {}
        note = previous.get("note", "") if note is None else note
        return self._write("positions", note=note,
                           positions=[*kept, {"party": party, "stance": stance}])  # fmt: skip

    def remove_position(self, party: str) -> dict:
        """Remove ``party``'s position from the current sentence."""
        kept = [p for p in self.positions() if p["party"] != party]
        previous = self.current_answer or {}
        return self._write("positions" if kept else "none", note=previous.get("note", ""),
                           positions=kept)  # fmt: skip

    def no_position(self, *, note: str | None = None) -> dict:
        """Record that no party takes a position in the current sentence."""
        if self.kind != "sentence":
            raise ValueError("use answer(...) for claims, mentions and figures")
        previous = self.current_answer or {}
        note = previous.get("note", "") if note is None else note
        return self._write("none", note=note, positions=[])
