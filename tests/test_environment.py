"""environment.yml (conda, Binder) and pyproject.toml (pip) must list the same pins."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _pins(requirements) -> dict[str, str]:
    pins = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;]+)", requirement.strip())
        assert match, f"not pinned exactly: {requirement!r}"
        pins[match.group(1).lower().replace("_", "-")] = match.group(3)
    return pins


def test_pip_and_conda_list_the_same_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    pip_side = _pins(project["dependencies"] + extras["test"] + extras["scale"])
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    conda_side = _pins([r for r in conda_pip if not r.startswith("-e")])
    assert conda_side == pip_side
    assert "python=3.11" in environment["dependencies"]
    assert "-e ." in conda_pip


def test_design_card_packages_are_present():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set(_pins(project["dependencies"]))
    assert {"jupyterlab", "polars", "matplotlib", "ipywidgets"} <= names


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
