"""web stage: ``storyline serve``, the web app and the HTTP API over a library (see ``app.py``)."""

from __future__ import annotations

from .app import DEFAULT_MAX_BODY, create_app, is_loopback, serve

__all__ = ["DEFAULT_MAX_BODY", "create_app", "is_loopback", "serve"]
