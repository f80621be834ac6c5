"""The web app in a real browser: Debian's chromium driven by Playwright, the server really started.

Click-through from the stories page to a discrepancy and its highlighted sentences, and
XSS payloads (script tags, onerror attributes, javascript: links) sent through page
titles, outlet names and text, which must show as text and never run.
Set STORYLINE_SCREENSHOTS=docs to refresh the screenshots the README shows.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from storyline.web import create_app

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parent.parent
EXAMPLES = [REPO / "examples" / "harbor-recall", REPO / "examples" / "wendelsaue-fire"]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
TOKEN = "browser-test-token"

# Each payload would set window.__xss (or open a dialog) if it ever ran. Page text keeps markup as
# the literal text it is (title and body); an HTML page's outlet name comes from an attribute.
HOSTILE_TITLE = 'Harbor crane collapse <script>window.__xss="title"</script>'
HOSTILE_TEXT = """{title}

February {day}, 2026

A crane collapsed at the Pier 9 container terminal on Monday, injuring {injured} dock workers, the port
authority said. <img src=x onerror="window.__xss='body'"> Work at the terminal was halted.

The port authority said the crane, built in 1998, had passed an inspection in January. <a
href="javascript:window.__xss='link'">Read the inspection report</a> before the collapse.

"We are investigating what failed," said harbour master Lena Brandt. Unions called for all cranes of the
same model to be checked before work resumes at the terminal next week.
"""
HOSTILE_OUTLET = "<img src=x onerror=\"window.__xss='outlet'\">Evil Times"
HOSTILE_HTML = """<!DOCTYPE html><html><head><title>Crane collapse at Pier 9</title>
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="2026-02-02T09:00:00Z"></head>
<body><article><h1>Crane collapse at Pier 9 injures dock workers</h1>
<p>A crane collapsed at the Pier 9 container terminal on Monday, injuring three dock workers, the port
authority said. Work at the terminal was halted.</p>
<p>The port authority said the crane, built in 1998, had passed an inspection in January.</p>
<p>"We are investigating what failed," said harbour master Lena Brandt. Unions called for all cranes of the
same model to be checked before work resumes at the terminal next week.</p>
</article></body></html>"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server over an empty library, filled with the bundled example pages through the API."""
    db = tmp_path_factory.mktemp("served") / "storyline.db"
    port = _free_port()
    config = uvicorn.Config(create_app(db, token=TOKEN), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        if running.started:
            break
        time.sleep(0.1)
    assert running.started, "the server did not start"
    pages = [{("html" if path.suffix == ".html" else "text"): path.read_text(encoding="utf-8"), "source": path.name}
             for folder in EXAMPLES for path in sorted(folder.glob("*")) if path.suffix in (".html", ".txt")]
    added = httpx.post(f"{base}/articles", json={"pages": pages}, headers={"Authorization": f"Bearer {TOKEN}"},
                       timeout=300)
    assert added.status_code == 200 and added.json()["added"] == 9, added.text
    yield base
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    assert not dialogs, f"a dialog opened: {dialogs}"
    context.close()


def _shot(page: Page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("STORYLINE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=False)
    assert (folder / name).stat().st_size > 10_000


def test_click_through_to_a_discrepancy_and_its_sentences(server: str, page: Page, tmp_path: Path) -> None:
    page.goto(server + "/")
    assert page.locator("li.story").count() == 2
    _shot(page, "stories-page.png", tmp_path)
    page.get_by_role("link", name="Space heater maker Kestrel recalls 5,400 units over fire risk").click()
    page.wait_for_url("**/story/*")
    assert "5 pages from 4 outlets; 1 is a copy" in page.locator("#story-counts").inner_text()
    assert page.locator("#provenance .summary").inner_text().startswith("5 pages, 1 independent report: Meridian")
    assert page.locator("svg.timeline circle").count() == 5
    _shot(page, "story-page.png", tmp_path)

    # The discrepancy over how many heaters were recalled: each side's quote links to its sentence.
    item = page.locator("#discrepancies .item").filter(has_text="4,500").filter(has_text="5,400").first
    positions = item.locator("li")
    assert positions.count() >= 2
    seen = set()
    for n in range(positions.count()):
        cited = " ".join(positions.nth(n).locator("q").first.inner_text().split())
        positions.nth(n).locator("span.value a").click()  # the value ("about 4,500") links to its sentence
        anchor = page.evaluate("location.hash")
        target = page.locator(":target")
        assert target.count() == 1 and f"#{target.get_attribute('id')}" == anchor
        assert " ".join(target.inner_text().split()) == cited.strip('"“”')
        assert "conflict" in (target.get_attribute("class") or "")
        assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
        assert target.is_visible()
        seen.add(anchor.split("-")[0])
    assert len(seen) >= 2  # the highlighted sentences are in two different sources


def test_hostile_text_shows_as_text_and_never_runs(server: str, page: Page) -> None:
    pages = [{"text": HOSTILE_TEXT.format(title=HOSTILE_TITLE, day=1, injured="five"), "source": "hostile.txt"},
             {"html": HOSTILE_HTML.format(outlet=HOSTILE_OUTLET.replace('"', "&quot;")), "source": "hostile.html"}]
    added = httpx.post(f"{server}/articles", json={"pages": pages}, headers={"Authorization": f"Bearer {TOKEN}"},
                       timeout=120)
    assert added.status_code == 200 and added.json()["added"] == 2, added.text
    page.goto(server + "/?q=crane+collapse+Pier+9")
    page.get_by_role("link", name=HOSTILE_TITLE).first.click()
    page.wait_for_url("**/story/*")
    assert page.locator("#sources").count() == 1
    body = page.locator("body").inner_text()
    assert page.locator("h1").inner_text() == HOSTILE_TITLE  # the story's title, shown as the text it is
    assert HOSTILE_OUTLET in body  # the outlet name, shown as text
    assert "<img src=x onerror=\"window.__xss='body'\">" in body and "javascript:window.__xss" in body
    for url in (page.url, server + "/", server + "/?outlet=" + quote(HOSTILE_OUTLET)):
        page.goto(url)
        if "outlet=" in url:
            assert page.locator("li.story").count() == 1  # the hostile outlet's own story, listed
        assert page.evaluate("window.__xss") is None
        assert page.locator("script").count() == 0
        assert page.locator("img").count() == 0
        assert page.locator('a[href^="javascript:"]').count() == 0

    # The compare page, with the payload pasted in.
    page.goto(server + "/compare")
    page.fill("#pasted1", HOSTILE_TEXT.format(title=HOSTILE_TITLE, day=4, injured="two"))
    page.fill("#pasted2", HOSTILE_TEXT.format(title=HOSTILE_TITLE, day=4, injured="six"))
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    assert page.locator("#discrepancies").count() == 1
    assert page.evaluate("window.__xss") is None and page.locator("script").count() == 0


def test_readable_on_a_phone_sized_screen(server: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        for path in ("/", "/story/1", "/compare"):
            phone.goto(server + path)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 391, f"{path} is {width} px wide on a 390 px screen"
            if path.startswith("/story/"):
                columns = phone.evaluate("getComputedStyle(document.querySelector('.sources')).gridTemplateColumns")
                assert columns.count("px") == 1  # on a phone the sources stack in one column
    finally:
        context.close()
