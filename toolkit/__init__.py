"""A Jupyter research and teaching toolkit for Arabic news coverage.

The data's path, one module per stage::

    corpus   load_articles, check_corpus, scan_articles   (files -> articles frame)
    text     normalize, split_sentences, tokenize, token_frequency, kwic
    lexicon  the editable entity, party and cue lists
    entities extract_entities, entity_frequency, evaluate_entities
    figures  extract_figures, compare_figures, evaluate_figures
    stance   classify_stance, party_stance, evaluate_stance
    views    HTML, plots and widgets that only read the frames above
"""

from toolkit.corpus import CorpusError, CorpusWarning, check_corpus, load_articles, scan_articles
from toolkit.entities import entity_cooccurrence, entity_frequency, extract_entities
from toolkit.evaluate import evaluate_entities, load_gold
from toolkit.text import (
    kwic,
    normalize,
    normalize_expr,
    normalize_with_map,
    split_clitics,
    split_sentences,
    stopwords,
    token_frequency,
    tokenize,
)

__version__ = "0.1.0"

__all__ = [
    "CorpusError",
    "CorpusWarning",
    "check_corpus",
    "entity_cooccurrence",
    "entity_frequency",
    "evaluate_entities",
    "extract_entities",
    "kwic",
    "load_articles",
    "load_gold",
    "normalize",
    "normalize_expr",
    "normalize_with_map",
    "scan_articles",
    "split_clitics",
    "split_sentences",
    "stopwords",
    "token_frequency",
    "tokenize",
]
