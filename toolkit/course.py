"""Run the course notebooks headless: ``make run`` (and ``make run CORPUS=…``).

Every notebook in ``notebooks/`` is executed in order with papermill, with its ``CORPUS``
parameter set to the user's corpus (or ``None`` for the shipped data). The executed notebooks go
to ``<out>/notebooks/``, an HTML export of each to ``<out>/html/`` and every figure they show to
``<out>/figures/`` as PNG.
"""

from __future__ import annotations

import base64
import os
import time
from pathlib import Path

__all__ = ["NOTEBOOK_DIR", "course_notebooks", "run_course"]

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"


def course_notebooks(folder: str | os.PathLike = NOTEBOOK_DIR) -> list[Path]:
    """The course notebooks, in order (``00_…``, ``01_…``, …)."""
    return sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))


def _export(executed: Path, html_dir: Path, figure_dir: Path) -> int:
    import nbformat
    from nbconvert import HTMLExporter

    notebook = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter().from_notebook_node(notebook)
    (html_dir / f"{executed.stem}.html").write_text(body, encoding="utf-8")
    count = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                count += 1
                name = f"{executed.stem}_fig{count:02d}.png"
                (figure_dir / name).write_bytes(base64.b64decode(png))
    return count


def run_course(
    *,
    corpus: str | os.PathLike | None = None,
    out: str | os.PathLike = "build",
    notebooks: list[Path] | None = None,
    kernel: str = "python3",
) -> list[dict]:
    """Execute the course notebooks and write notebooks, HTML and figures under ``out``.

    Returns one dict per notebook with its ``name``, ``seconds`` and number of ``figures``.
    Raises ``FileNotFoundError`` when ``corpus`` does not exist, and papermill's
    ``PapermillExecutionError`` (naming the notebook and cell) when a notebook fails.
    """
    import papermill

    out = Path(out)
    parameters = {}
    if corpus is not None:
        corpus_path = Path(corpus).expanduser().resolve()
        if not corpus_path.exists():
            raise FileNotFoundError(f"CORPUS={corpus}: no such file or folder")
        parameters["CORPUS"] = str(corpus_path)
    dirs = {name: out / name for name in ("notebooks", "html", "figures")}
    for folder in dirs.values():
        folder.mkdir(parents=True, exist_ok=True)
    summary = []
    for notebook in notebooks or course_notebooks():
        executed = dirs["notebooks"] / notebook.name
        began = time.perf_counter()
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            kernel_name=kernel,
            cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False,
        )
        seconds = time.perf_counter() - began
        figures = _export(executed, dirs["html"], dirs["figures"])
        summary.append({"name": notebook.name, "seconds": round(seconds, 1), "figures": figures})
    return summary
