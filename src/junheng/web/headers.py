"""Security headers on every response, static files included.

The Content-Security-Policy allows scripts only from this server's files: a page carries its data in a
``<script type="application/json">`` block (never executed) and its behaviour in ``/static/<module>/<page>.js``,
so a name such as ``<script>…`` that slipped through escaping still could not run. Inline ``style`` attributes
stay allowed: ECharts and the templates set them, and styles run no code.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeaders:
    """ASGI middleware adding ``HEADERS`` to every HTTP response (a response's own header of the same name wins)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(n, v) for n, v in HEADERS if n not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)
