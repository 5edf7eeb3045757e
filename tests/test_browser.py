"""The course notebooks in a real browser: JupyterLab in headless Chromium.

For every ``notebooks/[0-9][0-9]_*.ipynb``: open it in JupyterLab, Run → Run All Cells, wait for
the kernel to be idle, check that no cell shows an error and that the widgets rendered, then
change the first control of the first live widget and check that its output changed. Screenshots
go to ``build/screenshots/<notebook>-<step>.png``: ``1-opened``, ``2-ran`` (the whole notebook),
``outNN`` (close-ups of charts, tables and right-to-left HTML, NN = code cell), ``3-before`` and
``4-after`` (the widget's cell), and ``failed`` when something went wrong.

Needs Debian's ``chromium`` (and ``fonts-noto-core`` for Arabic); without Chromium the tests are
skipped, saying so. ``.ci/run`` installs both.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM_FLAGS,
    AnnotationDriver,
    LabServer,
    NotebookPage,
    choose_option,
    click_toggle,
    find_chromium,
    mark_widget,
    wait_for_lines,
)

from toolkit.course import NOTEBOOK_DIR, course_notebooks

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "build" / "screenshots"
NAMES = [path.name for path in course_notebooks(NOTEBOOK_DIR)]

OPEN_TIMEOUT = 120  # first load of JupyterLab and kernel start, on a slow CI machine
RUN_TIMEOUT = 180  # Run All, per notebook
CHANGE_TIMEOUT = 60  # redraw after one control change

# Source that displays ipywidgets: the notebook must then show rendered widget views.
WIDGET_HINT = re.compile(r"\bipywidgets\b|\bwidgets\.\w+\(|_explorer\(|\blive\(|\binteract\w*\(")

ERROR_TEXT = re.compile(r"Traceback|^\s*[\w.]*(Error|Exception)\b", re.MULTILINE)

TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def chromium() -> str:
    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed: apt-get install chromium")
    return executable


@pytest.fixture(scope="module")
def lab(chromium, tmp_path_factory):
    began = time.perf_counter()
    server = LabServer(NOTEBOOK_DIR, tmp_path_factory.mktemp("jupyterlab")).start()
    print(f"\nJupyterLab ready on port {server.port} in {time.perf_counter() - began:.1f} s")
    yield server
    server.shutdown_sessions()
    server.stop()
    if TIMINGS:
        rows = "\n".join(f"  {name:<34} {seconds:6.1f} s" for name, seconds in TIMINGS.items())
        total = time.perf_counter() - began
        print(
            f"\nbrowser test timings:\n{rows}\n  {'total (with server start/stop)':<34} {total:6.1f} s"
        )


@pytest.fixture(scope="module")
def browser(chromium, lab):
    """One headless Chromium and one browsing context for all notebooks: the context's HTTP
    cache makes opening JupyterLab again fast; each notebook gets its own page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
        )
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
        yield context
        context.close()
        browser.close()


def _code_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
    ]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_in_jupyterlab(name, lab, browser):
    began = time.perf_counter()
    copies = {path.name: path for path in course_notebooks(lab.root)}
    assert name in copies, f"{name} is not in the copy of notebooks/ the server serves"
    sources = _code_cells(copies[name])
    expected_cells = sum(bool(source.strip()) for source in sources)
    expects_widgets = any(WIDGET_HINT.search(source) for source in sources)

    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob(f"{Path(name).stem}-*.png"):
        old.unlink()
    page = browser.new_page()
    notebook = NotebookPage(page, lab, name, SHOTS)
    step = "open"

    def fail(message: str):
        with contextlib.suppress(Exception):
            shot = notebook.shot("failed")
            message += f"\nscreenshot: {shot}"
        with contextlib.suppress(Exception):
            log = notebook.log_messages()
            if log:
                message += f"\nLog Console ({notebook.shot('log')}):\n{log[-1500:]}"
        if notebook.page_errors or notebook.console_errors:
            message += f"\nbrowser errors: {(notebook.page_errors + notebook.console_errors)[:5]}"
        pytest.fail(f"{name}, step {step!r}: {message}\nserver log:\n{lab.log_tail(15)}")

    try:
        notebook.open(OPEN_TIMEOUT)
        opened = time.perf_counter()
        notebook.shot("1-opened")

        step = "run all"
        ran = notebook.run_all(expected_cells, RUN_TIMEOUT)
        run_seconds = time.perf_counter() - opened
        count = notebook.wait_widgets(30)
        notebook.fit_viewport()
        notebook.showcase_screenshots(notebook.shot("2-ran"))
        found = notebook.errors()
        if found["errors"]:
            fail("error output after Run All:\n" + "\n---\n".join(found["errors"]))
        if ran["ran"] < expected_cells:
            fail(f"only {ran['ran']} of {expected_cells} code cells ran: {ran['prompts']}")
        for warning in found["warnings"]:
            print(f"\n{name}: stderr (not an error): {warning[:300]}")
        if expects_widgets and count == 0:
            fail("the notebook displays widgets, but no widget rendered")

        step = "change a control"
        control = notebook.find_control()
        if control["kind"] is None:
            if expects_widgets:
                fail(f"no widget with both a control and an Output to try: {control}")
            print(f"\n{name}: no interactive widget; nothing to change")
        else:
            cell = notebook.panel.locator("[data-browser-test='cell']")
            cell.scroll_into_view_if_needed()
            notebook.wait_images()
            notebook.shot("3-before", cell)
            before = notebook.output_html()
            changing = time.perf_counter()
            did = notebook.change_control(control["kind"])
            after = notebook.wait_output_changed(before, CHANGE_TIMEOUT)
            change_seconds = time.perf_counter() - changing
            notebook.wait_images()
            notebook.shot("4-after", cell)
            assert after != before
            found = notebook.errors()
            if found["errors"]:
                fail(f"error output after the change ({did}):\n" + "\n---\n".join(found["errors"]))
            print(
                f"\n{name}: widget {control['index'] + 1} of {control['roots']}, "
                f"{control['kind']} {control['label']!r}: {did}; "
                f"its output changed in {change_seconds:.1f} s"
            )
        step = "check the Log Console"
        log = notebook.log_messages()
        if log:
            notebook.shot("5-log")
            if ERROR_TEXT.search(log):
                fail(f"the Log Console shows an error:\n{log[-1500:]}")
            print(f"\n{name}: Log Console (not an error): {log[-500:]}")
        widget_errors = [e for e in notebook.console_errors if "widget" in e.lower()]
        if notebook.page_errors or widget_errors:
            fail(f"errors in the browser: {notebook.page_errors + widget_errors}")
    except AssertionError as error:
        fail(str(error))
    except Exception as error:  # Playwright timeouts and the like
        fail(f"{type(error).__name__}: {error}")
    finally:
        page.close()
        lab.shutdown_sessions()
    TIMINGS[name] = time.perf_counter() - began
    print(
        f"\n{name}: opened in {opened - began:.1f} s, Run All {run_seconds:.1f} s "
        f"({ran['ran']} cells, {count} widget views), total {TIMINGS[name]:.1f} s"
    )
    if notebook.console_errors:
        print(f"{name}: browser console errors (not widget-related): {notebook.console_errors[:3]}")


FRAMING = "05_framing_and_naming.ipynb"
EXPLORER = "tk-framing-explorer"


def test_framing_explorer_reacts_to_its_controls(lab, browser):
    """Notebook 05 in JupyterLab: Run All, then switch the framing explorer to the quoted
    voice and to another referent; its chart, table and concordance follow each change."""
    copies = {path.name: path for path in course_notebooks(lab.root)}
    assert FRAMING in copies, f"{FRAMING} is not in the copy of notebooks/ the server serves"
    expected_cells = sum(bool(source.strip()) for source in _code_cells(copies[FRAMING]))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    notebook = NotebookPage(page, lab, FRAMING, SHOTS)
    try:
        notebook.open(OPEN_TIMEOUT)
        ran = notebook.run_all(expected_cells, RUN_TIMEOUT)
        assert ran["ran"] >= expected_cells, ran
        notebook.wait_widgets(30)
        found = notebook.errors()
        assert not found["errors"], found["errors"]
        assert mark_widget(notebook, EXPLORER), "the framing explorer did not render"
        cell = notebook.panel.locator("[data-browser-test='cell']")
        cell.scroll_into_view_if_needed()
        before = notebook.output_html()
        assert "الوجود الأمريكي" in before  # the default referent: the US presence

        click_toggle(notebook, EXPLORER, "quoted")
        quoted = notebook.wait_output_changed(before, CHANGE_TIMEOUT)
        notebook.shot("framing-quoted", cell)
        assert "اقتباس (quoted)" in quoted and "السرد (narration)" not in quoted
        assert 'dir="rtl" lang="ar"' in quoted and "<img" in quoted

        choose_option(notebook, EXPLORER, "referent", "armed_factions")
        factions = notebook.wait_output_changed(quoted, CHANGE_TIMEOUT)
        notebook.shot("framing-armed-factions", cell)
        assert "المقاومة الإسلامية" in factions
        assert not notebook.errors()["errors"]
        assert not notebook.log_messages() or not ERROR_TEXT.search(notebook.log_messages())
    except Exception:
        with contextlib.suppress(Exception):
            notebook.shot("framing-failed")
        raise
    finally:
        page.close()
        lab.shutdown_sessions()


VALIDATE = "06_validate_before_you_conclude.ipynb"


@pytest.mark.skipif(VALIDATE not in NAMES, reason=f"{VALIDATE} is not in the course")
def test_annotation_widget_writes_answers_to_disk(lab, browser):
    """Notebook 06: Run All, answer two claims in the annotation widget, find them on disk.

    The kernel writes to the ANNOTATIONS folder the test server sets (``lab.annotations``);
    the two answers must be there as JSON lines, for the first two items of the sample, with
    the annotator's name typed into the widget.
    """
    from toolkit.datasets import course_articles
    from toolkit.stance import classify_stance
    from toolkit.validate import sample_for_review

    expected = sample_for_review(
        classify_stance(course_articles()), n=30, by="stance", seed=0
    ).head(2)
    sources = _code_cells(lab.root / VALIDATE)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    notebook = NotebookPage(page, lab, VALIDATE, SHOTS)
    try:
        notebook.open(OPEN_TIMEOUT)
        ran = notebook.run_all(sum(bool(s.strip()) for s in sources), RUN_TIMEOUT)
        notebook.wait_widgets(30)
        assert not notebook.errors()["errors"], notebook.errors()["errors"]
        widget = AnnotationDriver(notebook)
        widget.root.scroll_into_view_if_needed()
        widget.set_annotator("browser-test")
        widget.answer("oppose")
        widget.answer("support")
        notebook.shot("annotated", widget.root)
        lines = wait_for_lines(lab.annotations / "browser-test.jsonl", 2)
    except Exception as error:
        with contextlib.suppress(Exception):
            notebook.shot("annotation-failed")
        pytest.fail(f"{VALIDATE}: {type(error).__name__}: {error}\nserver log:\n{lab.log_tail(15)}")
    finally:
        page.close()
        lab.shutdown_sessions()
    assert [(r["item"], r["annotator"], r["label"]) for r in lines] == [
        (expected["item"][0], "browser-test", "oppose"),
        (expected["item"][1], "browser-test", "support"),
    ]
    assert [r["sentence_sha256"] for r in lines] == expected["sentence_sha256"].to_list()
    assert all(r["time"].endswith("Z") for r in lines)
    print(f"\n{VALIDATE}: {ran['ran']} cells ran; two answers written to {lab.annotations}")
