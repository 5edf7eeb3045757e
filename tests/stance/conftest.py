"""Helpers of the stance tests: the claims of a short text, and its reading as a dict."""

import polars as pl
import pytest

from toolkit.stance import classify_stance


def _claims_of(*sentences: str, **options) -> pl.DataFrame:
    text = "\n".join(sentences)
    return classify_stance(pl.DataFrame({"article_id": ["t"], "text": [text]}), **options)


def _reading(*sentences: str, **options) -> dict[tuple[int, str], str]:
    claims = _claims_of(*sentences, **options)
    return {(s, p): st for s, p, st in claims.select("sentence_id", "party", "stance").rows()}


@pytest.fixture
def claims_of():
    """The claims of sentences (one per line) read as one article ``t``."""
    return _claims_of


@pytest.fixture
def reading():
    """``{(sentence_id, party): stance}`` of sentences read as one article."""
    return _reading
