"""toolkit.validate sits between the analyses and the views: it imports only the stages below
it, and only the views, the pipeline and the top-level package import it."""

import ast
from pathlib import Path

TOOLKIT = Path(__file__).resolve().parents[2] / "toolkit"
ALLOWED_BELOW = ("toolkit.arabic", "toolkit.outputs", "toolkit.lexicons", "toolkit.evaluate", "toolkit.stance",
                 "toolkit.entities", "toolkit.figures", "toolkit.validate")  # fmt: skip
MAY_IMPORT_VALIDATE = ("views", "pipeline", "pipeline.py", "__init__.py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("toolkit")}


def test_validate_imports_only_the_stages_below_it():
    for path in sorted((TOOLKIT / "validate").glob("*.py")):
        for name in _imports(path):
            assert name.startswith(ALLOWED_BELOW), f"{path.name} imports {name}"


def test_only_views_pipeline_and_the_package_import_validate():
    for path in sorted(TOOLKIT.rglob("*.py")):
        relative = path.relative_to(TOOLKIT)
        if relative.parts[0] == "validate":
            continue
        if any(name.startswith("toolkit.validate") for name in _imports(path)):
            assert relative.parts[0] in MAY_IMPORT_VALIDATE, f"{relative} imports toolkit.validate"
