"""One tested pattern for interactive views: controls that redraw one HTML output.

:func:`live` builds the controls' box and an output below them, calls ``draw(**values)``
once, and again whenever a control's value changes. The result replaces the output's content
in one widget update: a matplotlib figure becomes an embedded PNG, a string is shown as
(already escaped) HTML. Nothing is captured from the kernel's output streams, so there are no
duplicated or stale figures (the traps listed in ipywidgets issue 3352), and headless runs
(papermill, nbconvert) never wait on an ``Output`` widget (jupyter/nbclient#312). Figures are
built as :class:`matplotlib.figure.Figure` objects, never through pyplot's global state.

If ``draw`` fails in a notebook, the traceback is shown in the output, under the controls,
instead of disappearing into the log. The last result stays on ``view.result`` so tests (and
curious students) can check what a control change produced without a browser.
"""

from __future__ import annotations

import base64
import traceback
from collections.abc import Callable, Mapping
from html import escape

import ipywidgets as widgets
from IPython.display import HTML, Image, display
from matplotlib.figure import Figure

from toolkit.views.plots import figure_png

__all__ = ["LiveView", "live", "show", "to_html"]


def show(result) -> None:
    """Display a result in a notebook: a Figure as PNG, a string as HTML, else as is."""
    if isinstance(result, Figure):
        display(Image(data=figure_png(result), format="png"))
    elif isinstance(result, str):
        display(HTML(result))
    elif isinstance(result, (list, tuple)):
        for item in result:
            show(item)
    elif result is not None:
        display(result)


def to_html(result) -> str:
    """The HTML for a draw function's result: a Figure as an embedded PNG, a string as is
    (views return escaped HTML), a list as its parts in order."""
    if isinstance(result, Figure):
        data = base64.b64encode(figure_png(result)).decode("ascii")
        title = result.axes[0].get_title() if result.axes else "chart"
        return f'<img src="data:image/png;base64,{data}" alt="{escape(title, quote=True)}">'
    if isinstance(result, str):
        return result
    if isinstance(result, (list, tuple)):
        return "".join(to_html(item) for item in result)
    if result is None:
        return ""
    return f"<pre>{escape(repr(result))}</pre>"


def _in_kernel() -> bool:
    from IPython import get_ipython

    return get_ipython() is not None


class LiveView(widgets.VBox):
    """The box returned by :func:`live`: controls on top, the output below.

    Attributes
    ----------
    controls : dict of name -> widget
    output : ipywidgets.HTML
        Where the result is shown (CSS class ``tk-live-output``).
    result
        What the last call of ``draw`` returned.
    draws : int
        How many times ``draw`` has run.
    """

    def __init__(self, draw: Callable[..., object], controls: Mapping[str, widgets.Widget]):
        self.controls = dict(controls)
        self.output = widgets.HTML()
        self.output.add_class("tk-live-output")
        self.result = None
        self.draws = 0
        self._draw = draw
        row = widgets.HBox(
            list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap")
        )
        super().__init__([row, self.output])
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.refresh()

    def values(self) -> dict:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> None:
        """Run ``draw`` with the current values and show its result in the output."""
        try:
            self.result = self._draw(**self.values())
        except Exception:
            if not _in_kernel():
                raise
            self.result = None
            self.output.value = (
                '<pre style="color: #b00020">' + escape(traceback.format_exc()) + "</pre>"
            )
            return
        self.draws += 1
        self.output.value = to_html(self.result)

    def _changed(self, _change) -> None:
        self.refresh()


def live(draw: Callable[..., object], **controls: widgets.Widget) -> LiveView:
    """Connect controls to a draw function; see the module docstring.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> view = live(lambda n: "<b>" + str(n) + "</b>", n=widgets.IntSlider(value=3))
    >>> view.result, view.output.value
    ('<b>3</b>', '<b>3</b>')
    >>> view.controls["n"].value = 5
    >>> view.result
    '<b>5</b>'
    """
    return LiveView(draw, controls)
