"""One tested pattern for interactive views: controls that redraw one ``Output``.

:func:`live` builds the controls' box and an ``Output`` widget, calls ``draw(**values)``
once, and again whenever a control's value changes. Each redraw clears the output first and
shows exactly one result, so there are no duplicated or stale figures (the traps listed in
ipywidgets issue 3352): matplotlib figures are built as :class:`matplotlib.figure.Figure`
objects (never through pyplot's global state) and shown as PNG images.

The last result stays on ``box.result`` so tests (and curious students) can check what a
control change produced without a browser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as widgets
from IPython.display import HTML, Image, display
from matplotlib.figure import Figure

from toolkit.views.plots import figure_png

__all__ = ["LiveView", "live", "show"]


def show(result) -> None:
    """Display a draw function's result: a Figure as PNG, a string as HTML, else as is."""
    if isinstance(result, Figure):
        display(Image(data=figure_png(result), format="png"))
    elif isinstance(result, str):
        display(HTML(result))
    elif isinstance(result, (list, tuple)):
        for item in result:
            show(item)
    elif result is not None:
        display(result)


def _in_kernel() -> bool:
    from IPython import get_ipython

    return get_ipython() is not None


class LiveView(widgets.VBox):
    """The box returned by :func:`live`: controls on top, the output below.

    Attributes
    ----------
    controls : dict of name -> widget
    output : ipywidgets.Output
    result
        What the last call of ``draw`` returned.
    draws : int
        How many times ``draw`` has run.
    """

    def __init__(self, draw: Callable[..., object], controls: Mapping[str, widgets.Widget]):
        self.controls = dict(controls)
        self.output = widgets.Output()
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
        if not _in_kernel():
            self.result = self._draw(**self.values())
            self.draws += 1
            return
        self.output.clear_output(wait=True)
        with self.output:  # an error in draw shows its traceback here, under the controls
            self.result = self._draw(**self.values())
            self.draws += 1
            show(self.result)

    def _changed(self, _change) -> None:
        self.refresh()


def live(draw: Callable[..., object], **controls: widgets.Widget) -> LiveView:
    """Connect controls to a draw function; see the module docstring.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> view = live(lambda n: "<b>" + str(n) + "</b>", n=widgets.IntSlider(value=3))
    >>> view.result
    '<b>3</b>'
    >>> view.controls["n"].value = 5
    >>> view.result
    '<b>5</b>'
    """
    return LiveView(draw, controls)
