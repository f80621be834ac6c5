"""Every error the server sends is JSON ``{"error": "one line that says what to do"}`` with the
status that fits: 401/403 for writes without the token, 404 for no such story, 413 for a
body over the limit, 422 for input that cannot be used; never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import NotFoundError, StoreError, StorylineError

__all__ = ["ApiError", "install_error_handlers"]

log = logging.getLogger("storyline.web")


class ApiError(Exception):
    """An error with its HTTP status, raised by the routes."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.extra = extra


def error_response(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _where(error: dict[str, Any]) -> str:
    return ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "request"


def install_error_handlers(app: FastAPI, security_headers: list[tuple[bytes, bytes]]) -> None:
    """JSON errors for every failure; ``security_headers`` go on the 500 answer too, which is made
    outside the middleware that adds them to the others."""
    @app.exception_handler(ApiError)
    async def _api(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, str(exc), **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        first = errors[0] if errors else {}
        message = f"{_where(first)}: {first.get('msg', 'invalid')}" if first else "invalid request"
        detail = [{"where": _where(e), "problem": e.get("msg", "")} for e in errors[:20]]
        return error_response(422, message, detail=detail)

    @app.exception_handler(StorylineError)
    async def _storyline(_request: Request, exc: StorylineError) -> JSONResponse:
        status = 404 if isinstance(exc, NotFoundError) else 503 if _unavailable(exc) else 422
        failures = getattr(exc, "failures", None)
        return error_response(status, str(exc), **({"failures": failures} if failures else {}))

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        message = {404: "no such page; the API is described at /docs and /openapi.json",
                   405: "this method is not allowed here"}.get(exc.status_code, str(exc.detail))
        return error_response(exc.status_code, message)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        response = error_response(500, f"unexpected {type(exc).__name__}; the server log has the details "
                                       "(please report it)")
        for name, value in security_headers:
            response.headers[name.decode()] = value.decode()
        return response


def _unavailable(exc: StorylineError) -> bool:
    """A library that cannot be reached (a server down) is the server's problem, not the request's."""
    message = str(exc)
    return isinstance(exc, StoreError) and ("lost the connection" in message or "cannot connect" in message)
