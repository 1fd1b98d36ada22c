"""A fork server for the crash tests: imports the command line once (that costs seconds), then for each request
forks a process that runs one real ``junheng …`` command, reporting checkpoints on the way, so the test can
kill it with SIGKILL at a chosen checkpoint or after a chosen time.

Protocol (one line each, JSON in, text out on stdout):
  in:  {"argv": [...], "env": {...}, "log": "/path", "pause_at": "commit" | null}
  out: "pid <n>", then from the command "at <checkpoint>" (it sleeps there if it is ``pause_at``),
       then "exit <code>" (negative: killed by that signal).
Checkpoints, in order: ``deleted`` (a restore emptied the first table), ``rows`` (first student rows written),
``changes`` (an import writes its change log), ``commit`` (COMMIT about to be sent), ``committed`` (the
transaction's connection went back to the pool after COMMIT returned).
"""

from __future__ import annotations

import json
import os
import sys
import time


def _install_checkpoints(proto: int, pause_at: str | None) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.pool import Pool

    seen: set[str] = set()

    def reach(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        os.write(proto, f"at {name}\n".encode())
        if name == pause_at:
            while True:  # wait here for the SIGKILL
                time.sleep(60)

    def on_statement(_conn, _cursor, statement, *_args) -> None:
        head = " ".join(statement.split()[:3]).upper()
        if head.startswith("DELETE FROM"):
            reach("deleted")
        elif head.startswith("INSERT INTO STUDENT"):
            reach("rows")
        elif head.startswith("INSERT INTO IMPORT_CHANGE"):
            reach("changes")

    def on_commit(_conn) -> None:
        if "rows" in seen:  # not the migration check's commit before the work
            reach("commit")

    def on_checkin(*_args) -> None:
        if "commit" in seen:
            reach("committed")

    event.listen(Engine, "before_cursor_execute", on_statement)
    event.listen(Engine, "commit", on_commit)
    event.listen(Pool, "checkin", on_checkin)


def _run(request: dict, proto: int) -> None:
    os.environ.update(request["env"])
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    _install_checkpoints(proto, request.get("pause_at"))
    from junheng.cli import app

    code = 0
    try:
        app(args=request["argv"], standalone_mode=False)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - reported through the exit code and the log
        import traceback

        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main() -> None:
    import junheng.cli  # the slow part, paid once before any fork
    import junheng.modules

    junheng.modules.load_models()
    from alembic.script import ScriptDirectory
    from sqlalchemy.orm import configure_mappers

    from junheng.store.db import alembic_config

    configure_mappers()
    ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()  # every migration file read once
    out = sys.stdout.fileno()
    os.write(out, b"ready\n")
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _run(request, os.dup(out))
        os.write(out, f"pid {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        os.write(out, f"exit {code}\n".encode())


if __name__ == "__main__":
    main()
