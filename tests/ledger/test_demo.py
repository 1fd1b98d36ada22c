"""The demo ledger loads through the normal import path and shows every status."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from junheng.ledger.store.models import LedgerEvidenceRecord, LedgerItemRecord
from junheng.store.models.accounts import ImportBatch

pytestmark = pytest.mark.db


def test_demo_ledger_covers_every_status(web_deployment, tmp_path):
    from junheng.ledger.demo import INSPECTIONS, load

    summary = load(web_deployment, tmp_path, "demo")
    assert summary.startswith("整改台账：导入 5 份检查问题清单共 37 项")
    assert len(list((tmp_path / "整改台账").glob("*.xlsx"))) == len(INSPECTIONS)
    with web_deployment.db.sessions() as s:
        statuses = set(s.scalars(select(LedgerItemRecord.status)))
        batches = s.scalar(select(func.count()).select_from(ImportBatch).where(ImportBatch.kind == "ledger"))
        photos = s.scalar(select(func.count()).select_from(LedgerEvidenceRecord))
    assert statuses == {"待整改", "整改中", "待验收", "已销号"} and batches == len(INSPECTIONS) and photos > 5
    assert "逾期 0 项" not in summary
