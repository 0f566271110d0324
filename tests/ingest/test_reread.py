"""Re-reads cost no parsing: the content hash is looked up before decoding or extraction."""

from __future__ import annotations

import json
import pickle
import shutil

import pytest

import storyfold.ingest.html as html_module
import storyfold.ingest.sources as sources
from storyfold import Store, fold
from storyfold.ingest.sources import RawInput, read_documents, read_inputs, to_items
from storyfold.model import Document
from storyfold.pipeline import public_name

from ..conftest import DEMO
from .test_html import NEWS_PAGE


def _no_extraction(*_args, **_kwargs):
    raise AssertionError("a known input was extracted again")


def _no_decoding(*_args, **_kwargs):
    raise AssertionError("a known input was decoded again")


def _dump(db) -> list[str]:
    with Store(str(db)) as store:
        return list(store.db.iterdump())


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The demo folded once, its store's dump and the first fold's report."""
    db = tmp_path_factory.mktemp("refold") / "demo.db"
    with Store(str(db)) as store:
        report = fold([str(DEMO)], store)
    return db, _dump(db), report


def test_refold_of_unchanged_inputs_neither_decodes_nor_extracts(demo_store, monkeypatch):
    db, before, first = demo_store
    monkeypatch.setattr(html_module, "extract_html", _no_extraction)
    monkeypatch.setattr(sources, "decode_bytes", _no_decoding)
    with Store(str(db)) as store:
        again = fold([str(DEMO)], store)
    assert again.documents_new == 0
    assert again.documents_known == first.documents_new == again.documents_read
    assert not again.skipped
    assert _dump(db) == before  # the store did not change


def test_refold_reports_each_input_under_its_stored_id(demo_store):
    db, _, first = demo_store
    with Store(str(db)) as store:
        again = fold([str(DEMO)], store)
    assert sorted(again.document_ids) == sorted(first.document_ids)
    named = dict(again.same_content)
    docs = {d.id: d for d in read_documents([str(DEMO)]) if isinstance(d, Document)}
    assert named == {public_name(d): d.id for d in docs.values()}


def test_a_renamed_copy_is_known_without_extraction(tmp_path, monkeypatch):
    page = tmp_path / "a" / "page.html"
    page.parent.mkdir()
    page.write_text(NEWS_PAGE, encoding="utf-8")
    db = tmp_path / "t.db"
    with Store(str(db)) as store:
        first = fold([str(page)], store)
    assert first.documents_new == 1
    copy = tmp_path / "b" / "same-bytes.html"
    copy.parent.mkdir()
    shutil.copy(page, copy)
    monkeypatch.setattr(html_module, "extract_html", _no_extraction)
    with Store(str(db)) as store:
        again = fold([str(copy)], store)
    assert again.documents_known == 1 and again.documents_new == 0
    assert again.same_content == [(str(copy), first.document_ids[0])]


def test_a_known_jsonl_record_skips_its_extraction_and_a_new_one_does_not(tmp_path, monkeypatch):
    old = {"id": "old-1", "html": NEWS_PAGE, "url": "https://courier.example/a"}
    new = {"id": "new-1", "html": NEWS_PAGE.replace("north wall", "east wall")}
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(old) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    with Store(str(db)) as store:
        assert fold([str(path)], store).documents_new == 1
    path.write_text(json.dumps(old) + "\n" + json.dumps(new) + "\n", encoding="utf-8")
    calls: list[str | None] = []
    real = html_module.extract_html

    def counting(html, url=None):
        calls.append(url)
        return real(html, url=url)

    monkeypatch.setattr(html_module, "extract_html", counting)
    with Store(str(db)) as store:
        again = fold([str(path)], store)
    assert calls == [None]  # only the new record's page was extracted
    assert again.documents_known == 1 and again.documents_new == 1
    assert again.same_content == [("old-1", "old-1")]


def test_raw_inputs_carry_the_hash_of_the_bytes_and_no_parsed_text(tmp_path):
    (tmp_path / "p.html").write_text(NEWS_PAGE, encoding="utf-8")
    (tmp_path / "f.jsonl").write_text('{"id": "x", "text": "A line."}\n\n{bad\n', "utf-8")
    items = list(read_inputs([str(tmp_path)]))
    raws = [r for r in items if isinstance(r, RawInput)]
    assert [(r.kind, r.name) for r in raws] == [("jsonl", "x"), ("html", str(tmp_path / "p.html"))]
    assert raws[1].content_hash == sources.content_hash(NEWS_PAGE.encode("utf-8"))
    assert raws[0].content_hash == sources.content_hash(b'{"id": "x", "text": "A line."}')
    skips = [s for s in items if not isinstance(s, RawInput)]
    assert [s.where for s in skips] == [f"{tmp_path / 'f.jsonl'}:3"]  # the malformed line


def test_the_extraction_step_can_be_sent_to_a_worker_process(tmp_path):
    (tmp_path / "p.html").write_text(NEWS_PAGE, encoding="utf-8")
    (raw,) = read_inputs([str(tmp_path)])
    assert isinstance(raw, RawInput)
    shipped = pickle.loads(pickle.dumps((to_items, raw)))
    (doc,) = shipped[0](shipped[1])
    assert isinstance(doc, Document)
    assert doc.content_hash == raw.content_hash and doc.title
    assert to_items(raw) == [doc]


def test_read_documents_is_both_steps_chained(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait pr\xe8s du quai. ".encode("cp1252") * 20)
    (tmp_path / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    items = list(read_documents([str(tmp_path)]))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["SkippedInput", "Notice", "Document"]
    assert "no extractable article text" in items[0].reason
