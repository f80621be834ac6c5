"""Shared pieces of the benchmarks: data folder, timing, memory, profiles cached within a run, tables.

The datasets are read where they lie (``../shared/bench``); nothing is copied.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..library.similarity import Profile, profiles
from ..model import Article

__all__ = ["PeakMemory", "ProfileCache", "Timer", "default_data_dir", "markdown_table", "tree_rss_mb"]

_REPO_ROOT = Path(__file__).resolve().parents[3]


def default_data_dir() -> Path:
    """``../shared/bench`` from the working directory, else from the repository root."""
    candidates = [Path.cwd() / ".." / "shared" / "bench", _REPO_ROOT / ".." / "shared" / "bench"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    return candidates[0].resolve()


class Timer:
    """Seconds spent per named stage, in the order first seen."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def markdown(self) -> str:
        rows = [[name, f"{secs:.1f}"] for name, secs in self.seconds.items()]
        return markdown_table(["stage", "seconds"], rows)


def tree_rss_mb() -> float:
    """Resident memory of this process and all its descendants (reading workers, Ray), in MB."""
    import psutil

    me = psutil.Process()
    total = 0
    for process in [me, *me.children(recursive=True)]:
        try:
            total += process.memory_info().rss
        except psutil.Error:  # a child that ended between the listing and the reading
            pass
    return total / 2**20


class PeakMemory:
    """The largest ``tree_rss_mb`` while the block runs, sampled every 0.5 s (``peak``, in MB)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb())
            self._stop.wait(0.5)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss_mb())


class ProfileCache:
    """Profiles keyed by a caller's id, so one run never embeds an article twice."""

    def __init__(self) -> None:
        self._profiles: dict[str, Profile] = {}

    def get(self, items: Sequence[tuple[str, Article]]) -> list[Profile]:
        """Profiles for (id, article) pairs; the ones not seen yet go through one ``profiles`` call."""
        todo = {key: article for key, article in items if key not in self._profiles}
        if todo:
            self._profiles.update(zip(todo, profiles(list(todo.values())), strict=True))
        return [self._profiles[key] for key, _ in items]


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
