"""The Ray Data engine: the same ``rows_of`` on a Ray cluster (or a local Ray), output in input order.

Chunks of pages are handed to Ray Data a window at a time (``_WINDOW`` chunks, so the driver
never holds a whole WARC file), mapped by a pool of actors that each load the model once,
with the order kept, and read back here to be written exactly as the local engine writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import islice
from typing import Any

import numpy as np

from ..errors import StorylineError
from ._rows import rows_of

__all__ = ["RayEngine"]

_WINDOW = 64


class _RowsActor:
    """One Ray actor: ``rows_of`` over one chunk per call (the model stays loaded between calls)."""

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        rows = np.array([rows_of(list(pages)) for pages in batch["pages"]] + [None], dtype=object)[:-1]
        return {"n": batch["n"], "rows": rows}


class RayEngine:
    """Ray Data over ``workers`` actors, on the cluster at ``address`` or a local Ray it starts."""

    def __init__(self, workers: int, *, address: str | None = None) -> None:
        import ray

        self.workers = workers
        self._started = not ray.is_initialized()
        if self._started:
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                       "ignore_reinit_error": True}
            try:
                if address:
                    ray.init(address=address, **options)
                else:
                    threads = max(1, (os.cpu_count() or 1) // workers)  # the actors share this machine's cores
                    ray.init(num_cpus=workers, runtime_env={"env_vars": {"STORYLINE_THREADS": str(threads)}},
                             **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = f"the Ray cluster at {address}" if address else "a local Ray"
                raise StorylineError(f"cannot start or reach {where} ({str(exc).splitlines()[0][:200]}); "
                                     "check `ray status` or leave out --ray-address") from None

    def rows(self, chunks: Iterator[list[Any]]) -> Iterator[tuple[list[dict[str, Any]], list[Any]]]:
        import ray.data

        from ..sources import RawPage

        while window := list(islice(chunks, _WINDOW)):
            pages_of = [[item for item in chunk if isinstance(item, RawPage)] for chunk in window]
            work = [(n, pages) for n, pages in enumerate(pages_of) if pages]
            results: dict[int, list[dict[str, Any]]] = {}
            if work:
                # One block per chunk, or Ray Data would hand the whole window to one actor.
                dataset = ray.data.from_items([{"n": n, "pages": pages} for n, pages in work],
                                              override_num_blocks=len(work))
                dataset.context.execution_options.preserve_order = True
                mapped = dataset.map_batches(_RowsActor, batch_size=1, concurrency=min(self.workers, len(work)),
                                             num_cpus=1)
                for batch in mapped.iter_batches(batch_size=1, batch_format="numpy"):
                    results[int(batch["n"][0])] = list(batch["rows"][0])  # by the chunk's number, not its place
                if sorted(results) != [n for n, _ in work]:
                    raise RuntimeError("Ray Data returned rows for other chunks than it was given")
            for n, chunk in enumerate(window):
                yield results.get(n, []), chunk

    def close(self) -> None:
        import ray

        if self._started:
            ray.shutdown()
