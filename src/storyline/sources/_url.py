"""Pages fetched over HTTP(S)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from .._version import __version__
from ..errors import FetchError, InputError
from ._files import maybe_gunzip, size_text
from ._page import RawPage

USER_AGENT = f"storyline/{__version__} (+https://github.com/storyline-news/storyline)"


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


def fetch_url(url: str, *, max_bytes: int, timeout: float = 20.0,
              transport: httpx.BaseTransport | None = None) -> RawPage:
    """Fetch one page; ``transport`` lets tests replace the network at one seam."""
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, transport=transport,
                          headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"{url}: the server answered HTTP {response.status_code}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"{url}: page larger than the {size_text(max_bytes)} limit; "
                                     "raise it with --max-bytes")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"{url}: page larger than the {size_text(max_bytes)} "
                                         "limit; raise it with --max-bytes")
                    chunks.append(chunk)
                content_type = response.headers.get("content-type", "")
                final_url = str(response.url)
                charset = response.charset_encoding
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out after {timeout:g} s; try again or raise --timeout") from None
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise FetchError(f"{url}: cannot be fetched ({reason})") from None
    data = b"".join(chunks)
    try:
        data = maybe_gunzip(data, url, max_bytes)
    except InputError as exc:
        raise FetchError(str(exc)) from None
    mime = content_type.split(";")[0].strip().lower() or None
    return RawPage(source=url, data=data, url=final_url, content_type=mime, charset=charset,
                   fetched_at=datetime.now(UTC))
