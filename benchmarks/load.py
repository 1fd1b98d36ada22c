"""Load benchmark: the demo county served on a loopback port, 20 and then 50 simulated users (bureau admins,
bureau staff, school clerks; benchmarks/locustfile.py) for a bounded time each; prints, per page, requests,
errors and p50/p95/p99, with the machine's load average (other work on the machine shows in the figures).

Targets (issue 15): 0 errors at both sizes; p95 ≤ 300 ms for every page at 20 users on SQLite.

Run: .venv/bin/python benchmarks/load.py                      # starts `junheng demo serve --seed 2024`
     .venv/bin/python benchmarks/load.py --time 30 --users 20
     .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8000   # an already running demo deployment
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TARGET_P95_MS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_demo(data_dir: Path, seed: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(data_dir.parent / f"{data_dir.name}-serve.log", "w")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen([str(BIN / "junheng"), "demo", "serve", "--seed", str(seed), "--host", "127.0.0.1",
                             "--port", str(port), "--data-dir", str(data_dir)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    while time.monotonic() - started < 900:
        if proc.poll() is not None:
            raise SystemExit(f"演示服务未能启动，见 {log.name}")
        try:
            urllib.request.urlopen(url + "/login", timeout=2)
            print(f"演示部署已就绪：{url}（载入用时 {time.monotonic() - started:.0f} s）", flush=True)
            return proc, url
        except OSError:
            time.sleep(1)
    proc.kill()
    raise SystemExit("演示服务 15 分钟内没有就绪")


def warm_up(url: str) -> None:
    """One pass over every page by each role, so that the figures are those of a running county (first views
    fill per-process caches: an exam's analysis, the balance assessment …); prints the cold times."""
    import http.cookiejar

    for user in ("admin", "staff", "clerk"):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(url + "/login").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"username": user, "password": "junheng2024", "csrf_token": token}).encode()
        home = opener.open(url + "/login", data).read().decode()
        links = sorted({h for h in re.findall(r'href="(/[a-z][^"#?]*)"', home)
                        if not h.startswith(("/static", "/logout")) and "." not in h.rsplit("/", 1)[-1]})
        slow = []
        for link in links:
            t = time.perf_counter()
            try:
                opener.open(url + link).read()
            except OSError:
                continue
            slow.append((time.perf_counter() - t, link))
        top = ", ".join(f"{p} {s * 1000:.0f} ms" for s, p in sorted(slow, reverse=True)[:3])
        print(f"预热 {user}：{len(slow)} 个页面，最慢 {top}", flush=True)


def run_locust(url: str, users: int, seconds: int, out: Path) -> list[dict]:
    prefix = out / f"u{users}"
    cmd = [str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "-u", str(users),
           "-r", str(max(1, users // 4)), "-t", f"{seconds}s", "--host", url, "--csv", str(prefix),
           "--only-summary", "--loglevel", "ERROR", "--exit-code-on-error", "0", "--stop-timeout", "10"]
    trace = Path(f"{prefix}_requests.tsv")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "JUNHENG_LOAD_TRACE": str(trace)})
    with open(f"{prefix}_stats.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    failures = []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv", newline="") as fh:
            failures = list(csv.DictReader(fh))
    for f in failures[:10]:
        print(f"  错误 {f['Method']} {f['Name']} ×{f['Occurrences']}: {f['Error'][:160]}")
    return rows


def slowest(trace: Path, spawn_seconds: float, n: int = 5) -> None:
    """The slowest page views (not logins) and when they came: in the first seconds, while simulated users are
    still signing in (password hashing takes the CPU), or later."""
    if not trace.exists():
        return
    rows = [line.split("\t") for line in trace.read_text(encoding="utf-8").splitlines()]
    pages = sorted(((float(ms), float(t), name) for t, name, ms in rows if "登录" not in name), reverse=True)[:n]
    first = min((float(t) for t, *_ in rows), default=0.0)
    print("  最慢的页面请求：" + "；".join(
        f"{name} {ms:.0f} ms（第 {t - first:.0f} s{'，登录期间' if t - first <= spawn_seconds + 1 else ''}）"
        for ms, t, name in pages))


def report(rows: list[dict], users: int, seconds: int, load: str) -> bool:
    print(f"\n== {users} 个模拟用户，{seconds} s；负载（1/5/15 分钟）：{load}")
    print(f"{'页面':<44}{'请求':>7}{'错误':>6}{'p50':>7}{'p95':>7}{'p99':>7}  (ms)")
    ok = True
    for r in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "合计" if r["Name"] == "Aggregated" else f"{r['Type']} {r['Name']}"
        p95 = float(r["95%"] or 0)
        miss = r["Name"] != "Aggregated" and not r["Name"].startswith("登录") and p95 > TARGET_P95_MS
        flag = " ←" if miss or int(r["Failure Count"]) else ""
        ok &= int(r["Failure Count"]) == 0 and (users > 20 or not miss)
        print(f"{name:<44}{r['Request Count']:>7}{r['Failure Count']:>6}{r['50%']:>7}{r['95%']:>7}{r['99%']:>7}{flag}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="已在运行的演示部署（默认：启动一个新的）")
    parser.add_argument("--users", default="20,50", help="模拟用户数，逗号分隔")
    parser.add_argument("--time", type=int, default=60, help="每轮秒数")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--data-dir", type=Path, default=Path("junheng-data/load-demo"),
                        help="演示部署的数据目录（文件按种子生成一次，数据库每次重建）")
    args = parser.parse_args()

    server = None
    url = args.url
    if not url:
        args.data_dir.parent.mkdir(parents=True, exist_ok=True)
        server, url = start_demo(args.data_dir.resolve(), args.seed)
    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("只对本机回环地址施压")
    ok = True
    try:
        warm_up(url)
        with tempfile.TemporaryDirectory() as tmp:
            for users in (int(u) for u in args.users.split(",")):
                rows = run_locust(url, users, args.time, Path(tmp))
                ok &= report(rows, users, args.time, " ".join(f"{x:.2f}" for x in os.getloadavg()))
                slowest(Path(tmp) / f"u{users}_requests.tsv", spawn_seconds=users / max(1, users // 4))
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    print(f"\n目标（0 错误；20 用户时每页 p95 ≤ {TARGET_P95_MS} ms）：{'达到' if ok else '未达到（见 ← 标记）'}")


if __name__ == "__main__":
    main()
