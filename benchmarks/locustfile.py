"""Simulated users of the demo county for ``benchmarks/load.py`` (run that; it starts the server and prints the
figures): bureau admins, bureau staff and school clerks logged in with the demo accounts, going through the
main pages of every module with a think time of 1–3 s, and now and then writing — a contact note on a
控辍保学 case, a 佐证材料 upload on a 整改台账 item. Requests are named by page, not by id.

Run alone: .venv/bin/locust -f benchmarks/locustfile.py --headless -u 20 -r 5 -t 60s --host http://127.0.0.1:8000
"""

from __future__ import annotations

import random
import re

from locust import HttpUser, between, task

PASSWORD = "junheng2024"  # junheng.demo.serve.DEMO_PASSWORD (not imported: locust's process stays light)


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

    def post(self, path: str, name: str, data: dict, files: dict | None = None) -> None:
        with self.client.post(path, data={**data, "csrf_token": self.csrf}, files=files, name=name,
                              allow_redirects=False, catch_response=True) as r:
            if r.status_code != 303:
                r.failure(f"{r.status_code}: {r.text[:200]}")


class BureauAdmin(CountyUser):
    """督导室: the county overview of every module."""

    weight = 2
    username = "admin"

    @task(3)
    def home(self):
        self.page("/", "首页 /")

    @task(2)
    def balance(self):
        self.page("/balance")

    @task(2)
    def scores(self):
        self.page(f"/scores/exams/{self.exam()}", "/scores/exams/[id]")

    @task
    def value_added(self):
        self.page(f"/scores/exams/{self.exam()}/value-added", "/scores/exams/[id]/value-added")

    @task(2)
    def retention(self):
        self.page("/retention")

    @task
    def ledger_dashboard(self):
        self.page("/ledger/dashboard")

    @task
    def evaluation(self):
        self.page("/evaluation")

    @task
    def health(self):
        self.page("/health")

    @task
    def admissions(self):
        self.page("/admissions")

    @task
    def lottery(self):
        self.page("/lottery")

    @task
    def audit(self):
        self.page("/admin/audit")


class BureauStaff(CountyUser):
    """基教股: works cases and the ledger, reads the teachers and schools."""

    weight = 2
    username = "staff"

    @task(2)
    def home(self):
        self.page("/", "首页 /")

    @task(2)
    def cases(self):
        self.page("/retention/cases")

    @task(2)
    def case(self):
        if self.cases:
            self.page(f"/retention/cases/{random.choice(self.cases)}", "/retention/cases/[id]")

    @task
    def contact_note(self):
        if self.cases:
            case = random.choice(self.cases)
            self.post(f"/retention/cases/{case}/contact", "写 POST /retention/cases/[id]/contact",
                      {"kind": "电话", "note": "电话联系家长，约定下周返校", "person": "", "on": ""})

    @task(2)
    def ledger(self):
        self.page("/ledger")

    @task(2)
    def item(self):
        if self.items:
            self.page(f"/ledger/items/{random.choice(self.items)}", "/ledger/items/[no]")

    @task
    def teachers(self):
        self.page("/teachers")

    @task
    def schools(self):
        self.page("/schools")

    @task
    def scores(self):
        self.page("/scores")


class SchoolClerk(CountyUser):
    """A school's 填报员: their school's scores, cases, ledger items and evidence."""

    weight = 3
    username = "clerk"

    def on_start(self) -> None:
        super().on_start()
        home = self.client.get("/schools", name="/schools").text
        found = re.search(r'href="/schools/(\d+)"', home)
        self.school = found.group(1) if found else ""
        # evidence goes only to items still being worked on (待验收 and 已销号 refuse it, rightly)
        self.open_items = [n for status in ("待整改", "整改中") for n in _ids(
            self.client.get(f"/ledger?status={status}", name="/ledger").text, r'href="/ledger/items/([^"/?#]+)"')]

    @task(3)
    def home(self):
        self.page("/", "首页 /")

    @task(3)
    def school_scores(self):
        self.page(f"/scores/exams/{self.exam()}/schools/{self.school}", "/scores/exams/[id]/schools/[school]")

    @task
    def school(self):
        self.page(f"/schools/{self.school}", "/schools/[school]")

    @task(2)
    def retention(self):
        self.page("/retention")

    @task
    def cases(self):
        self.page("/retention/cases")

    @task(2)
    def ledger(self):
        self.page("/ledger")

    @task(2)
    def item(self):
        if self.items:
            self.page(f"/ledger/items/{random.choice(self.items)}", "/ledger/items/[no]")

    @task
    def evidence(self):
        if self.open_items:
            item = random.choice(self.open_items)
            self.post(f"/ledger/items/{item}/evidence", "写 POST /ledger/items/[no]/evidence", {"note": "整改照片说明"},
                      files={"files": (f"整改说明-{random.randrange(10**9)}.txt", "已完成围墙修缮，附验收记录。".encode(),
                                        "text/plain")})

    @task
    def health(self):
        self.page("/health", "/health (→ 本校)")

    @task
    def balance(self):
        self.page("/balance")


if __name__ == "__main__":
    print("这是 benchmarks/load.py 使用的模拟用户文件；请运行 .venv/bin/python benchmarks/load.py")
