"""An HTTP transport that only reaches public addresses: for fetching URLs a stranger gives.

A server that fetches URLs for its users must not become their way into the machine's
own network (loopback, private ranges, link-local cloud metadata at 169.254.169.254).
Every request through this transport, each redirect hop and robots.txt included, has its
host resolved and refused when any address it resolves to is not global.
"""

from __future__ import annotations

import ipaddress
import socket

import httpx

__all__ = ["PublicOnlyTransport", "is_public_host"]


def is_public_host(host: str) -> bool:
    """True when every address ``host`` resolves to is a global (public) one."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None)
    except (OSError, UnicodeError):
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(str(a).split("%")[0]).is_global for a in addresses)


class PublicOnlyTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` that refuses requests to non-public addresses."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if not is_public_host(host):
            raise httpx.ConnectError(f"{host} is not a public address; this server fetches public URLs only",
                                     request=request)
        return super().handle_request(request)
