"""Async request handlers whose database work must not run on the server's event loop.

A handler is ``async`` only to await an upload or the posted form; the rest of it (reading and writing the
database, rendering) is ordinary blocking code. On SQLite a write waits up to the busy timeout for another
request's write lock, and if that wait happens on the event loop the server can serve nothing else, the other
request's commit included, until the timeout: every request freezes for 30 s. ``off_the_loop`` runs such a
handler on a worker thread, in a private event loop, after the form has been parsed on the server's loop (the
handler's own ``await request.form()`` then returns the parsed form; an upload's ``read`` works in any loop).
"""

from __future__ import annotations

import asyncio
import functools

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request


def off_the_loop(handler):
    """Decorator for an ``async def`` route handler that uses the database (put it below ``@router.post``)."""

    @functools.wraps(handler)
    async def run(*args, **kwargs):
        request = next((a for a in (*args, *kwargs.values()) if isinstance(a, Request)), None)
        if request is not None and request.method not in ("GET", "HEAD"):
            await request.form()  # parsed (and cached) here, where the request's body can be received
        return await run_in_threadpool(asyncio.run, handler(*args, **kwargs))

    return run
