"""``Laps``: seconds per stage, for the timings that compare and ingest report."""

from __future__ import annotations

import time

__all__ = ["Laps"]


class Laps:
    """Adds the time since the last lap (or since it was made) to ``totals[stage]``, rounded to 0.1 ms."""

    def __init__(self, totals: dict[str, float]) -> None:
        self.totals = totals
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.totals[stage] = round(self.totals.get(stage, 0.0) + now - self.last, 4)
        self.last = now
