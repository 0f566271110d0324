"""storyfold serve in a real Chromium (Debian's package, driven by Playwright's Python client).

The server runs in a thread on a free port of 127.0.0.1 over a store folded by the test;
each test saves screenshots under ``test-output/screenshots`` (kept by CI as artifacts).
Skipped with a message when Chromium or Playwright is missing (`make test` installs both).
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed (pip install '.[web]')")
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (make test installs it)"
)

import uvicorn  # noqa: E402

from storyfold import Store, fold  # noqa: E402
from storyfold.web import create_app  # noqa: E402

from ..conftest import ROOT, shared_path  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = ROOT / "test-output" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not found (make test installs Debian's chromium package)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``storyfold serve``'s app under uvicorn in a thread."""

    def __init__(self, db: Path) -> None:
        self.port = _free_port()
        config = uvicorn.Config(
            create_app(db), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start within 20 s")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_seeds_in_the_browser(browser, tmp_path):
    seeds = shared_path("corpora", "seeds")
    db = tmp_path / "seeds.db"
    with Store(db) as store:
        fold([str(seeds)], store)
    with Server(db) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}/stories")
        _shot(page, "01-story-list")
        page.get_by_role("link", name="North Korea", exact=False).first.click()
        page.wait_for_load_state()
        _shot(page, "02-north-korea-story")
        lede = page.locator("p.lede").inner_text()
        assert "5 articles" in lede and "2 independent sources" in lede
        variants = page.locator("section.variants").inner_text()
        assert "14,000" in variants and "12,000" in variants
        troops = page.locator("section.variants li", has_text="how many troops")
        assert troops.locator("mark").all_inner_texts() == [
            "an estimated 14,000",
            "as many as 12,000",
        ]
        assert troops.locator(".who a").count() >= 2  # each side names its sources
        kim = page.locator("section.variants li.kind-quote", has_text="quote of Kim")
        assert kim.count() == 1
        assert {"They", "Those"} <= set(kim.locator("mark").all_inner_texts())
        assert kim.locator(".who a").count() >= 2
        # side by side: the first two articles
        boxes = page.locator("input[form=compare]")
        boxes.nth(0).check()
        boxes.nth(1).check()
        page.get_by_role("button", name="Side by side").click()
        page.wait_for_load_state()
        _shot(page, "03-side-by-side")
        assert page.locator("table.compare thead th").count() == 3
        # merge two one-article stories from the list, then split one article off again
        page.goto(f"{server.url}/stories")
        rows = page.locator("table.stories tbody tr")
        n_before = rows.count()
        picked = [rows.nth(n_before - k).locator("input[type=checkbox]") for k in (1, 2)]
        picked_ids = {box.get_attribute("value") for box in picked}
        for box in picked:
            box.check()
        page.get_by_role("button", name="Merge the ticked stories").click()
        page.wait_for_load_state()
        _shot(page, "04-merged")
        merged_url = page.url
        page.reload()  # the merge is stored, not a page state
        assert "2 articles" in page.locator("p.lede").inner_text()
        survivor = merged_url.rsplit("/", 1)[-1]
        assert survivor in picked_ids
        members = [a["id"] for a in page.request.get(f"{merged_url}.json").json()["articles"]]
        page.locator("input[form=split]").first.check()
        page.get_by_role("button", name="Split the ticked articles into a new story").click()
        page.wait_for_load_state()
        _shot(page, "05-split-off")
        split_url = page.url
        page.reload()
        assert page.url == split_url and "1 article ·" in page.locator("p.lede").inner_text()
        moved = [a["id"] for a in page.request.get(f"{split_url}.json").json()["articles"]]
        kept = [a for a in members if a not in moved]
        assert len(moved) == 1 and len(kept) == 1
    # a later fold (the seeds again and a new report) keeps both corrections
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "extra", "title": "Harbour board meets",
        "text": "The harbour board of Eastmere met on Friday and agreed a new timetable for "
        "the winter ferries after a long debate about the north pier."}) + "\n")  # fmt: skip
    with Store(db) as store:
        fold([str(seeds), str(extra)], store)
    with Server(db) as server:
        page = browser.new_page()
        base = merged_url.split("/stories")[0]
        after_merge = page.request.get(merged_url.replace(base, server.url) + ".json").json()
        assert [a["id"] for a in after_merge["articles"]] == kept
        after_split = page.request.get(split_url.replace(base, server.url) + ".json").json()
        assert [a["id"] for a in after_split["articles"]] == moved
        page.goto(server.url + "/stories")
        assert page.locator("table.stories tbody tr").count() == n_before + 1  # the new report


def test_scripts_in_an_article_never_run(browser, hostile_db):
    with Server(hostile_db) as server:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in ("/stories", "/articles/hostile%230"):
            page.goto(server.url + url)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__pwned") is None, url
        _shot(page, "06-hostile-article")
        assert "<script>" in page.locator("article.text").inner_text() + page.title()
        assert dialogs == []


def test_the_static_export_opens_from_disk_with_working_links(browser, tmp_path):
    from click.testing import CliRunner

    from storyfold.cli import main

    from ..conftest import DEMO

    db = tmp_path / "demo.db"
    with Store(db) as store:
        fold([str(DEMO)], store)
    out = tmp_path / "site"
    assert CliRunner().invoke(main, ["export", "--db", str(db), "--html", str(out)]).exit_code == 0
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((out / "index.html").as_uri())
    assert page.locator("table.stories tbody tr").count() == 14
    # the stylesheet loaded: the header has its colour
    assert page.eval_on_selector("header.top", "e => getComputedStyle(e).backgroundColor") != (
        "rgba(0, 0, 0, 0)"
    )
    _shot(page, "07-export-list")
    page.locator("table.stories tbody tr a").first.click()
    page.wait_for_load_state()
    assert "6 articles" in page.locator("p.lede").inner_text()
    _shot(page, "08-export-story")
    page.locator("section.timeline tbody a").first.click()
    page.wait_for_load_state()
    assert page.locator("article.text p").count() > 3
    _shot(page, "09-export-article")
    page.get_by_role("link", name="Stories").click()
    page.wait_for_load_state()
    assert page.url.endswith("/index.html")
