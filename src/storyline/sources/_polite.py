"""Fetching many URLs the way a well-behaved crawler does.

``PoliteFetcher`` wraps ``fetch_url`` with the three courtesies a site expects
from a program that reads it: it asks robots.txt first (once per site), it
waits ``delay`` seconds after each request to a site before the next one starts,
and it names itself in the User-Agent (``fetch_url`` already does).
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx

from ..errors import DisallowedError, InputError
from ._files import DEFAULT_MAX_BYTES
from ._page import RawPage
from ._url import USER_AGENT, fetch_url

Fetcher = Callable[[str], RawPage]
"""Anything that turns a URL into a ``RawPage`` and raises ``InputError`` (or
``FetchError``, ``DisallowedError``) when it cannot; ``iter_pages(fetcher=...)``
takes one so tests and library users decide how the network is reached."""

DEFAULT_DELAY = 1.0
"""Seconds between two requests to one site. One a second is the usual crawler courtesy."""

DEFAULT_TIMEOUT = 20.0

MAX_CRAWL_DELAY = 30.0
"""A robots.txt Crawl-delay above this is capped, so one site cannot stall a whole run."""

ROBOTS_MAX_BYTES = 512_000
"""Robots files are read up to this size (Google's limit is 500 KiB); a larger one counts as missing."""


class PoliteFetcher:
    """Fetch URLs obeying robots.txt and a per-site rate limit; call it with a URL.

    ``delay`` is the least number of seconds from the end of one request to a
    site (scheme, host and port; its answer read or its failure known) to the start
    of the next, the robots.txt request included, so two requests never start closer
    than that, however late a sleep wakes; a larger ``Crawl-delay`` in robots.txt wins,
    up to ``MAX_CRAWL_DELAY``.
    A robots.txt that cannot be fetched (missing, HTTP error, timeout) allows
    everything, as the robots.txt convention says for a missing file.
    ``clock`` and ``sleep`` exist so the waiting can be observed or replaced.
    """

    def __init__(self, *, delay: float = DEFAULT_DELAY, max_bytes: int = DEFAULT_MAX_BYTES,
                 timeout: float = DEFAULT_TIMEOUT, obey_robots: bool = True,
                 transport: httpx.BaseTransport | None = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if delay < 0:
            raise ValueError("delay must be zero or more seconds")
        self.delay = delay
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.obey_robots = obey_robots
        self._transport = transport
        self._clock = clock
        self._sleep = sleep
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._next_turn: dict[str, float] = {}
        self._crawl_delays: dict[str, float] = {}

    def __call__(self, url: str) -> RawPage:
        site = _site(url)
        if self.obey_robots:
            rules = self._rules(site)
            if rules is not None and not rules.can_fetch(USER_AGENT, url):
                raise DisallowedError(f"{url}: the site's robots.txt asks storyline not to fetch it; "
                                      "save the page from a browser and add the file instead")
        return self._get(site, url, self.max_bytes)

    def _rules(self, site: str) -> urllib.robotparser.RobotFileParser | None:
        if site not in self._robots:
            self._robots[site] = self._read_robots(site)
        return self._robots[site]

    def _read_robots(self, site: str) -> urllib.robotparser.RobotFileParser | None:
        try:
            page = self._get(site, f"{site}/robots.txt", min(self.max_bytes, ROBOTS_MAX_BYTES))
        except InputError:
            return None  # no readable robots.txt: everything is allowed
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(page.data.decode("utf-8", errors="replace").splitlines())
        crawl_delay = rules.crawl_delay(USER_AGENT)
        if crawl_delay is not None:
            self._crawl_delays[site] = min(float(crawl_delay), MAX_CRAWL_DELAY)
        return rules

    def _get(self, site: str, url: str, max_bytes: int) -> RawPage:
        now = self._clock()
        turn = self._next_turn.get(site, now)
        if turn > now:
            self._sleep(turn - now)
        try:
            return fetch_url(url, max_bytes=max_bytes, timeout=self.timeout, transport=self._transport)
        finally:
            # Counted from when this request ended, not from when it was due: a late wake-up or a
            # slow answer never brings the next request closer to this one.
            self._next_turn[site] = self._clock() + max(self.delay, self._crawl_delays.get(site, 0.0))


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
