"""The course notebooks: clean commits, lesson structure, headless runs that repeat exactly."""

import ast
import copy
import json
import re
from pathlib import Path

import nbformat
import papermill
import pytest

from toolkit.course import NOTEBOOK_DIR, course_notebooks, kernel_config, run_course

NOTEBOOKS = course_notebooks()
NAMES = [n.name for n in NOTEBOOKS]


def test_the_course_exists():
    assert NOTEBOOKS, "no notebooks found"
    assert "01_load_and_tokenize.ipynb" in NAMES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} has outputs"
            assert cell.get("execution_count") is None, f"{path.name} has execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_reads_as_a_lesson(path):
    notebook = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    for needle in ("Learning goals", "Prerequisites", "Estimated time", "Exercises"):
        assert needle in markdown, f"{path.name} lacks '{needle}'"
    assert "Check your understanding" in markdown
    assert "00_start_here.ipynb" in markdown  # navigation to the contents
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert "setup_notebook()" in code[0].source
    assert any("parameters" in c.metadata.get("tags", []) for c in code) or path.name.startswith(
        "00_"
    )
    for cell in code:
        assert len(cell.source.splitlines()) <= 15, f"a cell of {path.name} is too long"


_MODEL_ID = re.compile(r'"model_id": "[0-9a-f]+"')


def _outputs(notebook) -> list:
    """The outputs of every code cell with widget model ids masked."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = copy.deepcopy(cell.outputs)
        text = json.dumps(outputs, sort_keys=True)
        cells.append(_MODEL_ID.sub('"model_id": "X"', text))
    return cells


def _execute(path: Path, out: Path):
    """Execute a notebook the way `make run` does (papermill), with a per-cell time limit."""
    papermill.execute_notebook(
        str(path),
        str(out),
        kernel_name="python3",
        cwd=str(NOTEBOOK_DIR),
        progress_bar=False,
        execution_timeout=300,
        start_timeout=120,
        config=kernel_config(),
    )
    return nbformat.read(out, as_version=4)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_executes_and_reruns_identically(path, tmp_path):
    first = _execute(path, tmp_path / "first.ipynb")
    for cell in first.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name}: {output.get('evalue')}"
            if output.output_type == "stream":
                assert output.name != "stderr" or "Warning" in output.text, output.text
    second = _execute(path, tmp_path / "second.ipynb")
    assert _outputs(first) == _outputs(second)


@pytest.mark.slow
def test_make_run_on_a_users_corpus(tmp_path):
    corpus = tmp_path / "my corpus — عربي"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "قال مسؤول أمريكي إن نحو 3000 جندي أمريكي سيبقون في العراق.\nورفض البرلمان العراقي ذلك.",
        encoding="utf-8",
    )
    (corpus / "b.jsonl").write_text(
        json.dumps(
            {"article_id": "b1", "text": "دعا التيار الصدري إلى انسحاب القوات الأمريكية.",
             "source": "مصدر", "published": "2021-05-01"},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )  # fmt: skip
    summary = run_course(corpus=corpus, out=tmp_path / "build")
    assert [s["name"] for s in summary] == NAMES
    for name in NAMES:
        executed = nbformat.read(tmp_path / "build" / "notebooks" / name, as_version=4)
        parameters = [
            c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])
        ]
        assert parameters, f"{name}: papermill injected no parameters"
        value = parameters[0].source.split("CORPUS = ", 1)[1].strip()
        assert ast.literal_eval(value) == str(corpus)
        outputs = json.dumps([c.get("outputs", []) for c in executed.cells])
        assert '"evalue"' not in outputs
        assert (tmp_path / "build" / "html" / name.replace(".ipynb", ".html")).exists()
