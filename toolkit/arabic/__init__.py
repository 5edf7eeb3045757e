"""The Arabic layer: characters, normalization with offsets, sentences, tokens, clitics,
frequencies and keyword in context.

Every function takes what it needs as arguments (stopwords, the clitic splitter's words) and
this package imports no other toolkit module, so any stage can build on it. Offsets are
always character offsets into the text exactly as given: ``text[start:end]`` is the surface.
"""

from toolkit.arabic.clitics import CliticSplitter
from toolkit.arabic.frequency import token_frequency, with_groups
from toolkit.arabic.kwic import Concordance, kwic
from toolkit.arabic.normalize import (
    NORMALIZE_OPTIONS,
    normalization_map,
    normalize,
    normalize_expr,
    normalize_with_map,
)
from toolkit.arabic.sentences import sentence_spans, split_sentences
from toolkit.arabic.tokens import TOKEN_KINDS, token_spans, tokenize

__all__ = [
    "NORMALIZE_OPTIONS",
    "TOKEN_KINDS",
    "CliticSplitter",
    "Concordance",
    "kwic",
    "normalization_map",
    "normalize",
    "normalize_expr",
    "normalize_with_map",
    "sentence_spans",
    "split_sentences",
    "token_frequency",
    "token_spans",
    "tokenize",
    "with_groups",
]
