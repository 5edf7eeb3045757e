"""The one setup call at the top of every course notebook."""

from __future__ import annotations

import random

from matplotlib.figure import Figure

from toolkit.views.plots import figure_png, use_arabic_font

__all__ = ["setup_notebook"]


def setup_notebook(*, seed: int = 0) -> None:
    """Fix fonts, figures and seeds so every run of a notebook looks the same.

    - registers the Arabic font for matplotlib (see :func:`toolkit.views.plots.use_arabic_font`);
    - shows matplotlib figures returned by a cell as PNG (no pyplot state, no duplicates);
    - seeds Python's random generator.

    The notebooks set polars' table display themselves, in the same setup cell and in plain
    sight (``pl.Config(tbl_rows=…)``), so that a student sees how to show a table whole.
    """
    use_arabic_font()
    random.seed(seed)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return
    shell = get_ipython()
    if shell is not None:
        formatter = shell.display_formatter.formatters["image/png"]
        formatter.for_type(Figure, figure_png)
