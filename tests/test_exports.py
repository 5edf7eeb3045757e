"""The HTML exports of ``make run`` work offline: read in a browser with the network off, every
interactive view shows its content, and nothing is loaded from outside the page.

One run of the course on the shipped data (``run_course``) serves every test here. The browser
test opens each export in headless Chromium with every request outside ``file://`` blocked
and recorded; needs Debian's ``chromium`` (skipped, saying so, without it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from browser_support import CHROMIUM_FLAGS, find_chromium

from toolkit.course import course_notebooks, run_course

pytestmark = pytest.mark.slow

NAMES = [path.name for path in course_notebooks()]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ARABIC_WORD = re.compile(r"[\u0621-\u064a]{4,}")
# The views each notebook shows, at least (notebook 00 teaches live() on the article).
VIEWS = {
    "00_start_here": 1,
    "01_load_and_tokenize": 2,  # normalization explorer, KWIC
    "02_entity_frequency": 2,  # entity explorer, reading view
    "03_stance_by_party": 1,  # evidence browser
    "04_figure_comparisons": 1,  # figure explorer
    "05_framing_and_naming": 1,  # framing explorer
    "06_validate_before_you_conclude": 3,  # two annotation widgets, the interval explorer
}
# Words of the shipped articles that a view shows as text (the others show charts).
KNOWN = {"01_load_and_tokenize": ["القوات"], "02_entity_frequency": ["بايدن"]}


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("course") / "build"
    run_course(out=out)
    return out


def _snapshots(executed: Path) -> list[str]:
    """The snapshot of every widget the executed notebook displayed, in order."""
    notebook = nbformat.read(executed, as_version=4)
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                assert "text/html" in data, f"{executed.name}: a widget without a snapshot"
                found.append(data["text/html"])
    return found


@pytest.mark.parametrize("name", NAMES)
def test_each_export_loads_nothing_and_shows_each_view(build, name):
    stem = Path(name).stem
    page = (build / "html" / f"{stem}.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower(), "the export has a script (require.js, MathJax, …)"
    for tag in re.findall(r"<(?:link|img|iframe|source|object|embed)\b[^>]*>", page, re.I):
        assert not re.search(r"""(?:src|href|data)\s*=\s*["']?(?:https?:)?//""", tag), tag
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page)
    snapshots = _snapshots(build / "notebooks" / name)
    assert len(snapshots) >= VIEWS.get(stem, 0), f"{stem}: {len(snapshots)} views"
    assert page.count('<div class="tk-snapshot">') == len(snapshots)
    assert WIDGET_VIEW not in page


@pytest.fixture(scope="module")
def chromium() -> str:
    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed: apt-get install chromium")
    return executable


@pytest.mark.browser
def test_the_exports_read_offline_in_a_browser(build, chromium):
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def offline(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("internetdisconnected")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
        )
        context = browser.new_context()
        context.route("**/*", offline)  # the network is off: every request is refused
        asked: list[str] = []
        context.on("request", lambda request: asked.append(request.url))
        try:
            for name in NAMES:
                stem = Path(name).stem
                expected = _snapshots(build / "notebooks" / name)
                page = context.new_page()
                page.goto((build / "html" / f"{stem}.html").as_uri(), wait_until="load")
                views = page.locator(".tk-snapshot")
                assert views.count() == len(expected) >= VIEWS.get(stem, 0), stem
                shown = []
                for index, html in enumerate(expected):
                    view = views.nth(index)
                    assert view.is_visible(), f"{stem}: view {index + 1} is hidden"
                    text = view.inner_text()
                    shown.append(text)
                    words = ARABIC_WORD.findall(re.sub(r"<[^>]+>", " ", html))
                    for word in words[:5]:
                        assert word in text, f"{stem}, view {index + 1}: «{word}» not shown"
                    images = view.evaluate(
                        "v => [...v.querySelectorAll('img')].map(i => i.complete && i.naturalWidth)"
                    )
                    assert all(images), f"{stem}, view {index + 1}: an image did not load"
                    assert words or images or "Wilson interval" in text, f"{stem}: empty view"
                for word in KNOWN.get(stem, []):
                    assert any(word in text for text in shown), f"{stem}: «{word}» not shown"
                empty = page.evaluate(
                    """() => [...document.querySelectorAll('.jp-OutputArea-output')]
                        .filter(o => !o.innerText.trim() && !o.querySelector('img, svg'))
                        .length"""
                )
                assert empty == 0, f"{stem}: {empty} empty outputs"
                page.close()
        finally:
            context.close()
            browser.close()
    outside = [url for url in asked if not url.startswith(("file://", "data:"))]
    assert blocked == outside == [], f"the exports asked the network for {json.dumps(outside[:5])}"
