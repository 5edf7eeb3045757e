"""Every example in the docstrings of toolkit.validate and its widget runs."""

import doctest
import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MODULES = [
    "toolkit.validate.sampling",
    "toolkit.validate.store",
    "toolkit.validate.session",
    "toolkit.validate.agreement",
    "toolkit.validate.accuracy",
    "toolkit.validate.gold",
    "toolkit.views.validate",
    "toolkit.evaluate.scores",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("ANNOTATIONS", str(tmp_path))
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
