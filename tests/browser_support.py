"""Helpers for ``tests/test_browser.py``: a throwaway JupyterLab server and a notebook driver.

The server runs on 127.0.0.1 with a token, serves a *copy* of ``notebooks/`` (so the committed
notebooks are never saved over) and keeps every Jupyter, IPython and matplotlib folder in a
temporary directory. Only the kernelspec and the lab extensions come from the virtual
environment, found through ``sys.prefix`` as usual.

The Jupyter news toast is turned off with ``<JUPYTER_CONFIG_DIR>/labconfig/
default_setting_overrides.json``: jupyterlab_server reads ``default_setting_overrides`` from
every ``labconfig`` folder on the Jupyter config path, and ``JUPYTER_CONFIG_DIR`` is the first of
them, so nothing outside the temporary directory is written (unlike
``<sys.prefix>/share/jupyter/lab/settings/overrides.json``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Settings defaults for the test server only: no news or update checks (they pop a toast over
# the notebook and try to reach the internet).
SETTING_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def find_chromium() -> str | None:
    """The Chromium executable (Debian's ``chromium`` package), or None."""
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class LabServer:
    """``jupyter lab`` on a free local port, serving a copy of a notebooks folder."""

    def __init__(self, notebooks: Path, workdir: Path):
        self.workdir = Path(workdir)
        self.root = self.workdir / "notebooks"
        shutil.copytree(notebooks, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.token = secrets.token_hex(16)
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.log_path = self.workdir / "jupyterlab.log"
        # where the kernels' annotation widgets write their answers (toolkit.validate.store)
        self.annotations = self.workdir / "annotations"

    # -- environment ---------------------------------------------------------------------------
    def _env(self) -> dict[str, str]:
        dirs = {
            "JUPYTER_CONFIG_DIR": "jupyter/config",
            "JUPYTER_DATA_DIR": "jupyter/data",
            "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
            "JUPYTERLAB_SETTINGS_DIR": "jupyter/config/lab/user-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "jupyter/config/lab/workspaces",
            "IPYTHONDIR": "ipython",
            "MPLCONFIGDIR": "matplotlib",
        }
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)  # tests set Agg; the kernel should see what a user sees
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        env["ANNOTATIONS"] = str(self.annotations)  # never the user's folder or the repository
        for name, relative in dirs.items():
            folder = self.workdir / relative
            folder.mkdir(parents=True, exist_ok=True)
            env[name] = str(folder)
        labconfig = Path(env["JUPYTER_CONFIG_DIR"]) / "labconfig"
        labconfig.mkdir(parents=True, exist_ok=True)
        (labconfig / "default_setting_overrides.json").write_text(
            json.dumps(SETTING_OVERRIDES, indent=2), encoding="utf-8"
        )
        return env

    # -- life cycle ----------------------------------------------------------------------------
    def start(self, timeout: float = 120) -> LabServer:
        env = self._env()
        for _attempt in range(3):  # a free port can be taken between choosing and binding it
            self.port = free_port()
            command = [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--allow-root",
                "--ip=127.0.0.1",
                f"--port={self.port}",
                "--ServerApp.port_retries=0",
                f"--ServerApp.token={self.token}",
                f"--ServerApp.root_dir={self.root}",
                "--LabApp.extension_manager=readonly",  # no PyPI queries
            ]
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    command, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT
                )
            if self._wait_ready(timeout):
                return self
            self.stop()
        raise RuntimeError(f"JupyterLab did not start; log:\n{self.log_tail()}")

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                status = self.api("GET", "/api/status")
                if "started" in status:
                    return True
            except (OSError, urllib.error.URLError, ValueError):
                pass
            time.sleep(0.25)
        return False

    def stop(self, timeout: float = 30) -> None:
        """Stop the server by its PID and wait until the port is free."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        deadline = time.monotonic() + timeout
        while self.port and port_is_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.2)
        self.process = None

    # -- REST ----------------------------------------------------------------------------------
    def url(self, path: str, **query: str) -> str:
        parts = [f"{key}={value}" if value else key for key, value in query.items()]
        parts.append(f"token={self.token}")
        return f"http://127.0.0.1:{self.port}{path}?" + "&".join(parts)

    def api(self, method: str, path: str):
        request = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_sessions(self) -> None:
        """Shut down every kernel session (one notebook's kernel before the next)."""
        with contextlib.suppress(OSError, urllib.error.URLError, ValueError):
            for session in self.api("GET", "/api/sessions") or []:
                self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return "(no log)"
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


# -- the notebook in the page ------------------------------------------------------------------

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

_RUN_STATE_JS = """
(panel) => {
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map(p => p.textContent.trim());
  const status = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
    .map(s => s.textContent.trim()).find(t => t.includes(' | ')) || '';
  const dialog = document.querySelector('.jp-Dialog');
  return {prompts, status, dialog: dialog ? dialog.innerText : null};
}
"""

_ERRORS_JS = """
(panel) => {
  const errorText = /Traceback \\(most recent call last\\)|^\\s*[\\w.]*(Error|Exception)\\b/m;
  const errors = [], warnings = [];
  for (const el of panel.querySelectorAll(
      ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")) {
    const text = el.textContent.trim();
    (errorText.test(text) ? errors : warnings).push(text.slice(0, 2000));
  }
  for (const el of panel.querySelectorAll('.jp-OutputArea-output')) {
    const text = el.textContent;
    if (/Error displaying widget|Failed to load model/.test(text)) errors.push(text.slice(0, 500));
  }
  for (const el of panel.querySelectorAll(
      ".jp-OutputArea-output[data-mime-type='text/plain']")) {
    // a widget's text fallback: the widget manager did not render it
    if (/^\\w+\\(children=\\(/.test(el.textContent.trim())) {
      errors.push('widget shown as text: ' + el.textContent.slice(0, 200));
    }
  }
  return {errors, warnings};
}
"""

# The first top-level widget view that holds both an interactive control and an output (an
# Output widget, or the HTML output of toolkit.views.widgets.LiveView):
# mark the control, the Output and the widget's cell; return what kind of control it is.
_FIND_CONTROL_JS = """
(panel) => {
  const kinds = [
    ['checkbox', 'input[type=checkbox]'],
    ['select', 'select'],
    ['text', 'input[type=text]'],
    ['number', 'input[type=number]'],
    ['textarea', 'textarea'],
    ['slider', '.noUi-handle'],
    ['toggle', '.widget-toggle-buttons button'],
    ['radio', 'input[type=radio]'],
    ['button', 'button.jupyter-button'],
  ];
  const selector = kinds.map(k => k[1]).join(', ');
  const roots = [...panel.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets')]
    .filter(root => !root.parentElement.closest('.jupyter-widgets'));
  const skipped = [];
  for (const [index, root] of roots.entries()) {
    const output = root.querySelector('.widget-output, .tk-live-output');
    const control = [...root.querySelectorAll(selector)]
      .find(el => !el.disabled && !(output && output.contains(el)));
    if (!output || !control) {
      skipped.push({index, hasOutput: !!output, hasControl: !!control});
      continue;
    }
    for (const el of panel.querySelectorAll('[data-browser-test]')) {
      el.removeAttribute('data-browser-test');
    }
    control.setAttribute('data-browser-test', 'control');
    output.setAttribute('data-browser-test', 'output');
    root.closest('.jp-Cell').setAttribute('data-browser-test', 'cell');
    const kind = kinds.find(k => control.matches(k[1]))[0];
    const holder = control.closest('.jupyter-widgets') || control;
    const label = [...holder.querySelectorAll('label, .widget-label-basic span, button')]
      .map(el => el.textContent.replace(/\\u200b/g, '').trim()).find(text => text) || '';
    return {kind, index, label, roots: roots.length, skipped};
  }
  return {kind: null, roots: roots.length, skipped};
}
"""

# The cells' height, without the "scroll past the end" space under the last cell.
_CONTENT_HEIGHT_JS = """
(panel) => {
  const inner = panel.querySelector('.jp-WindowedPanel-viewport')
    || panel.querySelector('.jp-WindowedPanel-outer');
  return inner.scrollHeight;
}
"""
_SCROLL_TOP_JS = "(panel) => panel.querySelector('.jp-WindowedPanel-outer').scrollTo(0, 0)"

_IMAGES_LOADED_JS = "(panel) => [...panel.querySelectorAll('img')].every(i => i.complete)"

# Cells whose outputs show a chart, a table or right-to-left HTML: worth a close-up screenshot.
_MARK_SHOWCASE_JS = """
(panel) => {
  const cells = [...panel.querySelectorAll('.jp-CodeCell')];
  const picked = [];
  for (const [index, cell] of cells.entries()) {
    const area = cell.querySelector('.jp-Cell-outputArea');
    if (area && area.querySelector('img, table, [dir=rtl]')) {
      area.setAttribute('data-browser-showcase', String(index + 1));
      const box = area.getBoundingClientRect();
      picked.push({number: index + 1, left: box.left, top: box.top, right: box.right,
                   bottom: box.bottom});
    }
  }
  return picked;
}
"""


def _is_number_prompt(prompt: str) -> bool:
    return re.fullmatch(r"\[\d+\]:", prompt) is not None


class NotebookPage:
    """One notebook opened in JupyterLab in a Playwright page."""

    def __init__(self, page, server: LabServer, name: str, shots: Path):
        self.page = page
        self.server = server
        self.name = name
        self.stem = Path(name).stem
        self.shots = shots
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    @property
    def panel(self):
        return self.page.locator(PANEL)

    def shot(self, step: str, locator=None) -> Path:
        path = self.shots / f"{self.stem}-{step}.png"
        target = locator if locator is not None else self.page
        target.screenshot(path=str(path), animations="disabled")
        return path

    def open(self, timeout: float) -> None:
        self.page.goto(self.server.url(f"/lab/tree/{self.name}", reset=""), timeout=timeout * 1000)
        self.page.locator(f"{PANEL} .jp-Cell").first.wait_for(timeout=timeout * 1000)
        self.wait_idle(timeout)

    def state(self) -> dict:
        return self.panel.evaluate(_RUN_STATE_JS)

    def wait_idle(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            if state["dialog"]:
                raise AssertionError(f"a dialog opened: {state['dialog']!r}")
            if state["status"].endswith("| Idle"):
                return state
            if time.monotonic() > deadline:
                raise AssertionError(f"kernel not idle after {timeout:.0f} s: {state['status']!r}")
            time.sleep(0.25)

    def run_all(self, expected_cells: int, timeout: float) -> dict:
        """Run → Run All Cells; return when every code cell ran (or one failed) and all is idle."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        self.page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            prompts = state["prompts"]
            if state["dialog"]:
                raise AssertionError(f"a dialog opened during Run All: {state['dialog']!r}")
            ran = sum(_is_number_prompt(p) for p in prompts)
            busy = any("*" in p for p in prompts) or not state["status"].endswith("| Idle")
            if not busy and (ran >= expected_cells or self.errors()["errors"]):
                return {"ran": ran, "prompts": prompts, "status": state["status"]}
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"Run All did not finish in {timeout:.0f} s: {ran}/{expected_cells} cells "
                    f"ran, status {state['status']!r}, prompts {prompts}"
                )
            time.sleep(0.5)

    def errors(self) -> dict:
        return self.panel.evaluate(_ERRORS_JS)

    def wait_widgets(self, timeout: float) -> int:
        """Wait until no widget is still loading; return how many widget views are shown."""
        deadline = time.monotonic() + timeout
        while self.panel.get_by_text("Loading widget...").count():
            if time.monotonic() > deadline:
                raise AssertionError(f"widgets still loading after {timeout:.0f} s")
            time.sleep(0.25)
        return self.panel.locator(".jupyter-widgets").count()

    def wait_images(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not self.panel.evaluate(_IMAGES_LOADED_JS) and time.monotonic() < deadline:
            time.sleep(0.1)

    def fit_viewport(self, max_height: int = 16000) -> None:
        """Grow the viewport to the whole notebook, so no output is cut by the toolbar or the
        status bar in a screenshot (and the full-page shot shows every cell)."""
        size = self.page.viewport_size
        height = self.panel.evaluate(_CONTENT_HEIGHT_JS)
        self.page.set_viewport_size(
            {"width": size["width"], "height": max(size["height"], min(height + 250, max_height))}
        )
        time.sleep(0.5)
        self.panel.evaluate(_SCROLL_TOP_JS)
        time.sleep(0.3)
        self.wait_images()

    def showcase_screenshots(self, full: Path) -> list[Path]:
        """A close-up of every output with a chart, a table or RTL HTML, cut from ``full`` (the
        screenshot of the whole page just taken); an output below its end is shot on its own."""
        from PIL import Image

        paths = []
        with Image.open(full) as image:
            for box in self.panel.evaluate(_MARK_SHOWCASE_JS):
                path = self.shots / f"{self.stem}-out{box['number']:02d}.png"
                edges = [round(box[k]) for k in ("left", "top", "right", "bottom")]
                if edges[1] >= 0 and edges[3] <= image.height:
                    image.crop(tuple(edges)).save(path, compress_level=1)
                else:
                    area = self.panel.locator(f"[data-browser-showcase='{box['number']}']")
                    area.scroll_into_view_if_needed()
                    self.wait_images()
                    area.screenshot(path=str(path), animations="disabled")
                paths.append(path)
        return paths

    def find_control(self) -> dict:
        return self.panel.evaluate(_FIND_CONTROL_JS)

    def output_html(self) -> str:
        return self.panel.locator("[data-browser-test='output']").inner_html()

    def change_control(self, kind: str) -> str:
        """Change the marked control the way a user would; describe what was done."""
        control = self.panel.locator("[data-browser-test='control']")
        control.scroll_into_view_if_needed()
        if kind in ("checkbox", "radio", "toggle", "button"):
            control.click()
            return f"clicked the {kind}"
        if kind == "select":
            options = control.locator("option").all_text_contents()
            current = control.evaluate("el => el.selectedIndex")
            other = next((i for i in range(len(options)) if i != current), None)
            if other is None:
                raise AssertionError(f"the drop-down has one option only: {options}")
            control.select_option(index=other)
            return f"selected {options[other]!r} (was {options[current]!r})"
        if kind in ("text", "textarea"):
            current = control.input_value()
            new = next(w for w in ("العراق", "بغداد", "واشنطن") if w != current)
            control.fill(new)
            control.press("Tab" if kind == "textarea" else "Enter")
            return f"typed {new!r} (was {current!r})"
        if kind == "number":
            current = control.input_value()
            try:
                new = str(float(current) + 1).removesuffix(".0")
            except ValueError:
                new = "1"
            control.fill(new)
            control.press("Enter")
            return f"typed {new} (was {current})"
        if kind == "slider":
            now, high = (control.get_attribute(a) for a in ("aria-valuenow", "aria-valuemax"))
            key = "ArrowLeft" if float(now) >= float(high) else "ArrowRight"
            control.focus()
            control.press(key)
            return f"pressed {key} on the slider (was {now})"
        raise AssertionError(f"no way to change a {kind!r} control")

    def log_count(self) -> int:
        """The number on the Log Console's status bar item (0 when it shows none)."""
        item = self.page.locator(".jp-LogConsoleStatusItem")
        text = (item.first.text_content() or "").strip() if item.count() else ""
        return int(text) if text.isdigit() else 0

    def log_messages(self) -> str:
        """The Log Console's text, or "" when it is empty.

        Kernel output that belongs to no cell lands there: an exception raised in a widget
        callback shows in no cell, only as a number in the status bar.
        """
        if not self.log_count():
            return ""
        self.page.locator(".jp-LogConsoleStatusItem").first.click()
        panel = self.page.locator(".jp-LogConsolePanel")
        panel.wait_for(timeout=10_000)
        time.sleep(0.5)
        return (panel.text_content() or "").strip()

    def wait_output_changed(self, before: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            if self.log_count():
                raise AssertionError("the Log Console reported a message after the change")
            after = self.output_html()
            if after.strip() and after != before:
                self.wait_idle(max(deadline - time.monotonic(), 1))
                time.sleep(0.3)  # let a redraw that clears first settle
                return self.output_html()
            if time.monotonic() > deadline:
                raise AssertionError(f"the widget's output did not change in {timeout:.0f} s")
            time.sleep(0.25)


# -- one named widget (notebook 05's framing explorer) -----------------------------------------

# Mark the widget view with a CSS class (LiveView.add_class), its output and its cell.
_MARK_CLASS_JS = """
(panel, css) => {
  const root = panel.querySelector('.' + css);
  if (!root) return false;
  const output = root.querySelector('.tk-live-output');
  if (!output) return false;
  for (const el of panel.querySelectorAll('[data-browser-test]')) {
    el.removeAttribute('data-browser-test');
  }
  output.setAttribute('data-browser-test', 'output');
  root.closest('.jp-Cell').setAttribute('data-browser-test', 'cell');
  return true;
}
"""


def mark_widget(notebook: NotebookPage, css_class: str) -> bool:
    """Mark the output and the cell of the widget view with ``css_class`` for
    :meth:`NotebookPage.output_html` and :meth:`NotebookPage.wait_output_changed`."""
    return notebook.panel.evaluate(_MARK_CLASS_JS, css_class)


def click_toggle(notebook: NotebookPage, css_class: str, label: str) -> None:
    """Click the toggle button ``label`` of the widget view with ``css_class``."""
    button = notebook.panel.locator(f".{css_class} .widget-toggle-buttons button", has_text=label)
    button.first.scroll_into_view_if_needed()
    button.first.click()


def choose_option(notebook: NotebookPage, css_class: str, description: str, option: str) -> None:
    """Choose ``option`` (its label) in the drop-down described ``description`` of the widget
    view with ``css_class``."""
    label = notebook.page.locator("label", has_text=description)
    dropdown = notebook.panel.locator(f".{css_class} .widget-dropdown", has=label)
    dropdown.locator("select").first.select_option(label=option)


# -- the annotation widget (toolkit.views.validate) --------------------------------------------


class AnnotationDriver:
    """Answer items in the first annotation widget of a notebook, the way a user would."""

    def __init__(self, notebook: NotebookPage, index: int = 0):
        self.notebook = notebook
        self.root = notebook.panel.locator(".tk-annotation").nth(index)

    def counter(self) -> str:
        """The progress text, e.g. ``"1 / 30 · item 2"``."""
        return (self.root.locator(".tk-annotation-counter").text_content() or "").strip()

    def status(self) -> str:
        return (self.root.locator(".tk-annotation-status").text_content() or "").strip()

    def set_annotator(self, name: str, timeout: float = 30) -> None:
        box = self.root.locator("input[type=text]").first
        box.scroll_into_view_if_needed()
        box.fill(name)
        box.press("Enter")
        self._wait(lambda: name in self.status(), timeout, f"annotator {name!r} not taken")

    def answer(self, label: str, timeout: float = 30) -> None:
        """Click the button of ``label``; return when the widget shows one more answer done."""
        before = self.counter()
        button = self.root.locator(f"button.tk-answer-{label}")
        button.scroll_into_view_if_needed()
        button.click()
        self._wait(lambda: self.counter() != before, timeout, f"no answer recorded for {label}")

    def _wait(self, done, timeout: float, message: str) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"{message} in {timeout:.0f} s (status: {self.status()!r})")
            time.sleep(0.2)


def wait_for_lines(path: Path, count: int, timeout: float = 30) -> list[dict]:
    """The JSON lines of ``path`` once it has at least ``count`` of them."""
    deadline = time.monotonic() + timeout
    while True:
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        if len(lines) >= count:
            return [json.loads(line) for line in lines]
        if time.monotonic() > deadline:
            raise AssertionError(f"{path}: {len(lines)} answer line(s) after {timeout:.0f} s")
        time.sleep(0.2)
