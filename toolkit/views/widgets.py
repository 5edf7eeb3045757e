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

Static snapshots for exports. A widget needs a running kernel (or a widget manager script from
a CDN) to show anything; an HTML export read offline would show an empty ``Out[n]:``. So a
:class:`LiveView` (and every view built on :class:`Snapshot`) displays, next to the live
widget's ``application/vnd.jupyter.widget-view+json``, a ``text/html`` copy of what it shows
when displayed (:func:`snapshot_html`): the controls' values in one line, then the output's
HTML. JupyterLab shows the live widget; ``toolkit.course``'s export, which leaves the widget
state out, shows the snapshot. Article text in it is escaped as everywhere (the views return
escaped HTML and the control values are escaped here), and Arabic is set ``dir="rtl"
lang="ar"``.
"""

from __future__ import annotations

import base64
import re
import traceback
from collections.abc import Callable, Mapping
from html import escape

import ipywidgets as widgets
from IPython.display import HTML, Image, display
from matplotlib.figure import Figure

from toolkit.views.plots import figure_png

__all__ = [
    "LiveView",
    "Snapshot",
    "control_text",
    "controls_html",
    "live",
    "show",
    "snapshot_html",
    "to_html",
]

SNAPSHOT_CAPTION = "Snapshot of an interactive view, as the notebook ran (run it to change it)"
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


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


def _value_html(value: object) -> str:
    """Text escaped and isolated (``<bdi>``); with Arabic in it, ``dir="rtl" lang="ar"``."""
    text = escape(str(value))
    if _ARABIC.search(text):
        return f'<bdi dir="rtl" lang="ar">{text}</bdi>'
    return f"<bdi>{text}</bdi>"


def control_text(control: widgets.Widget) -> str:
    """One control and its current value as escaped HTML text (``term: <bdi>القوات</bdi>``).

    A checkbox shows ☑ or ☐, a button ``[its label]``, a choice its shown label, a slider
    its value in the slider's readout format, a progress bar ``value / max``.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> control_text(widgets.FloatSlider(value=0.1, description="band", readout_format=".0%"))
    'band: <bdi>10%</bdi>'
    >>> control_text(widgets.Checkbox(value=True, description="<b>"))
    '☑ &lt;b&gt;'
    """
    description = escape(str(getattr(control, "description", "") or ""))
    if _ARABIC.search(description):
        description = f'<bdi dir="rtl" lang="ar">{description}</bdi>'
    if isinstance(control, widgets.Checkbox):
        return f"{'☑' if control.value else '☐'} {description}"
    if isinstance(control, widgets.Button):
        return f"[{description}]"
    if isinstance(control, widgets.IntProgress | widgets.FloatProgress):
        value = f"{control.value} / {control.max}"
    elif hasattr(control, "label") and hasattr(control, "options"):
        value = control.label
    elif hasattr(control, "readout_format"):
        try:
            value = format(control.value, control.readout_format)
        except (TypeError, ValueError):
            value = control.value
    else:
        value = getattr(control, "value", "")
    shown = _value_html("" if value is None else value)
    return f"{description}: {shown}" if description else shown


def controls_html(controls) -> str:
    """Controls as :func:`control_text`, each in its own ``<span>``, side by side."""
    style = "display: inline-block; margin-inline-end: 1.5em"
    return "".join(f'<span style="{style}">{control_text(c)}</span>' for c in controls)


def snapshot_html(body: str, *, controls: str = "") -> str:
    """A static copy of a view: a caption with the controls (already escaped HTML, as from
    :func:`control_text`), then ``body`` (the view's escaped HTML), in a
    ``<div class="tk-snapshot">``."""
    caption = escape(SNAPSHOT_CAPTION) + (f":<br>{controls}" if controls else "")
    return (
        '<div class="tk-snapshot">'
        f'<div class="tk-snapshot-controls" lang="en" style="color: #555; font-size: 90%; '
        f'border-bottom: 1px solid #ddd; margin-bottom: 4px">{caption}</div>'
        f"{body}</div>"
    )


class Snapshot:
    """Mixin for widgets: their display also carries ``text/html``, the snapshot that
    :meth:`snapshot_html` returns (what the widget shows now). See the module docstring."""

    def snapshot_html(self) -> str:  # pragma: no cover - every view defines its own
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:  # a closed widget displays nothing
            bundle = {**bundle, "text/html": self.snapshot_html()}
        return bundle


def _in_kernel() -> bool:
    from IPython import get_ipython

    return get_ipython() is not None


class LiveView(Snapshot, widgets.VBox):
    """The box returned by :func:`live`: controls on top, the output below; displayed, it
    also carries a static snapshot (:meth:`snapshot_html`) for HTML exports.

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

    def snapshot_html(self) -> str:
        """What the view shows now, as static HTML: the controls' values, then the output."""
        return snapshot_html(self.output.value, controls=controls_html(self.controls.values()))


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
