"""The examples in the toolkit's docstrings run and print what they say (every module of the
package; a stale example fails here, not in a reader's notebook)."""

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import toolkit

ROOT = Path(toolkit.__file__).resolve().parents[1]
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(toolkit.__path__, prefix="toolkit.")
    if not info.name.endswith("__main__")
)
#: Modules that must have examples (the framing lesson's, the outputs' and the corpus files').
WITH_EXAMPLES = [
    "toolkit.outputs.spreadsheet",
    "toolkit.outputs.staging",
    "toolkit.pipeline.results",
    "toolkit.corpus.files",
    "toolkit.lexicons.framing",
    "toolkit.framing.terms",
    "toolkit.framing.reference",
    "toolkit.framing.extract",
    "toolkit.framing.frequency",
    "toolkit.framing.distinctive",
    "toolkit.framing.speakers",
    "toolkit.views.framing",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(ROOT)  # examples name shipped files by their path in the repository
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags)
    assert result.failed == 0
    if name in WITH_EXAMPLES:
        assert result.attempted > 0


def test_the_modules_are_found():
    assert set(WITH_EXAMPLES) <= set(MODULES)
    assert "toolkit.entities.repeats" in MODULES
