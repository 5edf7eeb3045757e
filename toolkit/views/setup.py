"""The one setup call at the top of every course notebook."""

from __future__ import annotations

import random

import polars as pl
from matplotlib.figure import Figure

from toolkit.views.plots import figure_png, use_arabic_font

__all__ = ["setup_notebook"]


def setup_notebook(*, seed: int = 0) -> None:
    """Fix fonts, display options and seeds so every run of a notebook looks the same.

    - registers the Arabic font for matplotlib (see :func:`toolkit.views.plots.use_arabic_font`);
    - shows matplotlib figures returned by a cell as PNG (no pyplot state, no duplicates);
    - sets polars' table display (rows, string width) to fixed values;
    - seeds Python's random generator.
    """
    use_arabic_font()
    random.seed(seed)
    pl.Config.set_tbl_rows(15)
    pl.Config.set_fmt_str_lengths(80)
    pl.Config.set_tbl_width_chars(120)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return
    shell = get_ipython()
    if shell is not None:
        formatter = shell.display_formatter.formatters["image/png"]
        formatter.for_type(Figure, figure_png)
