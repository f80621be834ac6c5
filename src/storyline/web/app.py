"""``storyline serve``: the web app and the HTTP API over one library, in one FastAPI app.

    from storyline.web import create_app
    app = create_app("storyline.db", token="s3cret")     # any ASGI server can run it

Writes need the token; without one the server is read-only, and it will not listen
beyond loopback without one. Request bodies over ``max_body`` bytes get 413 before
they are read whole.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import StorylineError
from . import api, pages
from ._errors import install_error_handlers
from ._service import Service

__all__ = ["DEFAULT_MAX_BODY", "create_app", "is_loopback", "serve"]

DEFAULT_MAX_BODY = 10 * 1024 * 1024
"""Largest request body, in bytes (a few pages of HTML fit many times over)."""

# No script may run on any page: the pages need none, and article text is third-party HTML.
_SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                 b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
# FastAPI's /docs page loads its scripts from a CDN, which this policy (and no network) would block.
_DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})


class _Guard:
    """ASGI middleware: refuse bodies over the limit with 413, add the security headers."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await self._too_large(send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge(self._message())
            return message

        async def secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if scope.get("path") not in _DOCS_PATHS:
                    message["headers"] = [*message.get("headers", []), *_SECURITY_HEADERS]
            await send(message)

        try:
            await self.app(scope, counted, secured)
        except _TooLarge:
            if not started:
                await self._too_large(send)

    def _message(self) -> str:
        return (f"request body over {self.max_body:,} bytes; send fewer or smaller pages, "
                "or start the server with a larger --max-body")

    async def _too_large(self, send: Send) -> None:
        body = json.dumps({"error": self._message()}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                *_SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(HTTPException):
    """A body that grew past the limit while read (no Content-Length): an HTTPException, so the
    routes' body parsing passes it on as it is and the error handlers answer 413."""

    def __init__(self, message: str) -> None:
        super().__init__(status_code=413, detail=message)


def create_app(db: str | Path = "storyline.db", *, token: str | None = None, max_body: int = DEFAULT_MAX_BODY,
               private_urls: bool = False, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app over the library ``db`` (a path or a ``postgresql://`` URL); opens it now, so a bad
    ``db`` fails here with a ``StorylineError`` rather than on the first request.

    ``private_urls``: fetch URLs on loopback and private networks too (off: public addresses only).
    ``allowed_hosts``: the Host names requests may name (a loopback server names its own, so a web
    page cannot reach it by DNS rebinding); ``None`` checks nothing."""
    service = Service(db, private_urls=private_urls)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(title="storyline", version=__version__, lifespan=lifespan,
                  description="Compare how news outlets tell one story. Writes need `Authorization: Bearer TOKEN`.")
    app.state.service = service
    app.state.token = token or None
    app.state.max_body = max_body
    install_error_handlers(app, _SECURITY_HEADERS)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(_Guard, max_body=max_body)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app


def is_loopback(host: str) -> bool:
    """True for localhost and the loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          max_body: int = DEFAULT_MAX_BODY, private_urls: bool = False, **uvicorn_options: Any) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    if not is_loopback(host) and not token:
        raise StorylineError(f"refusing to listen on {host} without a token: beyond loopback the library must not "
                             f"be open to anyone who can reach it; pass --token {secrets.token_urlsafe(16)} (or set "
                             "$STORYLINE_TOKEN), or listen on 127.0.0.1")
    # On loopback, only requests naming this machine: a page elsewhere cannot rebind its own name here.
    hosts = sorted({host, "127.0.0.1", "localhost"}) if is_loopback(host) else None
    app = create_app(db, token=token, max_body=max_body, private_urls=private_urls, allowed_hosts=hosts)
    uvicorn.run(app, host=host, port=port, log_level="warning", **uvicorn_options)
