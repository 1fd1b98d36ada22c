"""Names with markup are shown as text everywhere: a county whose schools, teachers and students are called
``<script>alert(1)</script>`` and ``"><img src=x onerror=alert(1)>``, every page a bureau admin reaches from the
menu (and the pages those link to, without query parameters) checked for the raw markup; the Excel and Word
downloads met on the way hold the names literally."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import deque

import pytest
from openpyxl import load_workbook

from junheng.accounts import create_user
from junheng.ledger.store import service as ledger
from junheng.registry.reports.excel import write_registry
from junheng.registry.store.importer import import_registry
from tests.factories import small_registry
from tests.web.conftest import PASSWORD, login

pytestmark = pytest.mark.db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW = (SCRIPT, IMG, "<script>alert", "<img src=x")
MAX_PAGES = 150
DOWNLOADS = (".xlsx", ".docx", ".csv", ".zip")


@pytest.fixture
def evil_client(deployment, tmp_path):
    from fastapi.testclient import TestClient

    from junheng.web.app import create_app

    data = small_registry()
    data["school"][0]["name"], data["school"][2]["name"] = SCRIPT, IMG
    data["teacher"][0]["name"], data["teacher"][3]["name"] = IMG, SCRIPT
    data["student"][0]["name"], data["student"][3]["name"] = SCRIPT, IMG
    data["township"][1]["name"] = IMG
    path = write_registry(data, tmp_path / "名册.xlsx")
    with deployment.db.transaction() as s:
        import_registry(s, path, "setup", deployment.protector)
        create_user(s, "admin", PASSWORD, "bureau_admin", SCRIPT)
    with deployment.db.transaction() as s:  # 整改 items of both schools: their pages and the Word/Excel reports
        for unit, text in (("2133010001", SCRIPT), ("2133010003", IMG)):
            ledger.create(s, ledger.NewItem(text, dt.date(2026, 9, 1), IMG, "安全隐患", unit, text, text, "一般",
                                            dt.date(2026, 9, 30), text), "admin")
    with TestClient(create_app(deployment)) as client:
        assert login(client, "admin").status_code == 303
        yield client


def _links(html: str) -> list[str]:
    return [h for h in re.findall(r'href="(/[^"#]*)"', html) if "?" not in h and not h.startswith("/static/")]


def _check_download(path: str, body: bytes) -> int:
    """The names are in the file as plain text (xlsx: text cells; docx: the document's text); 1 if found."""
    if path.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(body))
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], path
        values = {c.value for c in cells if c.data_type == "s"}
        return int(SCRIPT in values or IMG in values)
    if path.endswith(".docx"):
        from docx import Document

        doc = Document(io.BytesIO(body))
        text = "\n".join([p.text for p in doc.paragraphs]
                         + [c.text for t in doc.tables for r in t.rows for c in r.cells])
        xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
        assert "<script>" not in xml and "<img" not in xml, path  # escaped in the XML, never markup
        return int(SCRIPT in text or IMG in text)
    return 0


def test_markup_in_names_is_escaped_on_every_page_and_literal_in_downloads(evil_client):
    schools = evil_client.get("/schools")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in schools.text  # the names are shown, escaped
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in schools.text or \
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in schools.text
    seen, queue, pages, downloads, literal, shown = set(), deque(["/"]), 0, 0, 0, 0
    problems = []
    while queue and pages < MAX_PAGES:
        path = queue.popleft()
        if path in seen or path in ("/logout", "/login"):
            continue
        seen.add(path)
        response = evil_client.get(path)
        pages += 1
        if response.status_code >= 500:
            problems.append(f"{path}: {response.status_code}")
            continue
        if path.endswith(DOWNLOADS):
            downloads += 1
            literal += _check_download(path, response.content)
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
        for raw in RAW:
            if raw in response.text:
                at = response.text.index(raw)
                problems.append(f"{path}: unescaped {raw!r} near {response.text[max(0, at - 80):at + 40]!r}")
        queue.extend(link for link in _links(response.text) if link not in seen)
    assert problems == []
    assert pages >= 30, f"only {pages} pages reached"
    assert shown >= 5, "the names should be on the pages (escaped)"
    assert downloads >= 5 and literal >= 2  # the ledger's Word and Excel reports at least


def test_school_names_stay_literal_in_word_and_excel(evil_client, deployment, tmp_path):
    """The registry's own export and a Word document built from the names (python-docx escapes XML)."""
    from docx import Document

    from junheng.io.template import write_template
    from junheng.registry.reports.excel import REGISTRY_SHEETS

    rows = {"学校": [{"school_id": "2133010001", "name": SCRIPT}, {"school_id": "2133010003", "name": IMG}]}
    path = write_template(tmp_path / "x.xlsx", list(REGISTRY_SHEETS), "名册", rows)
    values = {c.value for c in load_workbook(path)["学校"]["B"]}
    assert {SCRIPT, IMG} <= values
    doc = Document()
    doc.add_paragraph(SCRIPT)
    doc.add_table(rows=1, cols=1).cell(0, 0).text = IMG
    buf = io.BytesIO()
    doc.save(buf)
    assert _check_download("x.docx", buf.getvalue()) == 1
