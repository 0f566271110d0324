"""storyfold serve: every page and its JSON twin over a folded store, corrections, safety."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed (pip install '.[web]')")

from starlette.testclient import TestClient

from storyfold import Store, fold
from storyfold.web import create_app
from storyfold.web.app import CSP

from ..conftest import DEMO


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web") / "demo.db"
    with Store(db) as store:
        fold([str(DEMO)], store)
    return db


@pytest.fixture
def client(demo_db: Path, tmp_path: Path) -> TestClient:
    db = tmp_path / "demo.db"
    db.write_bytes(demo_db.read_bytes())  # each test may correct its own copy
    return TestClient(create_app(db))


def _dam(client: TestClient) -> dict:
    listed = client.get("/stories.json").json()
    return max(listed["stories"], key=lambda s: s["n_articles"])


def test_story_list_and_its_json_twin(client):
    page = client.get("/stories")
    assert page.status_code == 200 and "Stories" in page.text
    data = client.get("/stories.json").json()
    assert data["schema"] == "storyfold/web-stories"
    assert len(data["stories"]) == 14 and data["next_page"] is None
    top = data["stories"][0]
    assert top["n_articles"] == 6  # most covered first
    for row in data["stories"]:  # the list counts sources as the account does
        account = client.get(f"/stories/{row['id']}.json").json()["account"]
        assert row["independent_sources"] == (account["independent_sources"] if account else 1)
    assert top["title"] in page.text


def test_list_is_paged_searched_and_filtered(client):
    first = client.get("/stories.json?per_page=5").json()
    assert len(first["stories"]) == 5 and first["next_page"] == 2
    second = client.get("/stories.json?per_page=5&page=2").json()
    assert not {s["id"] for s in first["stories"]} & {s["id"] for s in second["stories"]}
    found = client.get("/stories.json?q=brackwater").json()["stories"]
    assert found and all("brackwater" in s["title"].lower() for s in found)
    site = client.get("/stories.json?site=Newsdrift").json()["stories"]
    assert site and all("Newsdrift" in s["sources"] for s in site)
    assert client.get("/stories.json?since=2099-01-01").json()["stories"] == []
    bad = client.get("/stories.json?page=zero")
    assert bad.status_code == 400 and "page='zero'" in bad.json()["error"]["message"]


def test_story_page_shows_sources_claims_variants_and_lineage(client):
    dam = _dam(client)
    html = client.get(f"/stories/{dam['id']}").text
    data = client.get(f"/stories/{dam['id']}.json").json()
    acc = data["account"]
    assert acc["independent_sources"] == 2
    assert "2 independent sources" in html
    for section in ("Summary", "Where the sources differ", "Lineage", "Claim by claim"):
        assert section in html
    assert "<mark>about 900</mark>" in html and "<mark>1,200</mark>" in html
    assert html.count('class="claim status-') == len(acc["claims"])
    assert "is-original" in html and "original</span>" in html


def test_side_by_side_marks_the_words_that_differ(client):
    dam = _dam(client)
    data = client.get(f"/stories/{dam['id']}.json").json()
    ids = {a["source"]: a["id"] for a in data["articles"]}
    wire, drift = ids["meridian-wire_brackwater-spillway.txt"], ids["Newsdrift"]
    url = f"/stories/{dam['id']}/compare?a={quote(wire)}&a={quote(drift)}"
    html = client.get(url).text
    twin = client.get(url.replace("/compare?", "/compare.json?")).json()
    assert [c["source"] for c in twin["columns"]] == [
        "meridian-wire_brackwater-spillway.txt",
        "Newsdrift",
    ]
    assert "<mark>stew</mark>" in html
    assert any(
        any(run["differs"] for run in (cell or [])) for row in twin["rows"] for cell in row["cells"]
    )


def test_article_page_shows_dropped_lines_with_reasons(client):
    dam = _dam(client)
    data = client.get(f"/stories/{dam['id']}.json").json()
    hub = next(a for a in data["articles"] if a["source"].startswith("valleyhub"))
    page = client.get(f"/articles/{quote(hub['id'])}")
    twin = client.get(f"/articles/{quote(hub['id'])}.json").json()
    assert page.status_code == 200
    lines = {d["line"]: d["reason"] for d in twin["dropped"]}
    assert lines.get("Leave a reply") and all(lines.values())
    assert '<span class="line">Leave a reply</span>' in page.text
    assert twin["paragraphs"][0].startswith("LOWER KESSING")


def test_copies_and_why(client):
    copies = client.get("/copies.json").json()["copies"]
    assert {c["relation"] for c in copies} >= {"exact", "near", "contained", "rewrite"}
    c = copies[0]
    why = client.get(f"/why.json?a={quote(c['a'])}&b={quote(c['b'])}").json()
    assert why["same_story"] is True
    assert client.get(f"/why?a={quote(c['a'])}&b={quote(c['b'])}").status_code == 200
    assert client.get("/copies").status_code == 200


def test_one_error_shape_for_html_and_json(client):
    json_error = client.get("/stories/s000000000000.json")
    assert json_error.status_code == 404
    assert (
        set(json_error.json()) == {"error"}
        and "s000000000000" in json_error.json()["error"]["message"]
    )
    html_error = client.get("/stories/s000000000000")
    assert html_error.status_code == 404 and "s000000000000" in html_error.text
    assert client.get("/nowhere").status_code == 404


def _csrf(client: TestClient, page: str) -> str:
    html = client.get(page).text
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_merge_and_split_from_the_page_persist(client, tmp_path):
    stories = client.get("/stories.json").json()["stories"]
    a, b = stories[-1]["id"], stories[-2]["id"]
    token = _csrf(client, "/stories")
    merged = client.post(
        "/stories/merge", data={"csrf": token, "story": [a, b]}, follow_redirects=False
    )
    assert merged.status_code == 303
    survivor = merged.headers["location"].rsplit("/", 1)[-1]
    page = client.get(f"/stories/{survivor}.json").json()
    assert len(page["articles"]) == 2
    moved = page["articles"][0]["id"]
    token = _csrf(client, f"/stories/{survivor}")
    split = client.post(
        f"/stories/{survivor}/split",
        data={"csrf": token, "article": [moved]},
        follow_redirects=False,
    )
    assert split.status_code == 303
    new = split.headers["location"].rsplit("/", 1)[-1]
    assert [x["id"] for x in client.get(f"/stories/{new}.json").json()["articles"]] == [moved]
    assert len(client.get(f"/stories/{survivor}.json").json()["articles"]) == 1


def test_a_post_without_the_cookie_token_is_refused(client):
    stories = client.get("/stories.json").json()["stories"]
    client.cookies.clear()
    refused = client.post(
        "/stories/merge", data={"csrf": "forged", "story": [stories[-1]["id"], stories[-2]["id"]]}
    )
    assert refused.status_code == 403
    assert len(client.get("/stories.json").json()["stories"]) == 14


def test_every_response_carries_the_security_headers(client):
    for url in ("/stories", "/stories.json", "/static/style.css", "/nowhere"):
        r = client.get(url)
        assert r.headers["content-security-policy"] == CSP, url
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "'unsafe-inline'" not in CSP


def test_hostile_article_text_is_escaped(hostile_db):
    client = TestClient(create_app(hostile_db))
    html = client.get("/articles/hostile%230").text + client.get("/stories").text
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html


def test_export_writes_every_page_with_relative_links(demo_db, tmp_path, runner):
    from storyfold.cli import main

    out = tmp_path / "site"
    result = runner.invoke(main, ["export", "--db", str(demo_db), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert "14 stories, 26 articles" in result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="static/style.css"' in index and "/stories/merge" not in index
    links = re.findall(r'href="([^"]+)"', index)
    assert links and not [x for x in links if x.startswith("/")]  # all relative
    for link in links:
        assert (out / link).exists(), link
    story = next(out.glob("stories/*.html"))
    for link in re.findall(r'href="([^"]+)"', story.read_text(encoding="utf-8")):
        if not link.startswith("http"):
            assert (story.parent / link).exists(), link
    assert json.loads(story.with_suffix(".json").read_text(encoding="utf-8"))["schema"] == (
        "storyfold/web-story"
    )


def test_pages_answer_while_a_fold_writes_the_store(client, tmp_path):
    import subprocess
    import sys

    served = tmp_path / "demo.db"  # the copy the client serves
    records = tmp_path / "more.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"extra-{n}",
                    "title": f"Quay {n} reopens after repairs",
                    "text": f"The harbour board reopened quay {n} on Friday after six weeks of "
                    "repairs to its timber piles, the board said.\n\nFerries will use it "
                    "again from Monday, with the first crossing at seven.",
                }
            )
            + "\n"
            for n in range(300)
        ),
        encoding="utf-8",
    )
    fold_proc = subprocess.Popen(
        [sys.executable, "-m", "storyfold", "fold", str(records), "--db", str(served), "-q"]
    )
    statuses = []
    while fold_proc.poll() is None:
        statuses.append(client.get("/stories.json?per_page=5").status_code)
    assert fold_proc.wait() == 0
    statuses.append(client.get("/stories.json?per_page=5").status_code)
    assert statuses and set(statuses) == {200}


def test_the_lineage_graph_has_every_article_and_points_right(client):
    dam = _dam(client)
    data = client.get(f"/stories/{dam['id']}.json").json()
    graph = data["graph"]
    assert {n["id"] for n in graph["nodes"]} == {a["id"] for a in data["articles"]}
    assert sum(n["original"] for n in graph["nodes"]) == 2  # one per independent source
    assert len(graph["edges"]) == len(data["account"]["lineage"])
    assert all(e["x2"] > e["x1"] for e in graph["edges"])
    html = client.get(f"/stories/{dam['id']}").text
    assert html.count("<rect ") == 6 and 'stroke-dasharray="5 3"' in html  # the rewrite
