"""``python -m toolkit course`` and ``make run``: argument parsing, odd paths, a missing corpus."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from toolkit.__main__ import build_parser, main

ROOT = Path(__file__).resolve().parents[1]

ODD = ["مقالات الأخبار", "-dash dir", "--looks-like-an-option", "a b/ج د"]


@pytest.mark.parametrize("name", ODD)
def test_course_argument_parsing_and_a_missing_corpus(tmp_path, monkeypatch, name, capsys):
    from toolkit.course import run_course

    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["course", f"--corpus={name}", "--out", "بناء 1"])
    assert args.command == "course" and args.corpus == name and args.out == "بناء 1"
    with pytest.raises(FileNotFoundError, match=re.escape(f"CORPUS={name}: no such file")):
        run_course(corpus=name, out=tmp_path / "out")
    assert main(["course", f"--corpus={name}", "--out", "o"]) == 2
    assert f"CORPUS={name}: no such file or folder" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (tmp_path / "o").exists()


def test_course_hands_the_notebooks_an_absolute_corpus_path(tmp_path, monkeypatch):
    from toolkit.course import run_course

    monkeypatch.chdir(tmp_path)
    name = "-مقالات الأخبار/ج د"
    Path(name).mkdir(parents=True)
    seen = {}

    def execute(source, target, parameters, cwd, **_):
        seen.update(parameters=parameters, cwd=cwd)
        Path(target).write_text(Path(source).read_text(encoding="utf-8"), encoding="utf-8")

    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", execute)
    notebook = tmp_path / "دفتر 00.ipynb"
    notebook.write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        encoding="utf-8",
    )
    summary = run_course(corpus=name, out=tmp_path / "مخرجات", notebooks=[notebook])
    assert summary[0]["name"] == notebook.name
    # the notebook runs in its own folder, so the corpus is handed over as an absolute path
    assert seen["parameters"] == {"CORPUS": str((tmp_path / name).resolve())}
    assert (tmp_path / "مخرجات" / "html" / "دفتر 00.html").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("name", ODD)
def test_make_run_passes_the_corpus_as_one_argument(name):
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", f"CORPUS={name}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if " -m toolkit course" in x)
    command = shlex.split(line)
    args = build_parser().parse_args(command[command.index("toolkit") + 1 :])
    assert args.command == "course" and args.corpus == name
