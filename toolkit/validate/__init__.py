"""Validate before you conclude: annotate a sample, measure agreement and accuracy.

A rule-based reader is wrong on some of every corpus. Before its counts become findings, check
it the way computational social science does:

1. **sample** — draw a reproducible random sample of the system's readings (claims, mentions,
   figures), stratified if you like, and of whole sentences for recall
   (:mod:`~toolkit.validate.sampling`: :func:`sample_for_review`, :func:`sample_sentences`);
2. **annotate** — one item at a time in the widget of :mod:`toolkit.views.validate`, every
   answer written to disk at once (:mod:`~toolkit.validate.store`,
   :mod:`~toolkit.validate.session`);
3. **agree** — two or more annotators on the same items: Krippendorff's alpha and Cohen's
   kappa (:mod:`~toolkit.validate.agreement`: :func:`agreement`);
4. **measure** — precision per label and party, recall from the sentences, with Wilson
   intervals, weighted for a stratified sample, and what that means for the ``party_stance``
   table (:mod:`~toolkit.validate.accuracy`: :func:`review_accuracy`);
5. **reuse** — the reviewed items as gold annotations, so every ``evaluate_*`` runs on your
   own sample (:mod:`~toolkit.validate.gold`: :func:`to_gold`, :func:`reviewed_only`).
"""

from toolkit.validate.accuracy import review_accuracy, weighted_share
from toolkit.validate.agreement import agreement, cohen_kappa, position_labels
from toolkit.validate.gold import reviewed_only, to_gold, write_gold
from toolkit.validate.sampling import (
    SAMPLE_SCHEMA,
    item_keys,
    read_sample,
    refresh_sample,
    sample_for_review,
    sample_kind,
    sample_sentences,
    sentence_hash,
    write_sample_csv,
)
from toolkit.validate.session import LABELS, ReviewSession
from toolkit.validate.store import (
    ANSWER_SCHEMA,
    AnnotationStore,
    annotation_folder,
    annotator_path,
    check_answers,
    read_answers,
)

__all__ = [
    "ANSWER_SCHEMA",
    "LABELS",
    "SAMPLE_SCHEMA",
    "AnnotationStore",
    "ReviewSession",
    "agreement",
    "annotation_folder",
    "annotator_path",
    "check_answers",
    "cohen_kappa",
    "item_keys",
    "position_labels",
    "read_answers",
    "read_sample",
    "refresh_sample",
    "review_accuracy",
    "reviewed_only",
    "sample_for_review",
    "sample_kind",
    "sample_sentences",
    "sentence_hash",
    "to_gold",
    "weighted_share",
    "write_gold",
    "write_sample_csv",
]
