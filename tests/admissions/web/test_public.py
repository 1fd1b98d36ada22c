"""The public form and status lookup: no login, CSRF, rate limit, and the abuse cases."""

from __future__ import annotations

import re

import pytest

from tests.factories import id_number

GOOD_ID = id_number("330102", "20190301", 321)


def _form(client, **over):
    page = client.get("/admissions/public/apply")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    data = {"csrf_token": token, "child_name": "小明", "id_number": GOOD_ID, "gender": "男", "section": "小学",
            "hukou_kind": "本县", "hukou": "东关社区", "owner": "无", "guardian": "王芳", "phone": "13800000000"}
    data.update(over)
    return data


def test_apply_then_look_up_with_receipt_and_id(loaded, client_for):
    c = client_for(None)
    r = c.post("/admissions/public/apply", data=_form(c))
    assert r.status_code == 200, r.text
    receipt = re.search(r'id="receipt-no">(\d+)<', r.text).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/admissions/public/status").text).group(1)
    found = c.post("/admissions/public/status", data={"csrf_token": token, "number": receipt, "id_number": GOOD_ID})
    assert found.status_code == 200 and "待审核" in found.text and "测试县实验小学" in found.text
    wrong = c.post("/admissions/public/status", data={"csrf_token": token, "number": receipt,
                                                      "id_number": id_number("330102", "20190301", 322)})
    assert 'id="not-found"' in wrong.text and "小明" not in wrong.text


def test_duplicate_child_is_refused(loaded, client_for):
    c = client_for(None)
    assert c.post("/admissions/public/apply", data=_form(c)).status_code == 200
    again = c.post("/admissions/public/apply", data=_form(c, child_name="小明明"))
    assert again.status_code == 400 and "不能重复报名" in again.text


def test_bad_check_digit_is_refused(loaded, client_for):
    c = client_for(None)
    bad = GOOD_ID[:-1] + ("1" if GOOD_ID[-1] != "1" else "2")
    r = c.post("/admissions/public/apply", data=_form(c, id_number=bad))
    assert r.status_code == 400 and "校验位不符" in r.text


def test_script_in_a_name_is_rendered_escaped(loaded, client_for):
    c = client_for(None)
    evil = "<script>alert(1)</script>"
    r = c.post("/admissions/public/apply", data=_form(c, child_name=evil[:32]))
    assert r.status_code == 200
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    no = re.search(r'id="receipt-no">(\d+)<', r.text).group(1)
    staff = client_for("staff").get(f"/admissions/applications/{no}").text
    assert "<script>alert(1)</script>" not in staff and "&lt;script&gt;" in staff


def test_without_csrf_token_nothing_is_stored(loaded, client_for):
    c = client_for(None)
    data = _form(c)
    data.pop("csrf_token")
    assert c.post("/admissions/public/apply", data=data).status_code == 403


def test_rate_limit(loaded, client_for):
    c = client_for(None)
    codes = []
    for k in range(7):
        codes.append(c.post("/admissions/public/apply",
                            data=_form(c, id_number=id_number("330102", "20190302", 400 + k))).status_code)
    assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]


def test_public_appeal_of_a_refused_application(loaded, client_for):
    staff = client_for("staff")
    token = re.search(r'name="csrf_token" value="([^"]+)"', staff.get("/admissions/applications/20250040").text).group(1)
    staff.post("/admissions/applications/20250040/decide", data={"outcome": "reject", "reason": "地址不在学区",
                                                                 "csrf_token": token})
    from junheng.admissions.readers.specs import APPLICATIONS
    from tests.admissions.workbooks import oversubscribed_rows

    idn = oversubscribed_rows()[-1][[c.key for c in APPLICATIONS.columns].index("id_number")]
    c = client_for(None)
    t = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/admissions/public/status").text).group(1)
    r = c.post("/admissions/public/appeal", data={"csrf_token": t, "number": "20250040", "id_number": idn,
                                                  "grounds": "已迁入东关社区"})
    assert r.status_code == 200 and "已收到申诉" in r.text
    assert "申诉中" in staff.get("/admissions/applications/20250040").text


def _token(c) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get("/admissions/public/status").text).group(1)


def _amend_page(c, receipt: str, idn: str = GOOD_ID):
    return c.post("/admissions/public/amend", data={"csrf_token": _token(c), "number": receipt, "id_number": idn})


def _fields(page: str) -> dict[str, str]:
    """The amend form as a browser would post it back (text inputs and the selected options)."""
    out = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    out.update(re.findall(r'<input name="(\w+)" value="([^"]*)"', page))
    for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', page, re.DOTALL):
        chosen = re.search(r'<option(?: value="([^"]*)")? selected>([^<]*)<', body) or \
            re.search(r'<option value="([^"]*)" selected>', body)
        if chosen:
            out[name] = chosen.group(1) if chosen.group(1) is not None else chosen.group(2)
    return out


def test_a_parent_corrects_a_pending_application_before_review(loaded, client_for):
    from sqlalchemy import select

    from junheng.admissions.store.models import AdmissionsApplication
    from junheng.store.models.accounts import AuditEntry

    c = client_for(None)
    r = c.post("/admissions/public/apply", data=_form(c, hukou="不存在的地址1号"))
    receipt = re.search(r'id="receipt-no">(\d+)<', r.text).group(1)
    assert "按您填写的地址未找到学区学校" in r.text
    status = c.post("/admissions/public/status", data={"csrf_token": _token(c), "number": receipt, "id_number": GOOD_ID})
    assert 'id="amend-form"' in status.text
    page = _amend_page(c, receipt)
    assert page.status_code == 200 and "修改报名信息" in page.text and 'value="不存在的地址1号"' in page.text
    assert GOOD_ID not in re.sub(r'name="id_number" value="[^"]*"', "", page.text), "the ID is shown masked only"
    fields = _fields(page.text) | {"hukou": "东关社区", "phone": "13900000000"}
    saved = c.post("/admissions/public/amend/save", data=fields)
    assert saved.status_code == 200, saved.text
    assert "已修改：户籍地址、联系电话" in saved.text and "测试县实验小学" in saved.text
    with loaded.db.sessions() as s:
        row = s.scalar(select(AdmissionsApplication).where(AdmissionsApplication.application_no == receipt))
        assert (row.hukou, row.phone, row.school_id, row.status) == ("东关社区", "13900000000", row.school_id, "待审核")
        assert row.school_id and row.rules_eligible
        audit = s.scalar(select(AuditEntry).where(AuditEntry.action == "admissions:amend"))
        assert audit.target == receipt and audit.detail["fields"] == ["户籍地址", "联系电话"]
        assert "东关社区" not in str(audit.detail), "the log names fields, not a family's data"


def test_amending_needs_the_id_number_and_a_pending_application(loaded, client_for):
    c = client_for(None)
    r = c.post("/admissions/public/apply", data=_form(c))
    receipt = re.search(r'id="receipt-no">(\d+)<', r.text).group(1)
    wrong = _amend_page(c, receipt, id_number("330102", "20190301", 322))
    assert 'id="not-found"' in wrong.text and "小明" not in wrong.text
    fields = _fields(_amend_page(c, receipt).text)
    forged = c.post("/admissions/public/amend/save", data=fields | {"id_number": id_number("330102", "20190301", 322)})
    assert 'id="not-found"' in forged.text, "the save checks the receipt and the ID number again"
    staff = client_for("staff")
    token = re.search(r'name="csrf_token" value="([^"]+)"', staff.get(f"/admissions/applications/{receipt}").text).group(1)
    staff.post(f"/admissions/applications/{receipt}/decide", data={"outcome": "approve", "reason": "符合条件",
                                                                   "csrf_token": token})
    late = _amend_page(c, receipt)
    assert late.status_code == 409 and "只有待审核、尚未派位的报名可以修改" in late.text
    refused = c.post("/admissions/public/amend/save", data=fields | {"phone": "13700000000"})
    assert refused.status_code == 400 and "只有待审核" in refused.text


@pytest.mark.parametrize("path", ["/admissions/public/apply", "/admissions/public/status"])
def test_public_pages_need_no_login(loaded, client_for, path):
    assert client_for(None).get(path, follow_redirects=False).status_code == 200
