"""A Jupyter research and teaching toolkit for Arabic news coverage.

The data's path, one package per stage (imports run one way, down this list)::

    arabic    normalize, split_sentences, token_frequency, kwic   (no other toolkit import)
    lexicons  the editable CSV files, validated; Lexicons, clear_caches
    text      tokenize, split_clitics                             (arabic + the lexicons)
    corpus    load_articles, check_corpus, scan_articles          (files -> articles frame)
    entities  extract_entities, entity_frequency, entity_cooccurrence
    figures   extract_figures, compare_figures, figure_intervals, parse_number
    stance    classify_stance, party_stance, explain_stance
    framing   extract_framing, framing_frequency, distinctive_words
    evaluate  load_gold, evaluate_entities, evaluate_figures, evaluate_phrases, evaluate_stance
    validate  sample_for_review, agreement, review_accuracy   (check readings by hand)
    pipeline  analyze, analyze_path, read_results                 (python -m toolkit analyze)
    views     HTML, plots and widgets that only read the frames above
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
from toolkit.evaluate import (
    evaluate_entities,
    evaluate_figures,
    evaluate_phrases,
    evaluate_stance,
    load_gold,
)
from toolkit.figures import compare_figures, extract_figures, figure_intervals, parse_number
from toolkit.framing import distinctive_words, extract_framing, framing_frequency
from toolkit.lexicons import (
    LexiconError,
    Lexicons,
    clear_caches,
    load_speakers,
    load_stance_cues,
    stopwords,
)
from toolkit.stance import classify_stance, explain_stance, party_stance
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
    "distinctive_words",
    "entity_cooccurrence",
    "entity_frequency",
    "evaluate_entities",
    "evaluate_figures",
    "evaluate_phrases",
    "evaluate_stance",
    "explain_stance",
    "extract_entities",
    "extract_figures",
    "extract_framing",
    "figure_intervals",
    "framing_frequency",
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
