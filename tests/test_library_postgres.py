"""What only a PostgreSQL library has: connecting, its schema, pgvector's index, a connection lost mid-write.

The behaviours both stores share (stories, duplicates, resuming, search, editing) run on both
backends in test_library.py; the server is the session's real PostgreSQL (see conftest.py).
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import numpy as np
import psycopg
import pytest
from click.testing import CliRunner

from _postgres import PostgresServer, free_port
from storyline.cli import cli
from storyline.errors import StoreError
from storyline.extract import extract
from storyline.library import Library
from storyline.library.postgres import _LOCK, PostgresStore
from storyline.library.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parent.parent
HARBOR = REPO / "examples" / "harbor-recall"


def _sql(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as db:
        cursor = db.execute(sql)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


def test_both_stores_have_the_same_methods() -> None:
    def public(cls: type) -> dict[str, inspect.Signature]:
        return {name: inspect.signature(member) for name, member in vars(cls).items()
                if callable(member) and not name.startswith("_")}

    assert public(PostgresStore) == public(SQLiteStore)


def test_an_unreachable_server_is_one_line_through_the_cli() -> None:
    url = f"postgresql://storyline:secret@127.0.0.1:{free_port()}/news"
    result = CliRunner().invoke(cli, ["stories", "--db", url])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot connect to postgresql://storyline:***@{url.split('@')[1]} (")
    assert result.stderr.endswith("; check the --db URL and that the server is running\n")
    assert result.stderr.count("\n") == 1 and "secret" not in result.output and "Traceback" not in result.output
    with pytest.raises(StoreError, match="cannot connect"):
        Library("postgresql://127.0.0.1:not-a-port/news")


def test_a_database_that_is_not_a_library(postgres_url: str) -> None:
    _sql(postgres_url, "CREATE TABLE invoices (id integer)")
    with pytest.raises(StoreError, match="not a storyline library; pass an empty database as --db"):
        Library(postgres_url)
    result = CliRunner().invoke(cli, ["stories", "--db", postgres_url])
    assert result.exit_code == 2 and "not a storyline library" in result.stderr and "Traceback" not in result.output


def test_the_schema_is_versioned_and_migrated_once(postgres_url: str) -> None:
    Library(postgres_url).close()
    Library(postgres_url).close()  # opening again migrates nothing
    assert _sql(postgres_url, "SELECT version FROM storyline_schema") == [(2,)]
    indexes = dict(_sql(postgres_url, "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles'"))
    assert "hnsw (vector vector_cosine_ops)" in indexes["articles_vector"]
    assert "gin (words)" in indexes["articles_words"]
    _sql(postgres_url, "UPDATE storyline_schema SET version = 99")
    with pytest.raises(StoreError, match=r"newer storyline \(schema 99\); upgrade storyline"):
        Library(postgres_url)


def test_pgvector_missing_says_who_can_enable_it(postgres: PostgresServer) -> None:
    _sql(postgres.url(), "CREATE ROLE reporter LOGIN")
    _sql(postgres.url(), "CREATE DATABASE plain TEMPLATE template0 OWNER reporter")  # no pgvector in it
    url = postgres.url("plain").replace("postgres@", "reporter@")
    with pytest.raises(StoreError, match="ask a superuser to run CREATE EXTENSION vector in it"):
        Library(url)
    assert _sql(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]  # nothing half-made


def _fill(store: SQLiteStore | PostgresStore, vectors: np.ndarray) -> None:
    article = extract(HARBOR / "harbor-gazette.html")
    with store.transaction():
        for number, vector in enumerate(vectors):
            store.insert_article(article, f"text-{number}", {"n": number}, vector, [(0, number), (1, 7)])


def test_nearest_asks_the_hnsw_index_and_agrees_with_an_exact_scan(postgres_url: str, tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((60, 384)).astype(np.float32)
    query = vectors[3] + 0.3 * rng.standard_normal(384).astype(np.float32)
    exact = SQLiteStore(tmp_path / "exact.db")
    served = PostgresStore(postgres_url)
    try:
        _fill(exact, vectors)
        _fill(served, vectors)
        near, far = served.nearest(query, 10), exact.nearest(query, 10)
        assert [i for i, _ in near] == [i for i, _ in far] and near[0][0] == 4  # article 4 holds vectors[3]
        assert np.allclose([c for _, c in near], [c for _, c in far], atol=1e-5)
        ids, matrix = served.vectors()
        assert ids == list(range(1, 61)) and np.array_equal(matrix, vectors)
        assert [p[3] for p in served.profiles()] == [p[3] for p in exact.profiles()]
        assert served.lsh_candidates([(1, 7)], 100) == exact.lsh_candidates([(1, 7)], 100) == list(range(1, 61))
        # Most bands shared first, then the oldest: article 6 holds (0, 5) and (1, 7), the rest only (1, 7).
        assert served.lsh_candidates([(0, 5), (1, 7)], 3) == exact.lsh_candidates([(0, 5), (1, 7)], 3) == [6, 1, 2]
        with served.db.transaction():
            served.db.execute("SET LOCAL enable_seqscan = off")
            plan = served.db.execute("EXPLAIN SELECT id FROM articles ORDER BY vector <=> %s LIMIT 10",
                                     (query,)).fetchall()
        assert "Index Scan using articles_vector" in "\n".join(r[0] for r in plan)
    finally:
        exact.close()
        served.close()


def test_a_connection_lost_mid_batch_commits_nothing(postgres_url: str) -> None:
    store = PostgresStore(postgres_url)
    try:
        lost = r"^lost the connection to .*; check the server and run the command again$"
        with pytest.raises(StoreError, match=lost), store.transaction():
            store.record_failure("a.html", "first")
            _sql(postgres_url, f"SELECT pg_terminate_backend({store.db.info.backend_pid})")
            store.record_failure("b.html", "second")
    finally:
        store.close()
    assert _sql(postgres_url, "SELECT count(*) FROM failures") == [(0,)]


def test_writers_take_turns(postgres_url: str) -> None:
    first, second = PostgresStore(postgres_url), PostgresStore(postgres_url)
    try:
        taken = "SELECT pg_try_advisory_xact_lock(%s)"
        with first.transaction():
            assert second.db.execute(taken, (_LOCK,)).fetchone() == (False,)  # a second writer would wait
        assert second.db.execute(taken, (_LOCK,)).fetchone() == (True,)
    finally:
        first.close()
        second.close()


def test_the_cli_on_a_postgresql_url(postgres_url: str) -> None:
    runner = CliRunner()
    pages = [str(HARBOR / "harbor-gazette.html"), str(HARBOR / "diario-del-puerto.html")]
    result = runner.invoke(cli, ["add", "--db", postgres_url, *pages])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.stdout
    assert runner.invoke(cli, ["add", "--db", postgres_url, *pages]).stdout.startswith("0 added")
    stories = json.loads(runner.invoke(cli, ["stories", "--db", postgres_url, "--json"]).stdout)
    assert [len(s["articles"]) for s in stories] == [2]
    result = runner.invoke(cli, ["search", "retirada de calefactores", "--db", postgres_url, "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits and "meaning" in hits[0]["matched"] and hits[0]["article"]["story"] == stories[0]["id"]
