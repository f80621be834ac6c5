"""Shared fixtures: the real example pages, read from where they live."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from _postgres import PostgresServer, PostgresUnavailable

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


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL 18 server with pgvector on 127.0.0.1, for the whole session.

    A machine where it cannot start fails these tests (CI has the same machines): never a skip.
    """
    started = time.monotonic()
    failure = None
    try:
        server = PostgresServer.start()
    except PostgresUnavailable as exc:
        failure = str(exc)
    if failure is not None:
        pytest.fail(failure, pytrace=False)
    server.started_in = time.monotonic() - started
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> str:
    """A fresh, empty database (pgvector enabled) on the session's server."""
    return postgres.create_database()


@pytest.fixture(scope="session")
def example_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite library of both bundled stories (18 pages), built once; copy it before writing."""
    from storyline.library import Library

    db = tmp_path_factory.mktemp("examples") / "storyline.db"
    with Library(db) as lib:
        report = lib.add([REPO / "examples" / "harbor-recall", REPO / "examples" / "wendelsaue-fire"], workers=0)
    assert report.failed == 0 and report.added == 9
    return db
