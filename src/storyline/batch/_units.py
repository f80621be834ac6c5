"""Inputs as units of work, and the manifest that says which units are done.

A WARC, WARC.gz or JSONL file is a unit of its own; single pages (named, or found in a
folder) are grouped in order into units of ``PAGES_PER_UNIT``. Every file is taken once,
by its resolved path, however often it is named (a folder and a file inside it). A unit's
fingerprint hashes each of its files' path, size and modification time, so a file
changed in place, even at the same size, makes its unit be done again.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, StorylineError
from ..sources import files_in, kind_of

__all__ = ["PAGES_PER_UNIT", "Unit", "done_units", "expand_inputs", "is_done", "record_done", "row_files"]

PAGES_PER_UNIT = 500


@dataclass(frozen=True)
class Unit:
    name: str
    paths: tuple[Path, ...]

    @property
    def key(self) -> str:
        """A file-name-safe, stable name for the unit's Parquet file and manifest entry."""
        digest = hashlib.sha256("\n".join(str(p) for p in self.paths).encode()).hexdigest()[:12]
        return f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', self.name)[:60]}-{digest}"

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.paths)

    def fingerprint(self) -> str:
        parts = []
        for path in self.paths:
            stat = path.stat()
            parts.append(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}")
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _matches(text: str) -> list[str]:
    if Path(text).exists() or not any(c in text for c in "*?["):
        return [text]  # a real name with [ or * in it is that file, not a pattern
    return sorted(glob.glob(text))


def expand_inputs(inputs: Iterable[str | Path]) -> list[Unit]:
    """Globs expanded, folders walked, each file once; the units in the order given."""
    units: list[Unit] = []
    pages: list[Path] = []
    seen: set[Path] = set()

    def flush() -> None:
        while pages:
            group, pages[:] = pages[:PAGES_PER_UNIT], pages[PAGES_PER_UNIT:]
            units.append(Unit(f"{group[0].parent.name or 'pages'}-{len(units)}", tuple(group)))

    for given in inputs:
        text = str(given)
        matches = _matches(text)
        if not matches:
            raise InputError(f"{text}: no file matches this pattern")
        for match in matches:
            path = Path(match)
            if not path.exists():
                raise InputError(f"{path}: no such file or folder")
            for file in (files_in(path) if path.is_dir() else [path]):
                resolved = file.resolve()
                if resolved in seen:
                    continue
                seen.add(resolved)
                if kind_of(file.name) in ("warc", "jsonl"):
                    flush()
                    units.append(Unit(file.name, (resolved,)))
                else:
                    pages.append(resolved)
    flush()
    return units


def done_units(out: Path) -> dict[str, dict[str, Any]]:
    """The manifest's entries by unit key (a line cut by a kill is not an entry)."""
    done: dict[str, dict[str, Any]] = {}
    path = out / "manifest.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                done[entry["key"]] = entry
            except (ValueError, KeyError, TypeError):
                continue
    return done


def row_files(out: Path) -> list[Path]:
    """The Parquet files of the units the manifest lists, in its (input) order: a batch's rows."""
    listed = [out / str(e["parquet"]) for e in done_units(out).values() if e.get("parquet")]
    return [p for p in dict.fromkeys(listed) if p.is_file()]


def is_done(out: Path, unit: Unit, done: dict[str, dict[str, Any]]) -> bool:
    """True when the manifest lists the unit with its current fingerprint and its Parquet file is there."""
    entry = done.get(unit.key)
    return bool(entry and entry.get("fingerprint") == unit.fingerprint()
                and (out / str(entry.get("parquet", ""))).is_file())


def record_done(out: Path, unit: Unit, entry: dict[str, Any]) -> None:
    """Append the unit to the manifest (after a newline, if a kill cut the last line) and sync it."""
    path = out / "manifest.jsonl"
    try:
        with path.open("a+b") as manifest:
            manifest.seek(0, os.SEEK_END)
            if manifest.tell():
                manifest.seek(-1, os.SEEK_END)
                if manifest.read(1) != b"\n":
                    manifest.write(b"\n")
            line = {"key": unit.key, "name": unit.name, "inputs": [str(p) for p in unit.paths],
                    "fingerprint": unit.fingerprint(), **entry}
            manifest.write((json.dumps(line) + "\n").encode("utf-8"))
            manifest.flush()
            os.fsync(manifest.fileno())
    except OSError as exc:
        raise StorylineError(f"{path}: cannot write the manifest ({exc.strerror or exc})") from None
