"""The viewer in a real browser: Debian's headless Chromium, driven by Playwright, from file://.

``.ci/run`` installs Chromium (``scripts/install_chromium.sh``); the test is skipped only when no
Chromium binary exists. Its screenshot is saved under ``test-artifacts/`` (or
``$CLAIMTRACE_ARTIFACTS``); ``docs/viewer.png`` is a copy of it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from claimtrace.valid import load_valid
from claimtrace.viewer.build import build_viewer

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and os.access(p, os.X_OK)),
    None,
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium binary (/usr/bin/chromium); scripts/install_chromium.sh installs it",
    ),
]
HIGHLIGHT_TEXTS = """(attribute) => {
  const out = {};
  document.querySelectorAll('[' + attribute + ']').forEach((el) => {
    const id = el.getAttribute(attribute);
    out[id] = (out[id] || '') + el.textContent;
  });
  return out;
}"""


def artifacts() -> Path:
    folder = Path(os.environ.get("CLAIMTRACE_ARTIFACTS", ROOT / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def package():
    return load_valid(ROOT)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """One headless Chromium with a fresh profile (its --user-data-dir) for the module's pages."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": 1400, "height": 860},
        )
        try:
            yield context
        finally:
            context.close()


def open_page(context, folder: Path, html: bytes):
    """Write ``html`` into ``folder``, open it from file:// in a new tab; return it and a log of
    console messages, page errors, dialogs and requests."""
    page_file = folder / "viewer.html"
    page_file.write_bytes(html)
    url = page_file.as_uri()
    log = {"console": [], "requests": [], "dialogs": [], "url": url}
    page = context.new_page()
    page.on("console", lambda m: log["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: log["console"].append(("pageerror", str(e))))
    page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: log["requests"].append(r.url))
    page.goto(url, wait_until="load")
    return page, log


@pytest.fixture(scope="module")
def browser_page(chromium, tmp_path_factory):
    return open_page(chromium, tmp_path_factory.mktemp("viewer"), build_viewer(ROOT))


def test_every_highlight_shows_its_quote(browser_page, package):
    page, _ = browser_page
    claims = dict(package.frames["claims"].select("claim_id", "quote").iter_rows())
    figures = dict(package.frames["figures"].select("figure_id", "quote").iter_rows())
    assert page.evaluate(HIGHLIGHT_TEXTS, "data-claim-id") == claims
    assert page.evaluate(HIGHLIGHT_TEXTS, "data-figure-id") == figures


def _claim_to_click(package) -> tuple[str, list[str]]:
    """A claim of a conflicting proposition stated in several sources (or any such proposition)."""
    claims = package.frames["claims"].join(
        package.frames["propositions"].select("proposition_id", "status"), on="proposition_id"
    )
    several = (
        claims.group_by("proposition_id", "status")
        .agg(pl.col("claim_id").sort(), sources=pl.col("source_id").n_unique())
        .filter(pl.col("sources") > 1)
        .sort(pl.col("status") != "conflicting", "proposition_id")
    )
    ids = several["claim_id"][0].to_list()
    return ids[0], ids[1:]


def test_clicking_a_conflicting_claim_highlights_and_scrolls_to_the_other_sources(
    browser_page, package
):
    page, _ = browser_page
    clicked, others = _claim_to_click(package)
    page.click(f'mark.claim.first[data-claim-id="{clicked}"]')
    state = page.evaluate(
        """(ids) => ids.map((id) => {
          const marks = [...document.querySelectorAll('mark.claim[data-claim-id="' + id + '"]')];
          const box = marks[0].closest('.text').getBoundingClientRect();
          const r = marks[0].getBoundingClientRect();
          return [id, marks.map((m) => m.className), r.top >= box.top && r.bottom <= box.bottom];
        })""",
        [clicked, *others],
    )
    assert all("selected" in c for c in state[0][1])
    for claim_id, classes, visible in state[1:]:
        assert all("aligned" in c for c in classes), claim_id
        assert visible, f"{claim_id} is not scrolled into view"
    rows = page.eval_on_selector_all(
        "#panel-body tr[data-row-claim]", "rs => rs.map(r => r.getAttribute('data-row-claim'))"
    )
    assert sorted(rows) == sorted([clicked, *others])
    page.screenshot(path=str(artifacts() / "viewer.png"))


def test_keyboard_moves_between_claims(browser_page):
    page, _ = browser_page
    first = page.get_attribute("mark.claim.first", "data-claim-id")
    page.focus("mark.claim.first")
    page.keyboard.press("Enter")
    assert page.get_attribute("mark.claim.selected", "data-claim-id") == first
    page.keyboard.press("j")
    second = page.eval_on_selector_all(
        "mark.claim.first", "ms => ms[1].getAttribute('data-claim-id')"
    )
    assert page.get_attribute("mark.claim.selected", "data-claim-id") == second
    focused = page.evaluate("document.activeElement.getAttribute('data-claim-id')")
    assert focused == second
    page.keyboard.press("Escape")
    assert page.query_selector("mark.claim.selected") is None


def test_proposition_filter_shows_conflicting_first_and_only_the_chosen_status(
    browser_page, package
):
    page, _ = browser_page
    statuses = page.eval_on_selector_all(
        "#filter-status option", "os => os.map(o => o.value).filter(Boolean)"
    )
    assert statuses[0] == "conflicting"
    page.select_option("#filter-status", "conflicting")
    shown = page.eval_on_selector_all(
        "table.props tbody tr:not([hidden])", "rs => rs.map(r => r.getAttribute('data-status'))"
    )
    expected = package.frames["propositions"].filter(pl.col("status") == "conflicting").height
    assert shown == ["conflicting"] * expected
    page.select_option("#filter-status", "")


def test_no_console_errors_and_no_network_requests(browser_page):
    page, log = browser_page
    page.reload(wait_until="load")
    assert [m for m in log["console"] if m[0] in ("error", "pageerror", "warning")] == []
    assert set(log["requests"]) == {log["url"]}


def test_hostile_strings_run_nothing_in_the_browser(chromium, tmp_path):
    from viewer_helpers import HOSTILE_QUOTE, hostile_package

    corpus = hostile_package(tmp_path / "pkg")
    page, log = open_page(chromium, tmp_path, build_viewer(corpus.root))
    page.click('mark.claim.first[data-claim-id="kyivindependent_decree.c99"]')
    texts = page.evaluate(HIGHLIGHT_TEXTS, "data-claim-id")
    assert texts["kyivindependent_decree.c99"] == HOSTILE_QUOTE
    assert page.evaluate("document.scripts.length") == 2
    assert page.evaluate("document.querySelectorAll('img, [onload], [onerror]').length") == 0
    assert "alert(" in page.inner_text("#panel-body")  # shown as text, never run
    page.close()
    assert log["dialogs"] == []
    assert [m for m in log["console"] if m[0] in ("error", "pageerror", "warning")] == []
