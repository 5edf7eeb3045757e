"""The course notebooks: clean commits, lesson structure, headless runs that repeat exactly."""

import ast
import copy
import itertools
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


ROOT = NOTEBOOK_DIR.parent


def _cells(path: Path):
    return nbformat.read(path, as_version=4).cells


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_setup_cell_shows_tables_whole(path):
    setup = next(c for c in _cells(path) if c.cell_type == "code")
    assert "setup_notebook()" in setup.source and "pl.Config(" in setup.source
    assert "tbl_rows=" in setup.source and "fmt_str_lengths=" in setup.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_your_turn_cells_follow_the_demonstrations(path):
    """A "Your turn" hint in a markdown cell, then an empty code cell to write in."""
    cells = _cells(path)
    empty_turns = 0
    for here, after in itertools.pairwise(cells):
        if here.cell_type == "markdown" and here.source.startswith("**Your turn.**"):
            assert after.cell_type == "code", f"{path.name}: a Your turn hint without a cell"
            empty_turns += not after.source.strip()
    assert empty_turns >= 3, f"{path.name}: {empty_turns} empty Your turn cells"


EVALUATED = [p for p in NOTEBOOKS if p.name[:2] in {"02", "03", "04"}]


@pytest.mark.parametrize("path", EVALUATED, ids=[p.name for p in EVALUATED])
def test_evaluations_name_their_set_and_show_the_held_out_score_first(path):
    code = [c.source for c in _cells(path) if c.cell_type == "code"]
    scoring = [s for s in code if re.search(r"evaluat(e_\w+|ion_sets)\(", s)]
    assert scoring, f"{path.name} evaluates nothing"
    assert "evaluation_sets(" in scoring[0], "the first evaluation is not the table of sets"
    for source in scoring:
        named = "evaluation_sets(" in source or "Evaluation set:" in source
        assert named, f"{path.name}: an evaluation cell does not name its set:\n{source}"
    dev = next(i for i, s in enumerate(code) if "seed_gold()" in s)
    held = next(i for i, s in enumerate(code) if "heldout_" in s)
    assert held < dev, f"{path.name}: the development score comes before the held-out one"


def test_accept_lists_are_explained_where_they_change_a_score():
    notebook = ROOT / "notebooks" / "03_stance_by_party.ipynb"
    cells = _cells(notebook)
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    words = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert "strict=True" in code and '["alternatives"]' in code
    assert "accept" in words and "strict=True" in words


@pytest.mark.parametrize("name", ["01", "02", "03", "04", "05"])
def test_cross_article_results_say_when_they_rest_on_practice_data(name):
    path = next(p for p in NOTEBOOKS if p.name.startswith(name))
    code = [c.source for c in _cells(path) if c.cell_type == "code"]
    assert sum("flag_practice(" in s for s in code) >= 1, path.name


def test_the_contents_reach_every_notebook():
    start = "\n".join(c.source for c in _cells(NOTEBOOKS[0]) if c.cell_type == "markdown")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS[1:]:
        assert f"]({path.name})" in start, f"00 does not link to {path.name}"
        assert f"`{path.stem}`" in readme, f"the README's course table lacks {path.stem}"
    for before, after in itertools.pairwise(NOTEBOOKS):
        text = "\n".join(c.source for c in _cells(before) if c.cell_type == "markdown")
        assert f"]({after.name})" in text, f"{before.name} has no link to {after.name}"


def _questions(path: Path) -> list[str]:
    """The bullets under a notebook's "Check your understanding" heading."""
    text = "\n".join(c.source for c in _cells(path) if c.cell_type == "markdown")
    section = text.split("## Check your understanding", 1)[1].split("\n[", 1)[0]
    bullets = re.split(r"\n- ", "\n" + section.strip())
    return [" ".join(b.split()) for b in bullets if b.strip()]


def test_teachers_guide_has_a_plan_per_notebook_and_answers_every_question():
    guide = (ROOT / "notebooks" / "TEACHERS.md").read_text(encoding="utf-8")
    flat = " ".join(guide.split())
    for path in NOTEBOOKS:
        assert f"## {path.stem}" in guide, f"no section for {path.stem}"
        section = guide.split(f"## {path.stem}", 1)[1].split("\n## ", 1)[0]
        for needle in ("Timing", "Prerequisites", "Stress", "Common mistakes", "Answers"):
            assert needle in section, f"{path.stem}: no {needle}"
        questions = _questions(path)
        assert questions, path.name
        for question in questions:
            assert question in flat, f"{path.stem}: unanswered: {question}"
            answer = flat.split(question, 1)[1].split("**Q.**", 1)[0]
            assert len(answer.split()) >= 8, f"{path.stem}: a one-word answer to {question}"
