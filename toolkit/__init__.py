"""A Jupyter research and teaching toolkit for Arabic news coverage.

The data's path, one module per stage::

    corpus   load_articles, check_corpus, scan_articles   (files -> articles frame)
    text     normalize, split_sentences, tokenize, token_frequency, kwic
    lexicon  the editable entity, party and cue lists
    entities extract_entities, entity_frequency, evaluate_entities
    figures  extract_figures, compare_figures, evaluate_figures
    stance   classify_stance, party_stance, evaluate_stance
    validate sample_for_review, agreement, review_accuracy   (check the readings by hand)
    views    HTML, plots and widgets that only read the frames above
"""

from toolkit.arabic import (
    kwic,
    normalize,
    normalize_expr,
    normalize_with_map,
    split_sentences,
    token_frequency,
)
from toolkit.corpus import CorpusError, CorpusWarning, check_corpus, load_articles, scan_articles
from toolkit.entities import entity_cooccurrence, entity_frequency, extract_entities
from toolkit.evaluate import evaluate_entities, evaluate_figures, evaluate_phrases, load_gold
from toolkit.figures import compare_figures, extract_figures, figure_intervals, parse_number
from toolkit.lexicons import (
    LexiconError,
    Lexicons,
    clear_caches,
    load_speakers,
    load_stance_cues,
    stopwords,
)
from toolkit.stance import (
    classify_stance,
    evaluate_stance,
    explain_stance,
    party_stance,
)
from toolkit.text import split_clitics, tokenize
from toolkit.validate import agreement, review_accuracy, sample_for_review

__version__ = "0.1.0"

__all__ = [
    "CorpusError",
    "CorpusWarning",
    "LexiconError",
    "Lexicons",
    "agreement",
    "check_corpus",
    "classify_stance",
    "clear_caches",
    "compare_figures",
    "entity_cooccurrence",
    "entity_frequency",
    "evaluate_entities",
    "evaluate_figures",
    "evaluate_phrases",
    "evaluate_stance",
    "explain_stance",
    "extract_entities",
    "extract_figures",
    "figure_intervals",
    "kwic",
    "load_articles",
    "load_gold",
    "load_speakers",
    "load_stance_cues",
    "normalize",
    "normalize_expr",
    "normalize_with_map",
    "parse_number",
    "party_stance",
    "review_accuracy",
    "sample_for_review",
    "scan_articles",
    "split_clitics",
    "split_sentences",
    "stopwords",
    "token_frequency",
    "tokenize",
]
