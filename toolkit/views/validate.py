"""The annotation widget: review a sample one item at a time, every answer saved at once.

:func:`annotate` shows one item: its sentence right to left (``dir="rtl" lang="ar"``) with the
cue, speaker or span highlighted — every piece of article text escaped — what the system read,
a button per answer, the right party (for *wrong party*), a note, back / next, a progress bar
and the annotator's name. A click calls :class:`toolkit.validate.ReviewSession`, which appends
the answer to the annotator's JSON-lines file before anything else happens; the widget only
shows the session's state. For whole sentences (recall) the buttons record each party's
position in the sentence instead.
"""

from __future__ import annotations

import os
from html import escape

import ipywidgets as widgets
import polars as pl

from toolkit.evaluate.scores import wilson_interval
from toolkit.lexicons import STANCES, load_parties
from toolkit.validate.session import LABEL_TEXT, LABELS, NEEDS_PARTY, ReviewSession
from toolkit.views.html import LABEL_COLORS, highlight, rtl_block
from toolkit.views.widgets import LiveView, Snapshot, controls_html, live, snapshot_html

__all__ = [
    "AnnotationWidget",
    "annotate",
    "interval_explorer",
    "interval_html",
    "item_html",
    "paragraph_html",
]

_STATUS = {
    "todo": ("#555555", "not answered yet · لم يُجب بعد"),
    "done": ("#1b7f3b", "answered · تمت الإجابة"),
    "changed": ("#b00020", "the sentence changed since it was answered: answer again · تغيّر النص"),
}


_NO_PARTY = ""  # the first option: no party chosen (a None value would show a blank box)


def _party_options() -> list[tuple[str, str]]:
    parties = load_parties()
    rows = parties.select("party_id", "name_ar", "name_en").iter_rows()
    return [("— choose a party —", _NO_PARTY)] + [(f"{ar} · {en}", pid) for pid, ar, en in rows]


def _spans(item: dict) -> list[dict]:
    """The spans to mark, as offsets into the sentence."""
    start, end = item["sentence_start"], item["sentence_end"]
    spans = []
    kind = {"stance": "cue", "entity": item.get("reading"), "figure": "figure"}.get(item["kind"])
    if item.get("span_start") is not None and start <= item["span_start"] < end:
        spans.append({"start": item["span_start"] - start, "end": item["span_end"] - start,
                      "kind": kind or "cue", "title": item.get("reading") or ""})  # fmt: skip
    speaker = item.get("speaker_start")
    if speaker is not None and start <= speaker and item["speaker_end"] <= end:
        spans.append({"start": speaker - start, "end": item["speaker_end"] - start,
                      "kind": "speaker", "title": "speaker"})  # fmt: skip
    for mention in item.get("mentions") or []:
        if start <= mention["start"] and mention["end"] <= end:
            spans.append({"start": mention["start"] - start, "end": mention["end"] - start,
                          "kind": mention["label"], "title": mention["party"] or mention["label"]})  # fmt: skip
    return spans


def item_html(item: dict, *, names: dict[str, str] | None = None, show_reading: bool = True) -> str:
    """One item as HTML: where it is from, what the system read, the sentence right to left.

    With ``show_reading=False`` the system's label is not shown (blind coding: only the party
    and, for mentions and figures, the span), so the annotator is not anchored by it.

    Examples
    --------
    >>> item = {"kind": "stance", "item": "stance:a:1:iran", "article_id": "a",
    ...         "sentence_id": 1, "sentence_start": 0, "sentence_end": 12,
    ...         "sentence": "<b>رفض</b> الوجود", "span_start": 3, "span_end": 6,
    ...         "party": "iran", "reading": "oppose", "detail": "speaker:cue"}
    >>> html = item_html(item)
    >>> '&lt;b&gt;<mark class="tk-cue"' in html, 'dir="rtl" lang="ar"' in html
    (True, True)
    """
    names = names or {}
    party = item.get("party")
    reading = item.get("reading")
    if item["kind"] == "sentence":
        said, lead = "record every party's position in this sentence", ""
    elif not show_reading:
        what = names.get(party, party) if item["kind"] == "stance" else item.get("span_text")
        said, lead = f"{what} → ?", "judge: "
    elif item["kind"] == "stance":
        said, lead = f"{names.get(party, party)} → {reading}", "the system read: "
    else:
        said = f"{item.get('span_text')} → {reading} ({names.get(party, party or '—')})"
        lead = "the system read: "
    detail = item.get("detail") if show_reading else None
    code = f" · <code>{escape(str(detail))}</code>" if detail else ""
    meta = (
        f'<div dir="ltr" style="color: #555; font-size: 90%">{escape(str(item["article_id"]))} · '
        f"sentence {item['sentence_id']} · <code>{escape(item['item'])}</code></div>"
        f'<div dir="ltr">{lead}<b>{escape(str(said))}</b>{code}</div>'
    )
    spans = _spans(item)
    if not show_reading and item["kind"] == "stance":  # the cue would hint at the label
        spans = [span for span in spans if span["kind"] == "speaker"]
    sentence = highlight(item["sentence"], spans, colors=LABEL_COLORS)
    body = rtl_block(sentence, style="font-size: 130%; padding: 6px 0")
    return f'<div class="tk-annotation-item">{meta}{body}</div>'


class AnnotationWidget(Snapshot, widgets.VBox):
    """The widget of :func:`annotate`; ``session`` holds the state, the controls show it.
    Displayed, it also carries a static snapshot of the item shown (:meth:`snapshot_html`).

    Attributes
    ----------
    session : toolkit.validate.ReviewSession
    buttons : dict of answer -> ipywidgets.Button
        One per answer (for sentences: one per stance, plus ``none``).
    party, note, annotator : ipywidgets widgets
        The right party (or, for sentences, the party), the note, the annotator's name.
    back, next : ipywidgets.Button
    item, status : ipywidgets.HTML
        The item shown and what has been saved.
    """

    def __init__(self, session: ReviewSession, *, title: str = "", show_reading: bool = True):
        self.session = session
        self.show_reading = show_reading
        self.names = {pid: ar for pid, ar, _ in
                      load_parties().select("party_id", "name_ar", "name_en").iter_rows()}  # fmt: skip
        layout = widgets.Layout(width="auto")
        self.annotator = widgets.Text(value=session.annotator, description="annotator",
                                      continuous_update=False)  # fmt: skip
        self.progress = widgets.IntProgress(min=0, max=max(len(session.items), 1),
                                            description="done")  # fmt: skip
        self.counter = widgets.HTML()
        self.counter.add_class("tk-annotation-counter")
        self.item = widgets.HTML()
        self.item.add_class("tk-annotation-sentence")
        self.status = widgets.HTML()
        self.status.add_class("tk-annotation-status")
        sentence = session.kind == "sentence"
        answers = (*STANCES, "none") if sentence else LABELS[session.kind]
        self.buttons = {}
        for answer in answers:
            text = LABEL_TEXT[answer]
            if sentence and answer != "none":
                text = f"+ {text}"
            button = widgets.Button(description=text, layout=layout, tooltip=answer)
            button.add_class(f"tk-answer-{answer}")
            button.on_click(lambda _b, answer=answer: self._clicked(answer))
            self.buttons[answer] = button
        self.party = widgets.Dropdown(options=_party_options(), value=_NO_PARTY,
                                      description="party" if sentence else "right party")  # fmt: skip
        self.remove = widgets.Button(description="remove this party's position", layout=layout)
        self.remove.on_click(lambda _b: self._remove())
        self.note = widgets.Textarea(placeholder="note (optional) · ملاحظة", rows=2,
                                     continuous_update=False, layout=widgets.Layout(width="60%"))  # fmt: skip
        self.note.observe(self._note_changed, names="value")
        self.back = widgets.Button(description="◀ back", layout=layout)
        self.next = widgets.Button(description="next ▶", layout=layout)
        self.back.on_click(lambda _b: self._move(-1))
        self.next.on_click(lambda _b: self._move(+1))
        self.annotator.observe(self._annotator_changed, names="value")
        header = widgets.HTML(f"<b>{escape(title)}</b>") if title else widgets.HTML()
        wrap = widgets.Layout(flex_flow="row wrap")
        rows = [
            header,
            widgets.HBox([self.annotator, self.progress, self.counter], layout=wrap),
            self.item,
            widgets.HBox(list(self.buttons.values()), layout=wrap),
            widgets.HBox([self.party] + ([self.remove] if sentence else []), layout=wrap),
            self.note,
            widgets.HBox([self.back, self.next], layout=wrap),
            self.status,
        ]
        super().__init__(rows)
        self.add_class("tk-annotation")
        self._message = ""
        self._quiet = False
        self.refresh()

    # -- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the session's current item, its answer and the progress."""
        session = self.session
        done, total = session.progress()
        self.progress.value = done
        self.counter.value = f"{done} / {total} · item {session.position + 1 if total else 0}"
        if not total:
            self.item.value = "<p>The sample is empty: nothing to review.</p>"
            self.status.value = ""
            return
        self.item.value = item_html(
            session.current, names=self.names, show_reading=self.show_reading
        )
        answer = session.current_answer
        state = session.status()
        color, text = _STATUS[state]
        lines = [f'<span style="color: {color}">{escape(text)}</span>']
        if answer is not None:
            given = answer["label"]
            if given == "positions":
                given = "; ".join(f"{self.names.get(p['party'], p['party'])} → {p['stance']}"
                                  for p in answer["positions"])  # fmt: skip
            elif answer.get("party"):
                given += f" → {self.names.get(answer['party'], answer['party'])}"
            lines.append(f"your answer: <b>{escape(given)}</b> ({escape(answer['time'])} UTC)")
        lines.append(f'<span style="color: #555">saved to {escape(str(session.store.path))}</span>')
        if self._message:
            lines.append(f'<span style="color: #b00020">{escape(self._message)}</span>')
        self.status.value = "<br>".join(lines)
        for name, button in self.buttons.items():
            chosen = answer is not None and (
                answer["label"] == name
                or any(p["stance"] == name for p in answer.get("positions") or [])
            )
            button.button_style = "info" if chosen else ""
        self._quiet = True
        self.note.value = (answer or {}).get("note", "")
        if answer is not None and answer.get("party") and session.kind != "sentence":
            self.party.value = answer["party"]
        self._quiet = False
        self.back.disabled = session.position == 0
        self.next.disabled = session.position >= total - 1

    def snapshot_html(self) -> str:
        """The item shown now and the answers offered, as static HTML (for exports: answers
        are given in the live widget only, and where they are saved is left out)."""
        controls = [self.annotator, self.progress, *self.buttons.values()]
        header = self.children[0].value
        return snapshot_html(
            header + self.item.value,
            controls=controls_html(controls),
        )

    # -- events --------------------------------------------------------------------------------
    def _clicked(self, answer: str) -> None:
        self._message = ""
        try:
            if self.session.kind == "sentence":
                if answer == "none":
                    self.session.no_position(note=self.note.value)
                else:
                    self.session.add_position(
                        self.party.value or None, answer, note=self.note.value
                    )
            else:
                party = (self.party.value or None) if answer in NEEDS_PARTY else None
                self.session.answer(answer, note=self.note.value, party=party)
                self.party.value = _NO_PARTY
        except ValueError as error:
            self._message = str(error)
        self.refresh()

    def _remove(self) -> None:
        self._message = ""
        if not self.party.value:
            self._message = "choose the party whose position to remove"
        else:
            self.session.remove_position(self.party.value)
        self.refresh()

    def _move(self, step: int) -> None:
        self._message = ""
        self.session.go(self.session.position + step)
        self.party.value = _NO_PARTY
        self.refresh()

    def _note_changed(self, change) -> None:
        # before an answer, the note waits in the box and goes with the answer
        if not self._quiet and self.session.set_note(change["new"]) is not None:
            self.refresh()

    def _annotator_changed(self, change) -> None:
        self._message = ""
        try:
            self.session.set_annotator(change["new"])
        except ValueError as error:
            self._message = str(error)
        self.refresh()


def annotate(
    sample: pl.DataFrame,
    *,
    annotator: str,
    folder: str | os.PathLike | None = None,
    title: str | None = None,
    show_reading: bool = True,
) -> AnnotationWidget:
    """The annotation widget for a sample (one kind of item).

    Parameters
    ----------
    sample
        From :func:`toolkit.validate.sample_for_review` or
        :func:`toolkit.validate.sample_sentences`.
    annotator
        The annotator's name (it can be changed in the widget: each name has its own file).
    folder
        Where answers go (see :func:`toolkit.validate.annotation_folder`: by default the
        ``ANNOTATIONS`` environment variable, else a temporary folder).
    title
        Shown above the widget.
    show_reading
        Show what the system read (checking its readings), or hide it (``False``: blind
        coding, for a gold standard that the system's labels have not anchored). Either way
        the reading is stored with each answer.

    Examples
    --------
    >>> import tempfile
    >>> from toolkit.datasets import seed_articles
    >>> from toolkit.stance import classify_stance
    >>> from toolkit.validate import sample_for_review
    >>> sample = sample_for_review(classify_stance(seed_articles()), n=3)
    >>> widget = annotate(sample, annotator="Layla", folder=tempfile.mkdtemp())
    >>> widget.buttons["support"].click()
    >>> widget.session.progress(), widget.session.position
    ((1, 3), 1)
    """
    session = ReviewSession(sample, annotator=annotator, folder=folder)
    what = {"stance": "stance claims", "entity": "entity mentions", "figure": "figures",
            "sentence": "whole sentences"}.get(session.kind, "items")  # fmt: skip
    return AnnotationWidget(
        session, title=title or f"Review {len(session.items)} {what}", show_reading=show_reading
    )


def paragraph_html(text: str) -> str:
    """Plain text (a message of :func:`toolkit.review_accuracy`, a methods paragraph) as one
    escaped HTML paragraph: shown in a notebook in one piece, as :func:`print` is not always.

    Examples
    --------
    >>> paragraph_html("precision < 70%")
    '<p style="max-width: 90ch; line-height: 1.5">precision &lt; 70%</p>'
    """
    return f'<p style="max-width: 90ch; line-height: 1.5">{escape(text)}</p>'


def interval_html(n: int, share: float, *, confidence: float = 0.95) -> str:
    """What a review of ``n`` items with ``share`` right can say: its Wilson interval.

    Examples
    --------
    >>> "49%–94%" in interval_html(10, 0.8)
    True
    """
    right = round(n * share)
    low, high = wilson_interval(right, n, confidence=confidence)
    width = 100 * (high - low) / 2
    bar = (
        '<div style="position: relative; height: 14px; width: 400px; background: #eeeeee">'
        f'<div style="position: absolute; left: {400 * low:.0f}px; width: {400 * (high - low):.0f}px;'
        ' height: 14px; background: #7570b3"></div>'
        f'<div style="position: absolute; left: {400 * right / n - 1:.0f}px; width: 2px; '
        'height: 14px; background: #000"></div></div>'
    )
    return (
        f"<p>{right} of {n} items right ({100 * right / n:.0f}%): the {100 * confidence:.0f}% "
        f"Wilson interval is <b>{100 * low:.0f}%–{100 * high:.0f}%</b>, "
        f"about ±{width:.0f} points.</p>{bar}<p style='color: #555'>0% … 100%</p>"
    )


def interval_explorer(*, n: int = 30, share: float = 0.8) -> LiveView:
    """Sliders for the sample size and the share right; the interval they give.

    Examples
    --------
    >>> view = interval_explorer()
    >>> view.controls["n"].value = 120
    >>> "±7 points" in view.result
    True
    """
    return live(
        lambda n, share: interval_html(n, share),
        n=widgets.IntSlider(value=n, min=5, max=400, step=5, description="items"),
        share=widgets.FloatSlider(value=share, min=0.0, max=1.0, step=0.05,
                                  description="share right"),
    )  # fmt: skip
