"""The examples in the docstrings of the output and corpus-file modules run as written."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "toolkit.outputs.spreadsheet",
    "toolkit.outputs.staging",
    "toolkit.pipeline.results",
    "toolkit.corpus.files",
]


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_run(name, monkeypatch):
    monkeypatch.chdir(ROOT)  # the examples name data/ relative to the repository
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, name
