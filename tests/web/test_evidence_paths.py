"""Evidence files (整改台账, 均衡 checklist, 督导 visits) cannot be read outside their folder: traversal in the URL
or in a tampered stored name is refused with 4xx, and an uploaded file's name is never used as a path."""

from __future__ import annotations

import pytest

from junheng.balance.store import service as balance_store
from junheng.balance.store.models import BalanceEvidence
from junheng.evaluation.store import inspection
from junheng.evaluation.store.rounds import EvaluationError
from junheng.ledger.store import evidence as ledger_store
from junheng.store.base import utcnow

TRAVERSALS = ["../../etc/passwd", "/etc/passwd", "..", "ZG0001/../../secret.txt", "%2e%2e%2f%2e%2e%2fsecret.txt",
              "..\\..\\secret.txt", "ZG0001/../../../../etc/passwd"]
PDF = b"%PDF-1.4 test"


@pytest.fixture
def data_dir(tmp_path):
    (tmp_path / "secret.txt").write_text("SECRET")
    return tmp_path / "data"


@pytest.mark.parametrize("ref", TRAVERSALS)
def test_stored_refs_cannot_leave_the_evidence_folders(data_dir, ref):
    try:
        path = ledger_store.path_of(data_dir, ref)
    except ledger_store.EvidenceRefused:
        pass
    else:  # a strange but harmless name inside the folder (e.g. the literal "%2e%2e%2f…")
        assert ledger_store.evidence_root(data_dir).resolve() in path.parents and not path.exists()
    with pytest.raises(balance_store.InputError):
        balance_store.evidence_path(data_dir, BalanceEvidence(stored_name=ref))
    with pytest.raises(EvaluationError):
        inspection.evidence_path(data_dir, ref)


def test_uploaded_names_are_never_paths(data_dir):
    stored = ledger_store.store(data_dir, "../../ZG0001", "../../../secret.pdf", PDF)
    path = ledger_store.path_of(data_dir, stored.ref)
    assert path.parent.parent == ledger_store.evidence_root(data_dir).resolve()
    assert stored.name == "secret.pdf" and path.name != "secret.pdf" and path.read_bytes() == PDF
    assert ".." not in stored.ref
    meta = inspection._store_file(data_dir, "..\\..\\a/b/../照片.pdf", PDF)
    assert "/" not in meta["name"] and "\\" not in meta["name"]
    assert inspection.evidence_path(data_dir, meta["ref"]).read_bytes() == PDF
    assert sorted(p.name for p in data_dir.parent.iterdir()) == ["data", "secret.txt"]  # nothing written beside


pytestmark = pytest.mark.db


def test_balance_upload_name_is_not_a_path(web_deployment):
    data_dir = web_deployment.settings.data_dir
    with web_deployment.db.transaction() as s:
        ev = balance_store.add_evidence(s, data_dir, "330100", 2026, "quality_2017", "1.1", "../../../x.pdf", PDF,
                                        "admin")
        assert ev.file_name == "x.pdf" and balance_store.evidence_path(data_dir, ev).read_bytes() == PDF
    assert not (data_dir.parent / "x.pdf").exists()


def test_download_urls_refuse_traversal(client_for, web_deployment):
    admin = client_for("admin")
    data_dir = web_deployment.settings.data_dir
    (data_dir.parent / "secret.txt").write_text("SECRET")
    with web_deployment.db.transaction() as s:  # a row whose stored name was tampered with
        s.add(BalanceEvidence(county_code="330100", year=2026, standard="quality_2017", item_key="1.1",
                              file_name="x.txt", stored_name="../secret.txt", size=6, uploaded_by="admin",
                              uploaded_at=utcnow()))
        s.flush()
        bad_id = s.query(BalanceEvidence).one().id
    response = admin.get(f"/balance/checklist/evidence/{bad_id}")
    assert response.status_code == 404 and "SECRET" not in response.text
    for base in ("/ledger/evidence/", "/balance/checklist/evidence/", "/evaluation/visits/1/evidence/"):
        for attempt in ("..%2f..%2fsecret.txt", "%2e%2e%2f%2e%2e%2fsecret.txt", "../../secret.txt",
                        "%2Fetc%2Fpasswd", "..%5c..%5csecret.txt", "-1", "999999"):
            response = admin.get(base + attempt)
            assert 400 <= response.status_code < 500, (base, attempt, response.status_code)
            assert "SECRET" not in response.text and "root:" not in response.text


def test_a_tampered_visit_evidence_name_is_not_followed(client_for, web_deployment):
    import datetime as dt

    from junheng.evaluation.store.models import EvaluationInspector, EvaluationVisit

    (web_deployment.settings.data_dir.parent / "secret.txt").write_text("SECRET")
    with web_deployment.db.transaction() as s:
        inspector = EvaluationInspector(name="督学")
        s.add(inspector)
        s.flush()
        visit = EvaluationVisit(inspector_id=inspector.id, school_id="2133010001", visit_date=dt.date(2026, 9, 1),
                                checked=[], evidence=[{"name": "x.pdf", "ref": "../../../secret.txt",
                                                       "content_type": "text/plain"}], created_by="admin")
        s.add(visit)
        s.flush()
        visit_id = visit.id
    response = client_for("admin").get(f"/evaluation/visits/{visit_id}/evidence/0")
    assert response.status_code == 404 and "SECRET" not in response.text
