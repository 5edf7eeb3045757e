"""Run the course notebooks headless: ``make run`` (and ``make run CORPUS=… TEXT_COLUMN=…``).

The user's corpus is checked first (:func:`check_course_corpus`): a corpus with problems (a
CSV without its text column, say) stops before any notebook runs, with the problems listed.
Then every notebook in ``notebooks/`` is executed in order with papermill, with its ``CORPUS``
parameter set to the user's corpus (or ``None`` for the shipped data). The executed notebooks
go to ``<out>/notebooks/``, an HTML export of each to ``<out>/html/`` and every figure they
show to ``<out>/figures/`` as PNG.

The HTML exports work offline (:func:`export_html`): they load no script, style or font from
the network (nbconvert's lab template would load require.js, MathJax, mermaid and the widget
manager from CDNs), and each interactive view shows the static snapshot it displays beside
its live widget (:class:`toolkit.views.widgets.Snapshot`) instead of an empty ``Out[n]:``.

A run writes into a staging folder of its own and swaps its files in at the end, with the
same helper as ``python -m toolkit analyze --out`` (:class:`toolkit.outputs.StagedOutput`):
a run that fails leaves ``<out>`` with the previous run's notebooks, HTML and figures, never a
mix of two corpora, and a second ``make run`` while one goes on stops with a message. The
files of the previous run that this run does not write again (a figure fewer) are removed;
no file the toolkit did not write is ever changed or deleted (``<out>/run_report.json`` lists
the files of the last run).
"""

from __future__ import annotations

import base64
import os
import re
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "NOTEBOOK_DIR",
    "CourseCorpus",
    "NotebookError",
    "check_course_corpus",
    "course_notebooks",
    "export_html",
    "kernel_config",
    "run_course",
]

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"

#: The files an earlier version of ``make run`` wrote (before ``run_report.json`` listed them).
_LEGACY = (
    r"notebooks/\d\d_[^/]+\.ipynb",
    r"html/\d\d_[^/]+\.html",
    r"figures/\d\d_[^/]+_fig\d\d\.png",
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class NotebookError(RuntimeError):
    """A course notebook failed: which notebook, which cell, and the original error."""

    def __init__(self, notebook: str, cell: int | None, source: str, error: str):
        self.notebook, self.cell, self.error = notebook, cell, error
        lines = [line for line in source.strip().splitlines() if line.strip()][:3]
        where = f"cell {cell}" if cell is not None else "a cell"
        shown = "".join(f"\n    {line}" for line in lines)
        super().__init__(f"the notebook {notebook} failed in {where}:{shown}\n  {error}")


@dataclass
class CourseCorpus:
    """A user's corpus as checked before the course runs.

    ``path`` is the absolute corpus path (``None``: the shipped data); ``articles`` the
    loaded frame; ``problems`` (with ``skip_bad``) and ``skipped`` (files not read by design)
    are :class:`toolkit.corpus.Problem` and :class:`toolkit.corpus.Skipped`.
    """

    path: Path | None = None
    text_column: str = "text"
    articles: object = None
    problems: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def course_notebooks(folder: str | os.PathLike = NOTEBOOK_DIR) -> list[Path]:
    """The course notebooks, in order (``00_…``, ``01_…``, …)."""
    return sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))


def check_course_corpus(
    corpus: str | os.PathLike | None, *, text_column: str = "text", skip_bad: bool = False
) -> CourseCorpus:
    """Check a user's corpus before any notebook runs.

    Raises ``FileNotFoundError`` when it does not exist, and :class:`toolkit.CorpusError`
    (every problem: file, line, reason) when it has problems, unless ``skip_bad`` (then the
    problems are kept in the result), or when it has no article at all.

    Examples
    --------
    >>> checked = check_course_corpus("data/practice")
    >>> checked.articles.height > 0, [Path(s.path).name for s in checked.skipped]
    (True, ['README.md'])
    """
    from toolkit.corpus import CorpusError, CorpusWarning, Problem, corpus_files, load_articles

    if corpus is None:
        return CourseCorpus(text_column=text_column)
    path = Path(corpus).expanduser().resolve()
    if not path.exists():
        raise FileNotFoundError(f"CORPUS={corpus}: no such file or folder")
    skipped = list(corpus_files(path).skipped)
    problems: list = []
    try:
        articles = load_articles(path, errors="raise", progress=False, text_column=text_column)
    except CorpusError as error:
        if not skip_bad:
            raise
        problems = [Problem(r["path"], r["reason"], r["line"]) for r in error.problems.to_dicts()]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)
            articles = load_articles(path, errors="skip", progress=False, text_column=text_column)
    if articles.height == 0:
        raise CorpusError([*problems, Problem(str(path), "no articles to run the course on")])
    return CourseCorpus(path, text_column, articles, problems, skipped)


# nbconvert's lab page without the blocks that load scripts from CDNs (no notebook of the
# course has math or mermaid diagrams; the widgets are shown as their snapshots).
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def export_html(notebook) -> str:
    """An executed notebook (an ``nbformat`` node) as an HTML page that works offline.

    The widget state is left out, so nbconvert shows each widget's ``text/html`` snapshot
    (a widget without one shows its text form), and the page loads nothing from the network.
    The notebook passed in is not changed.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("1 + 1")
    >>> cell.outputs = [nbformat.v4.new_output("execute_result", {"text/html": "<b>2</b>"})]
    >>> page = export_html(nbformat.v4.new_notebook(cells=[cell]))
    >>> "<b>2</b>" in page, "<script src=" in page
    (True, False)
    """
    import copy

    import jinja2
    from nbconvert import HTMLExporter

    notebook = copy.deepcopy(notebook)
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if _WIDGET_VIEW in data and len(data) > 1:
                del data[_WIDGET_VIEW]  # its state is gone: show what else it carries
    exporter = HTMLExporter(
        extra_loaders=[jinja2.DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
        template_file="offline.html.j2",
    )
    body, _ = exporter.from_notebook_node(notebook)
    return body


def _export(executed: Path, html_dir: Path, figure_dir: Path) -> int:
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    (html_dir / f"{executed.stem}.html").write_text(export_html(notebook), encoding="utf-8")
    count = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                count += 1
                name = f"{executed.stem}_fig{count:02d}.png"
                (figure_dir / name).write_bytes(base64.b64decode(png))
    return count


def _failure(notebook: Path, error: Exception) -> NotebookError:
    """A papermill error as a :class:`NotebookError` (a few lines, no colour codes)."""
    cell = getattr(error, "exec_count", None)
    source = getattr(error, "source", "") or ""
    name, value = getattr(error, "ename", None), getattr(error, "evalue", None)
    message = f"{name}: {value}" if name else str(error).strip().splitlines()[-1]
    return NotebookError(notebook.name, cell, _ANSI.sub("", source), _ANSI.sub("", message))


def kernel_config():
    """The kernel settings of a headless run: IPC sockets on this machine instead of TCP.

    The kernel and papermill talk through local socket files (``KernelManager.transport =
    "ipc"``), which other users of the machine cannot read, so ipykernel has no reason to warn
    that the connection is unencrypted TCP (the warning every notebook printed otherwise).
    """
    from traitlets.config import Config

    config = Config()
    config.KernelManager.transport = "ipc"
    return config


def run_course(
    *,
    corpus: str | os.PathLike | None = None,
    out: str | os.PathLike = "build",
    notebooks: list[Path] | None = None,
    kernel: str = "python3",
    text_column: str = "text",
    skip_bad: bool = False,
    checked: CourseCorpus | None = None,
) -> list[dict]:
    """Execute the course notebooks and write notebooks, HTML and figures under ``out``.

    Returns one dict per notebook with its ``name``, ``seconds`` and number of ``figures``.
    The corpus is checked first (:func:`check_course_corpus`, or ``checked``, its result):
    ``FileNotFoundError`` when it does not exist, :class:`toolkit.CorpusError` when it has
    problems (unless ``skip_bad``), before any notebook runs. A notebook that fails raises
    :class:`NotebookError` (the notebook, the cell and the original error), and ``out`` keeps
    the previous run's files. With a ``text_column`` other than ``text``, the notebooks get
    the checked articles as a Parquet copy (whose text column is ``text``).
    """
    import papermill

    from toolkit.outputs import StagedOutput
    from toolkit.outputs.staging import legacy_files

    checked = checked or check_course_corpus(corpus, text_column=text_column, skip_bad=skip_bad)
    notebooks = notebooks or course_notebooks()
    names = [f"notebooks/{n.name}" for n in notebooks] + [f"html/{n.stem}.html" for n in notebooks]
    target = StagedOutput(
        out,
        kind="course",
        names=names,
        legacy=legacy_files(_LEGACY),
        only_results=False,  # build/ is shared (make bench writes there too)
        option="output folder",
    )
    with target as stage:
        parameters = {}
        if checked.path is not None:
            parameters["CORPUS"] = str(checked.path)
            if checked.text_column != "text":
                copy = stage.scratch / "corpus.parquet"
                checked.articles.write_parquet(copy)
                parameters["CORPUS"] = str(copy)
        dirs = {name: stage.path / name for name in ("notebooks", "html", "figures")}
        for folder in dirs.values():
            folder.mkdir(parents=True, exist_ok=True)
        summary = []
        for notebook in notebooks:
            executed = dirs["notebooks"] / notebook.name
            began = time.perf_counter()
            try:
                papermill.execute_notebook(
                    str(notebook),
                    str(executed),
                    parameters=parameters,
                    kernel_name=kernel,
                    cwd=str(notebook.parent),
                    progress_bar=False,
                    log_output=False,
                    config=kernel_config(),
                )
            except papermill.PapermillExecutionError as error:
                raise _failure(notebook, error) from None
            seconds = time.perf_counter() - began
            figures = _export(executed, dirs["html"], dirs["figures"])
            summary.append(
                {"name": notebook.name, "seconds": round(seconds, 1), "figures": figures}
            )
        stage.commit(_report(checked, summary))
    return summary


def _report(checked: CourseCorpus, summary: list[dict]) -> dict:
    import toolkit

    return {
        "toolkit_version": toolkit.__version__,
        "corpus": None if checked.path is None else str(checked.path),
        "text_column": checked.text_column,
        "articles": None if checked.articles is None else checked.articles.height,
        "problems": [
            {"path": p.path, "line": p.line, "reason": p.reason} for p in checked.problems
        ],
        "skipped": [{"path": s.path, "reason": s.reason} for s in checked.skipped],
        "notebooks": summary,
    }
