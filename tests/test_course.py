"""``python -m toolkit course`` and ``make run``: argument parsing, odd paths, the corpus checked
before any notebook runs, a failed run that leaves the previous build, and CORPUS/TEXT_COLUMN
through the real ``make run`` recipe, byte for byte."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from toolkit.__main__ import build_parser, main
from toolkit.course import NotebookError, run_course
from toolkit.outputs import FolderLock, OutputError, read_manifest, staging_folders

ROOT = Path(__file__).resolve().parents[1]

ODD = ["مقالات الأخبار", "-dash dir", "--looks-like-an-option", "a b/ج د"]
ARABIC = "قال مسؤول أمريكي إن نحو 3000 جندي أمريكي سيبقون في العراق."


@pytest.mark.parametrize("name", ODD)
def test_course_argument_parsing_and_a_missing_corpus(tmp_path, monkeypatch, name, capsys):
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["course", f"--corpus={name}", "--out", "بناء 1"])
    assert args.command == "course" and args.corpus == name and args.out == "بناء 1"
    with pytest.raises(FileNotFoundError, match=re.escape(f"CORPUS={name}: no such file")):
        run_course(corpus=name, out=tmp_path / "out")
    assert main(["course", f"--corpus={name}", "--out", "o"]) == 2
    assert f"CORPUS={name}: no such file or folder" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (tmp_path / "o").exists()


def _notebook(folder: Path, name: str, *cells: str) -> Path:
    """A small notebook: a parameters cell (CORPUS = None), then ``cells``."""
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("CORPUS = None")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, *(nbformat.v4.new_code_cell(c) for c in cells)]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(notebook, path)
    return path


def test_course_hands_the_notebooks_an_absolute_corpus_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "-مقالات الأخبار/ج د"
    Path(name).mkdir(parents=True)
    (Path(name) / "a.txt").write_text(ARABIC, encoding="utf-8")
    seen = {}

    def execute(source, target, parameters, cwd, **_):
        seen.update(parameters=parameters, cwd=cwd)
        Path(target).write_text(Path(source).read_text(encoding="utf-8"), encoding="utf-8")

    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", execute)
    notebook = _notebook(tmp_path, "دفتر 00.ipynb")
    summary = run_course(corpus=name, out=tmp_path / "مخرجات", notebooks=[notebook])
    assert summary[0]["name"] == notebook.name
    # the notebook runs in its own folder, so the corpus is handed over as an absolute path
    assert seen["parameters"] == {"CORPUS": str((tmp_path / name).resolve())}
    assert (tmp_path / "مخرجات" / "html" / "دفتر 00.html").exists()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".toolkit.lock" not in p.name
    }


def test_a_failed_run_names_the_cell_and_leaves_the_previous_build(tmp_path):
    """Each run is written to a folder of its own and swapped in at the end: a notebook that
    fails names the notebook, the cell and the error, and build/ keeps the last complete run
    (no mix of two corpora); a file the toolkit did not write is never touched."""
    notebooks = tmp_path / "notebooks"
    first = _notebook(notebooks, "00_first.ipynb", "print('run', 1)")
    second = _notebook(notebooks, "01_second.ipynb", "print('second')")
    out = tmp_path / "build"
    (out / "html").mkdir(parents=True)
    (out / "html" / "mine.html").write_text("<p>my notes</p>", encoding="utf-8")
    # what an earlier version of make run left (no run_report.json): replaced, or removed
    (out / "html" / "00_first.html").write_text("<p>old</p>", encoding="utf-8")
    (out / "figures").mkdir()
    (out / "figures" / "03_old_fig01.png").write_bytes(b"\x89PNG")
    assert [s["name"] for s in run_course(out=out, notebooks=[first, second])] == [
        "00_first.ipynb",
        "01_second.ipynb",
    ]
    before = _files(out)
    assert {"notebooks/00_first.ipynb", "html/01_second.html", "run_report.json"} <= set(before)
    assert before["html/00_first.html"] != b"<p>old</p>"
    assert "figures/03_old_fig01.png" not in before
    assert read_manifest(out)["complete"] is True
    # a notebook that fails: the error in a few lines, and nothing of this run in build/
    failing = _notebook(notebooks, "02_fails.ipynb", "x = 1", "raise ValueError('a bad corpus')")
    changed = _notebook(notebooks, "00_first.ipynb", "print('run', 2)")
    with pytest.raises(NotebookError) as error:
        run_course(out=out, notebooks=[changed, failing])
    message = str(error.value)
    assert "02_fails.ipynb" in message and "cell 3" in message
    assert "raise ValueError('a bad corpus')" in message
    assert "ValueError: a bad corpus" in message and len(message.splitlines()) <= 6
    assert _files(out) == before and not staging_folders(out)
    # a complete run replaces the files of the previous one, removes those it does not write
    # again (01_second), and leaves the user's file alone
    run_course(out=out, notebooks=[changed])
    after = _files(out)
    assert b"run', 2" in after["notebooks/00_first.ipynb"].replace(b'\\"', b"'")
    assert "notebooks/01_second.ipynb" not in after and "html/01_second.html" not in after
    assert after["html/mine.html"] == b"<p>my notes</p>"
    # a second run while one goes on stops before any notebook runs
    with FolderLock(out), pytest.raises(OutputError, match="another run is writing"):
        run_course(out=out, notebooks=[changed])
    assert _files(out) == after


def test_a_corpus_with_problems_runs_no_notebook(tmp_path, capsys):
    """A CSV without a text column: the problem (file, reason), a non-zero exit, and no
    notebook run on zero articles. --text-column names the column; skipped files are listed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.csv").write_text(f"title,body\nعنوان,{ARABIC}\n", encoding="utf-8")
    (corpus / "README.md").write_text("# about", encoding="utf-8")
    notebooks = tmp_path / "notebooks"
    _notebook(
        notebooks,
        "00_count.ipynb",
        "from toolkit.datasets import course_articles",
        "articles = course_articles(CORPUS)\nprint('articles:', articles.height)\n"
        "print(articles['text'].to_list())",
    )
    out = tmp_path / "build"
    argv = ["course", f"--corpus={corpus}", "--out", str(out), f"--notebooks={notebooks}"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "no notebook was run" in err and "news.csv: no 'text' column" in err
    assert not out.exists()
    assert main([*argv, "--text-column=body"]) == 0
    printed = capsys.readouterr().out
    assert "Files not read (1):" in printed and "README.md: documentation" in printed
    executed = nbformat.read(out / "notebooks" / "00_count.ipynb", as_version=4)
    shown = json.dumps([c.get("outputs", []) for c in executed.cells], ensure_ascii=False)
    assert "articles: 1" in shown and ARABIC in shown
    report = read_manifest(out)
    assert report["text_column"] == "body" and report["skipped"][0]["path"].endswith("README.md")


# --------------------------------------------------------------------------------------------
# make run: CORPUS and TEXT_COLUMN arrive byte for byte, and nothing in them runs
# --------------------------------------------------------------------------------------------

HOSTILE = [
    "news`touch PWNED1`",
    "$(touch PWNED2)",
    "$(shell touch PWNED3)",
    "x; touch PWNED4",
    "a \"double\" and 'single' quotes",
    "$HOME ${HOME} $$ $@ $(CURDIR)",
    "مقالات الأخبار/ج د",
    "back\\slash \\\\ and # and %",
    "-dash",
]


@pytest.fixture()
def make_copy(tmp_path) -> Path:
    """The real Makefile in a temporary copy whose .venv/bin/python only records what it
    got (so ``make run`` runs its real recipe line, fast)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("Makefile", "pyproject.toml", "environment.yml"):
        shutil.copy(ROOT / name, copy / name)
    python = copy / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        "keys = ('CORPUS', 'TEXT_COLUMN')\n"
        "got = {'argv': sys.argv[1:], 'env': {k: os.environ.get(k) for k in keys}}\n"
        "open('received.json', 'w', encoding='utf-8').write(json.dumps(got))\n",
        encoding="utf-8",
    )
    python.chmod(0o755)
    stamp = copy / ".venv" / ".installed"
    stamp.touch()
    later = os.stat(copy / "pyproject.toml").st_mtime + 100
    os.utime(stamp, (later, later))  # the environment is up to date: no setup runs
    return copy


def _make_run(copy: Path, *assignments: str) -> dict:
    (copy / "received.json").unlink(missing_ok=True)
    subprocess.run(
        ["make", "--no-print-directory", "run", *assignments],
        cwd=copy,
        capture_output=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k not in {"CORPUS", "TEXT_COLUMN"}},
    )
    return json.loads((copy / "received.json").read_text(encoding="utf-8"))


def test_make_run_passes_any_corpus_name_byte_for_byte_and_runs_nothing(make_copy):
    for name in HOSTILE:
        got = _make_run(make_copy, f"CORPUS={name}", f"TEXT_COLUMN={name}")
        assert got["env"] == {"CORPUS": name, "TEXT_COLUMN": name}
        args = build_parser().parse_args(got["argv"][got["argv"].index("toolkit") + 1 :])
        assert args.command == "course" and args.out == "build"
        assert args.corpus == name and args.text_column == name
    found = sorted(p.name for p in make_copy.rglob("*") if "PWNED" in p.name)
    assert found == [] and not list(Path.cwd().glob("PWNED*"))
    # without CORPUS: the shipped data and the text column
    args = build_parser().parse_args(_make_run(make_copy)["argv"][2:])
    assert args.corpus == "" and args.text_column == ""


def test_make_run_reads_the_corpus_from_the_environment_too(make_copy):
    env = {**os.environ, "CORPUS": "env `touch PWNED5` $(shell touch PWNED6)"}
    subprocess.run(["make", "-s", "run"], cwd=make_copy, env=env, check=True)
    got = json.loads((make_copy / "received.json").read_text(encoding="utf-8"))
    assert got["env"]["CORPUS"] == env["CORPUS"]
    assert not [p for p in make_copy.rglob("*") if "PWNED" in p.name]


def test_a_headless_run_is_quiet(tmp_path, capfd):
    """No kernel warning in the terminal: the kernel talks over IPC sockets, not plain TCP, and
    no socket file is left beside the notebooks."""
    notebooks = tmp_path / "notebooks"
    quiet = _notebook(notebooks, "00_quiet.ipynb", "print('hello')")
    run_course(out=tmp_path / "build", notebooks=[quiet])
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err + captured.out
    assert "WARNING" not in captured.err, captured.err
    assert sorted(p.name for p in notebooks.iterdir()) == ["00_quiet.ipynb"]
