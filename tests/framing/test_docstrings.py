"""The examples in the framing modules' docstrings run and print what they say."""

import doctest
import importlib

import pytest

MODULES = [
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
def test_docstring_examples(name):
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags)
    assert result.failed == 0
    assert result.attempted > 0
