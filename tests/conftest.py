"""Shared fixtures: the real example pages, read from where they live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
PUTIN = SHARED / "examples" / "putin-truce"
EXAMPLES = REPO / "examples" / "harbor-recall"


@pytest.fixture(scope="session")
def putin_dir() -> Path:
    """The two third-party pages; CI always has ../shared beside the clone."""
    assert PUTIN.is_dir(), f"{PUTIN} is missing: the tests need ../shared beside the repository"
    return PUTIN


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
