"""``storyline bench serve``: latency of the HTTP API under bounded concurrent load, on loopback.

The server runs as ``storyline serve`` in its own process (as it does for users) over a
library of the bundled examples. The GET scenarios are fired by ApacheBench (``ab``,
Debian's apache2-utils) when it is installed: a Python client was the bottleneck here
(httpx's async client gave the static floor 544 requests/s against ab's 3,225 on the same
server), so its numbers measured the client. Without ``ab``, and for ``POST /compare``,
an httpx client in this process keeps a fixed number of requests in flight. The baseline
in the same run is the server's floor: a static stylesheet, which touches neither the
library nor the compare engine.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

__all__ = ["LoadResult", "format_serve_report", "run_serve_bench"]

_EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@dataclass
class LoadResult:
    name: str
    requests: int
    concurrency: int
    latencies_ms: list[float]
    errors: int
    seconds: float
    client: str = "httpx"
    percentiles: dict[int, float] | None = None
    """From ab: its 50/95/100 % lines (ms), when ab ran the scenario."""

    def percentile(self, share: float) -> float:
        if self.percentiles is not None:
            return self.percentiles.get(round(share * 100), 0.0)
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0

    @property
    def median(self) -> float:
        return self.percentile(0.5) if self.percentiles is not None else statistics.median(self.latencies_ms)

    @property
    def maximum(self) -> float:
        return self.percentile(1.0) if self.percentiles is not None else max(self.latencies_ms)


def _ab(base: str, name: str, path: str, requests: int, concurrency: int) -> LoadResult | None:
    """The scenario run by ApacheBench, or None when it is not installed."""
    binary = shutil.which("ab")
    if binary is None:
        return None
    done = subprocess.run([binary, "-q", "-n", str(requests), "-c", str(concurrency), f"{base}{path}"],
                          capture_output=True, text=True, timeout=600)
    found: dict[int, float] = {}
    errors = 0
    seconds = 0.0
    for line in done.stdout.splitlines():
        if match := re.match(r"\s*(\d+)%\s+(\d+)", line):
            found[int(match[1])] = float(match[2])
        elif line.startswith(("Failed requests:", "Non-2xx responses:")):
            errors += int(line.split(":")[1].split()[0])
        elif line.startswith("Time taken for tests:"):
            seconds = float(line.split(":")[1].split()[0])
    if done.returncode != 0 or 50 not in found:
        return None
    return LoadResult(name, requests, concurrency, [], errors, seconds, client="ab", percentiles=found)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _load(client: httpx.AsyncClient, name: str, requests: int, concurrency: int,
                call: dict[str, Any]) -> LoadResult:
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    errors = 0

    async def one() -> None:
        nonlocal errors
        async with gate:
            started = time.perf_counter()
            try:
                response = await client.request(**call)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(requests)))
    return LoadResult(name, requests, concurrency, latencies, errors, time.perf_counter() - started)


async def _run(base: str, story: int, pages: list[dict[str, str]], requests: int) -> list[LoadResult]:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        # Warm-up: the comparison is made once and kept; the model is loaded by the first compare.
        (await client.get(f"/stories/{story}/comparison")).raise_for_status()
        (await client.post("/compare", json={"pages": pages})).raise_for_status()
        results = []
        for name, path in (("GET /static/storyline.css (baseline: the server's floor)", "/static/storyline.css"),
                           ("GET /stories", "/stories"),
                           (f"GET /stories/{story}/comparison (kept)", f"/stories/{story}/comparison")):
            fired = _ab(base, name, path, requests, 50)
            results.append(fired or await _load(client, name, requests, 50, {"method": "GET", "url": path}))
        results.append(await _load(client, "POST /compare (2 pages, compared each time)", max(10, requests // 25),
                                   10, {"method": "POST", "url": "/compare", "json": {"pages": pages}}))
        return results


def run_serve_bench(db: Path | None = None, *, requests: int = 500) -> list[LoadResult]:
    """Start ``storyline serve`` over ``db`` (default: a fresh library of the bundled examples) and load it."""
    from ..library import Library

    with tempfile.TemporaryDirectory() as tmp:
        if db is None:
            db = Path(tmp) / "examples.db"
            with Library(db) as library:
                library.add([_EXAMPLES], workers=0)
        with Library(db) as library:
            stories = library.stories()
        story = max(stories, key=lambda s: len(s.articles)).id
        harbor = _EXAMPLES / "harbor-recall"
        pages = [{"html": (harbor / name).read_text(encoding="utf-8"), "source": name}
                 for name in ("harbor-gazette.html", "coastline-daily.html")]
        port = _free_port()
        log = Path(tmp) / "serve.log"
        with log.open("wb") as said:
            server = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port",
                                       str(port)], stdout=subprocess.DEVNULL, stderr=said, env={**os.environ})
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/static/storyline.css", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
                if server.poll() is not None:
                    raise RuntimeError(f"storyline serve exited: {log.read_text(errors='replace').strip()[-300:]}")
            return asyncio.run(_run(base, story, pages, requests))
        finally:
            server.terminate()
            server.wait(timeout=20)


def format_serve_report(results: list[LoadResult]) -> str:
    lines = ["| requests | client | total | in flight | p50 ms | p95 ms | max ms | errors | req/s |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r.name} | {r.client} | {r.requests} | {r.concurrency} | {r.median:.1f} | "
                     f"{r.percentile(0.95):.1f} | {r.maximum:.1f} | {r.errors} | "
                     f"{r.requests / r.seconds if r.seconds else 0:.0f} |")
    return "\n".join(lines) + "\n"
