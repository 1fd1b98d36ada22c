"""Simulated users of the demo county for ``benchmarks/load.py`` (run that; it starts the server and prints the
figures): bureau admins, bureau staff and school clerks logged in with the demo accounts, going through the
main pages of every module with a think time of 1–3 s, and now and then writing — a contact note on a
控辍保学 case, a 佐证材料 upload on a 整改台账 item. Requests are named by page, not by id.

Run alone: .venv/bin/locust -f benchmarks/locustfile.py --headless -u 20 -r 5 -t 60s --host http://127.0.0.1:8000
"""

from __future__ import annotations

import os
import random
import re
import time
from typing import ClassVar

from locust import HttpUser, between, events

PASSWORD = "junheng2024"  # junheng.demo.serve.DEMO_PASSWORD (not imported: locust's process stays light)


# every request's moment, name and time, when load.py asks (it prints the slowest and when they came)
_TRACE = open(os.environ["JUNHENG_LOAD_TRACE"], "w") if os.environ.get("JUNHENG_LOAD_TRACE") else None  # noqa: SIM115
_STARTED = time.monotonic()


@events.request.add_listener
def _trace(request_type, name, response_time, **_kw) -> None:
    if _TRACE is not None:
        _TRACE.write(f"{time.monotonic() - _STARTED:.2f}\t{request_type} {name}\t{response_time:.0f}\n")
        _TRACE.flush()


def _ids(text: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, text)))


class CountyUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/login", name="登录页 /login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        with self.client.post("/login", data={"username": self.username, "password": PASSWORD, "csrf_token": token},
                              name="登录 POST /login", allow_redirects=False, catch_response=True) as r:
            if r.status_code != 303:
                r.failure(f"登录失败：{r.status_code}")
        home = self.client.get("/", name="首页 /")
        found = re.search(r'"X-CSRF-Token": "([^"]+)"', home.text)
        self.csrf = found.group(1) if found else token
        self.exams = _ids(self.client.get("/scores", name="/scores").text, r'href="/scores/exams/(\d+)"') or ["1"]
        self.items = _ids(self.client.get("/ledger", name="/ledger").text, r'href="/ledger/items/([^"/?#]+)"')
        self.cases = _ids(self.client.get("/retention/cases", name="/retention/cases").text,
                          r'href="/retention/cases/([^"/?#]+)"')
        self.cases = [c for c in self.cases if c not in ("new", "export.xlsx")]

    def page(self, path: str, name: str | None = None) -> None:
        with self.client.get(path, name=name or path, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")

    def exam(self) -> str:
        return self.exams[-1] if random.random() < 0.7 else random.choice(self.exams)

    def one_of(self, ids: list[str]) -> str | None:
        return random.choice(ids) if ids else None

    def post(self, path: str, name: str, data: dict, files: dict | None = None) -> None:
        with self.client.post(path, data={**data, "csrf_token": self.csrf}, files=files, name=name,
                              allow_redirects=False, catch_response=True) as r:
            if r.status_code != 303:
                r.failure(f"{r.status_code}: {r.text[:200]}")


def visit(path, name: str | None = None):
    """A task opening ``path`` (a text, or a function of the user giving the path, None to skip), reported as
    ``name`` (the path when it has no ids)."""

    def task(user: CountyUser) -> None:
        where = path(user) if callable(path) else path
        if where is not None:
            user.page(where, name or where)

    task.__name__ = name or path
    return task


def _exam(user):
    return f"/scores/exams/{user.exam()}"


def _case(user):
    case = user.one_of(user.cases)
    return case and f"/retention/cases/{case}"


def _item(user):
    item = user.one_of(user.items)
    return item and f"/ledger/items/{item}"


def contact_note(user: CountyUser) -> None:
    if (case := user.one_of(user.cases)) is not None:
        user.post(f"/retention/cases/{case}/contact", "写 POST /retention/cases/[id]/contact",
                  {"kind": "电话", "note": "电话联系家长，约定下周返校", "person": "", "on": ""})


def evidence(user: SchoolClerk) -> None:
    if (item := user.one_of(user.open_items)) is not None:
        user.post(f"/ledger/items/{item}/evidence", "写 POST /ledger/items/[no]/evidence", {"note": "整改照片说明"},
                  files={"files": (f"整改说明-{random.randrange(10**9)}.txt", "已完成围墙修缮，附验收记录。".encode(),
                                    "text/plain")})


HOME = visit("/", "首页 /")


class BureauAdmin(CountyUser):
    """督导室: the county overview of every module."""

    weight = 2
    username = "admin"
    tasks: ClassVar[dict] = {HOME: 3, visit("/balance"): 2, visit(_exam, "/scores/exams/[id]"): 2,
             visit(lambda u: f"{_exam(u)}/value-added", "/scores/exams/[id]/value-added"): 1,
             visit("/retention"): 2, visit("/ledger/dashboard"): 1, visit("/evaluation"): 1, visit("/health"): 1,
             visit("/admissions"): 1, visit("/lottery"): 1, visit("/admin/audit"): 1}


class BureauStaff(CountyUser):
    """基教股: works cases and the ledger, reads the teachers and schools."""

    weight = 2
    username = "staff"
    tasks: ClassVar[dict] = {HOME: 2, visit("/retention/cases"): 2, visit(_case, "/retention/cases/[id]"): 2, contact_note: 1,
             visit("/ledger"): 2, visit(_item, "/ledger/items/[no]"): 2, visit("/teachers"): 1,
             visit("/schools"): 1, visit("/scores"): 1}


class SchoolClerk(CountyUser):
    """A school's 填报员: their school's scores, cases, ledger items and evidence."""

    weight = 3
    username = "clerk"
    tasks: ClassVar[dict] = {HOME: 3,
             visit(lambda u: f"{_exam(u)}/schools/{u.school}", "/scores/exams/[id]/schools/[school]"): 3,
             visit(lambda u: f"/schools/{u.school}", "/schools/[school]"): 1, visit("/retention"): 2,
             visit("/retention/cases"): 1, visit("/ledger"): 2, visit(_item, "/ledger/items/[no]"): 2,
             evidence: 1, visit("/health", "/health (→ 本校)"): 1, visit("/balance"): 1}

    def on_start(self) -> None:
        super().on_start()
        home = self.client.get("/schools", name="/schools").text
        found = re.search(r'href="/schools/(\d+)"', home)
        self.school = found.group(1) if found else ""
        # evidence goes only to items still being worked on (待验收 and 已销号 refuse it, rightly)
        self.open_items = [n for status in ("待整改", "整改中") for n in _ids(
            self.client.get(f"/ledger?status={status}", name="/ledger").text, r'href="/ledger/items/([^"/?#]+)"')]


if __name__ == "__main__":
    print("这是 benchmarks/load.py 使用的模拟用户文件；请运行 .venv/bin/python benchmarks/load.py")
