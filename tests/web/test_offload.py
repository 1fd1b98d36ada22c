"""off_the_loop: an async handler's blocking work (a wait for SQLite's write lock, say) leaves the server free."""

from __future__ import annotations

import threading
import time
import urllib.request
from typing import Annotated

from fastapi import FastAPI, File, Request, UploadFile

from junheng.web.offload import off_the_loop
from tests.browser.conftest import LiveServer


def _app(decorate: bool) -> FastAPI:
    app = FastAPI()

    async def slow(request: Request, file: Annotated[UploadFile, File()]):
        form = await request.form()                 # the parsed form, in the handler's own loop
        content = await file.read()
        time.sleep(1.5)  # noqa: ASYNC251 - blocking on purpose, as a wait for another request's write lock is
        return {"note": form.get("note"), "bytes": len(content)}

    app.post("/slow")(off_the_loop(slow) if decorate else slow)
    app.get("/ping")(lambda: {"ok": True})
    return app


def _post_multipart(url: str) -> bytes:
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n说明\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n").encode()
    request = urllib.request.Request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    return urllib.request.urlopen(request, timeout=10).read()


def _ping_time_while_slow(decorate: bool) -> tuple[float, bytes]:
    with LiveServer(_app(decorate)) as server:
        answer: list[bytes] = []
        slow = threading.Thread(target=lambda: answer.append(_post_multipart(f"{server.url}/slow")))
        slow.start()
        time.sleep(0.4)
        started = time.perf_counter()
        urllib.request.urlopen(f"{server.url}/ping", timeout=10).read()
        waited = time.perf_counter() - started
        slow.join(10)
        return waited, answer[0]


def test_the_server_answers_others_while_an_offloaded_handler_blocks():
    waited, answer = _ping_time_while_slow(decorate=True)
    assert waited < 0.5
    assert answer.decode() == '{"note":"说明","bytes":5}'


def test_without_it_the_event_loop_is_stalled():
    """The control: the same handler undecorated holds every other request until it finishes."""
    waited, _ = _ping_time_while_slow(decorate=False)
    assert waited > 0.8


def test_serving_freezes_what_was_loaded_before_the_first_request(web_deployment, monkeypatch):
    """Long-lived startup objects are kept out of full garbage collections (which paused every request)."""
    import gc

    import uvicorn

    from junheng.web import app as web_app

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, frozen=gc.get_freeze_count(), **kw))
    gc.unfreeze()
    try:
        web_app.serve(web_deployment, "127.0.0.1", 8123, log_level="warning")
    finally:
        gc.unfreeze()
    assert seen["frozen"] > 10_000 and seen["port"] == 8123 and seen["log_level"] == "warning"
