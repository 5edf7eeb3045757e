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


def test_setup_gives_setuptools_nothing_to_warn_about():
    """`make setup` prints no setuptools notice: the licence is an SPDX string (a table is
    deprecated) and the package directory is named, so the editable install is a plain .pth
    file (setuptools warns about its import-hook strategy otherwise)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(config["project"]["license"], str)
    assert "license-files" not in config["project"] or config["project"]["license-files"]
    assert config["tool"]["setuptools"]["package-dir"] == {"": "."}
    requires = config["build-system"]["requires"]
    assert any(
        re.fullmatch(r"setuptools>=(\d+)", r) and int(r.split(">=")[1]) >= 77 for r in requires
    )


def test_readme_states_how_to_launch_on_binder_without_a_placeholder():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "OWNER/REPO" not in readme
    assert "mybinder.org/v2/gh/" in readme
