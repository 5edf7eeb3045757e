"""The house: one package per stage, imports one way, modules that fit in one head.

The layers of the data's path, lowest first; a module may import only from its own layer or
below (``toolkit/__init__.py``, ``__main__`` and ``course`` sit on top).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

TOOLKIT = Path(__file__).resolve().parents[1] / "toolkit"
LAYERS = [
    {"arabic", "outputs"},
    {"lexicons"},
    {"text", "corpus", "workers"},
    {"entities"},
    {"figures", "stance", "framing"},
    {"evaluate"},
    {"datasets", "validate"},
    {"pipeline", "views"},
    {"course", "__main__", "__init__"},
]
LAYER = {name: level for level, names in enumerate(LAYERS) for name in names}
MODULES = sorted(TOOLKIT.rglob("*.py"))


def _unit(path: Path) -> str:
    """The package (or top-level module) a file belongs to."""
    parts = path.relative_to(TOOLKIT).parts
    return parts[0] if len(parts) > 1 else path.stem


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("toolkit"):
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.startswith("toolkit")]
    return found


def _target(module: str, names: list[str]) -> list[str]:
    parts = module.split(".")
    if len(parts) > 1:
        return [parts[1]]
    return names  # from toolkit import x


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TOOLKIT)))
def test_imports_run_one_way(path):
    unit = _unit(path)
    assert unit in LAYER, f"{unit} has no layer in tests/test_house.py"
    for module, names in _imports(path):
        for target in _target(module, names):
            if target in LAYER and target != unit:
                assert LAYER[target] <= LAYER[unit], f"{unit} imports {target} (a later stage)"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TOOLKIT)))
def test_no_private_name_crosses_a_package(path):
    unit = _unit(path)
    for module, names in _imports(path):
        for target in _target(module, names):
            if target != unit:
                private = [n for n in names if n.startswith("_")]
                assert not private, f"{unit} imports private {private} from {module}"


def test_the_arabic_layer_imports_no_other_toolkit_module():
    for path in (TOOLKIT / "arabic").rglob("*.py"):
        targets = {t for m, n in _imports(path) for t in _target(m, n)}
        assert targets <= {"arabic"}, (path.name, targets)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TOOLKIT)))
def test_modules_fit_in_one_head(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 650, f"{path.name}: {lines} lines"


ARABIC = re.compile(r"[\u0621-\u064A]")


STAGES = [p for p in MODULES if _unit(p) != "views"]  # views show Arabic interface labels


@pytest.mark.parametrize("path", STAGES, ids=lambda p: str(p.relative_to(TOOLKIT)))
def test_no_word_lists_in_code(path):
    """Language knowledge lives in toolkit/lexicons/*.csv: a module holds at most a handful
    of short Arabic strings (structural letters, punctuation, a sample sentence), docstrings
    aside; the views' interface labels are not language knowledge and are not counted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    words = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and ARABIC.search(node.value)
    ]
    lists = [
        w
        for w in words
        if len(w.split()) > 3
        and not w.rstrip().endswith((".", "؟", "!"))  # a sample sentence
        and not re.search("[A-Za-z]", w)  # a bilingual interface label: "wrong party · طرف آخر"
    ]
    assert len(words) <= 40 and not lists, (len(words), lists[:5])
