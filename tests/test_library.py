"""The library on real pages: stored once, copies linked, stories grouped, searchable, editable by hand.

Every test that takes ``backend`` runs twice: on an SQLite file and on a real PostgreSQL server.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from _postgres import PostgresServer
from storyline.cli import cli
from storyline.errors import StoreError
from storyline.library import Library
from storyline.library import _library as library_module

REPO = Path(__file__).resolve().parent.parent
HARBOR = REPO / "examples" / "harbor-recall"
FIRE = REPO / "examples" / "wendelsaue-fire"


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html")) + sorted(folder.glob("*.txt"))


class Backend:
    """Where a test's libraries live: SQLite files in temp folders, or databases on the session's PostgreSQL."""

    def __init__(self, folders: pytest.TempPathFactory, server: PostgresServer | None) -> None:
        self.folders = folders
        self.server = server

    def new(self, name: str) -> str:
        """A new, empty library, as the ``--db`` value that names it."""
        if self.server is not None:
            return self.server.create_database(name)
        return str(self.folders.mktemp(name) / "storyline.db")

    def copy(self, db: str) -> str:
        """A new library holding what ``db`` holds (closed by then)."""
        if self.server is not None:
            return self.server.copy_database(db)
        copy = self.new("copy")
        shutil.copy(db, copy)
        return copy


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Backend:
    server = request.getfixturevalue("postgres") if request.param == "postgres" else None
    return Backend(tmp_path_factory, server)


@pytest.fixture(scope="module")
def built(backend: Backend) -> str:
    """A library of both bundled stories (18 pages), built once for the read-only tests."""
    db = backend.new("built")
    with Library(db) as lib:
        report = lib.add([HARBOR, FIRE])
    assert report.failed == 0 and report.added + report.duplicates == 18
    return db


def _stories_by_input(lib: Library) -> dict[str, int]:
    return {Path(a.input).name: s.id for s in lib.stories() for a in s.articles}


def _story_of(lib: Library, name: str) -> int:
    return _stories_by_input(lib)[name]


def test_each_story_is_one_story(built: str) -> None:
    with Library(built) as lib:
        by_input = _stories_by_input(lib)
        harbor = {by_input[p.name] for p in _pages(HARBOR) if p.name in by_input}
        fire = {by_input[p.name] for p in _pages(FIRE) if p.name in by_input}
        assert len(harbor) == 1 and len(fire) == 1 and harbor != fire
        story = lib.story(harbor.pop())
        assert set(story.languages) >= {"en", "es", "el"}
        assert len(story.outlets) >= 4
        assert all(a.why for a in story.articles)  # every membership says why


def test_two_captures_of_one_page_are_one_article(built: str) -> None:
    with Library(built) as lib:
        stored = _stories_by_input(lib)
        for html in _pages(HARBOR):
            if html.suffix == ".html":  # its copied page text has the same words: stored once
                assert (html.name in stored) != (html.with_suffix(".txt").name in stored)
        assert _duplicates(built) == 9


def test_a_rewrite_of_a_stored_article_is_linked_as_a_copy(backend: Backend, tmp_path: Path) -> None:
    from storyline.extract import extract

    original = extract(HARBOR / "harbor-gazette.html")
    kept = "".join(f"<p>{p.text}</p>" for p in original.body[:8])
    rewrite = tmp_path / "rewrite.html"
    rewrite.write_text(f"<html><head><title>Recall widens</title><meta property='og:site_name' content='Bay Wire'>"
                       f"</head><body><article><h1>Recall widens</h1><p>Bay Wire adds a first paragraph of its own "
                       f"about the recall and the ports it reaches this week.</p>{kept}</article></body></html>",
                       encoding="utf-8")
    with Library(backend.new("c")) as lib:
        lib.add([HARBOR / "harbor-gazette.html"])
        report = lib.add([rewrite])
        assert (report.added, report.copies, report.new_stories) == (1, 1, 0)
        story = lib.stories()[0]
        copy = next(a for a in story.articles if a.input == str(rewrite))
        assert copy.copy_of == next(a.id for a in story.articles if a.input.endswith("harbor-gazette.html"))
        assert copy.copied_share is not None and 0.3 <= copy.copied_share <= 1.0
        assert copy.why is not None and copy.why["copy"]["of"] == copy.copy_of
        assert (story.independent, story.copies) == (1, 1)


def test_a_copy_is_linked_to_the_text_it_shares_most_with_when_candidates_are_capped(
        backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.extract import extract

    body = extract(HARBOR / "harbor-gazette.html").body

    def page(name: str, title: str, first: str, paragraphs: int) -> Path:
        kept = "".join(f"<p>{p.text}</p>" for p in body[:paragraphs])
        path = tmp_path / name
        path.write_text(f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{first}</p>"
                        f"{kept}</article></body></html>", encoding="utf-8")
        return path

    # The teaser is stored first and shares some text with the newcomer; the full report shares most.
    teaser = page("teaser.html", "Recall in brief", "A short note on the heater recall for readers in a hurry.", 4)
    full = page("full.html", "Recall in full", "The whole report on the heater recall, as the wire sent it.", 10)
    newcomer = page("late.html", "Recall widens", "Bay Wire adds a first paragraph of its own about the recall.", 10)
    monkeypatch.setattr(library_module, "_LSH_CANDIDATES", 1)  # only the best-ranked candidate is compared
    with Library(backend.new("capped")) as lib:
        lib.add([teaser])
        lib.add([full])
        lib.add([newcomer])
        articles = {a.input: a for story in lib.stories() for a in story.articles}
        assert articles[str(newcomer)].copy_of == articles[str(full)].id != articles[str(teaser)].id


def test_adding_again_changes_nothing(backend: Backend, built: str) -> None:
    db = backend.copy(built)
    with Library(db) as lib:
        before = lib.store.count_articles()
        report = lib.add([HARBOR, FIRE])
        assert (report.added, report.unchanged, report.failed) == (0, 18, 0)
        assert lib.store.count_articles() == before


def test_the_same_text_under_another_name_is_a_duplicate(backend: Backend, tmp_path: Path) -> None:
    page = HARBOR / "harbor-gazette.html"
    twin = tmp_path / "mirror.html"
    twin.write_bytes(page.read_bytes().replace(b"<head>", b"<head><!-- mirrored -->", 1))
    with Library(backend.new("d")) as lib:
        report = lib.add([page, twin])
        assert (report.added, report.duplicates) == (1, 1)
        assert lib.store.count_articles() == 1


def test_a_killed_ingest_resumes_with_nothing_lost_or_doubled(backend: Backend,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    db = backend.new("k")
    pages = sorted(HARBOR.glob("*.html")) + sorted(FIRE.glob("*.html"))[:1]  # six different articles
    monkeypatch.setattr(library_module, "_CHUNK", 2)
    real = Library._add_one
    calls = {"n": 0}

    def dies_on_the_fifth(self: Library, *args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # as if the process were stopped mid-batch
        real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "_add_one", dies_on_the_fifth)
    with Library(db) as lib, pytest.raises(KeyboardInterrupt):
        lib.add(pages)
    with Library(db) as lib:
        assert lib.store.count_articles() + _duplicates(db) == 4  # two whole chunks were committed
    monkeypatch.setattr(Library, "_add_one", real)
    with Library(db) as lib:
        report = lib.add(pages)
        assert (report.unchanged, report.added + report.duplicates) == (4, 2)
        assert lib.store.count_articles() + _duplicates(db) == 6


def _duplicates(db: str) -> int:
    with Library(db) as lib:
        return int(lib.store.db.execute(
            "SELECT count(*) FROM inputs WHERE status = 'duplicate'").fetchone()[0])


def test_bad_items_are_recorded_and_the_batch_goes_on(backend: Backend, tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "junk.html").write_bytes(bytes(range(256)) * 40)
    db = backend.new("b")
    runner = CliRunner()
    result = runner.invoke(cli, ["add", "--db", db, str(HARBOR / "harbor-gazette.html")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["add", "--db", db, str(tmp_path / "empty.html"), str(tmp_path / "junk.html"),
                                 str(tmp_path / "missing.html"), str(FIRE / "tagesblick.html")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "1 added" in result.stdout and "3 failed" in result.stdout
    assert "missing.html" in result.stderr and "empty.html" in result.stderr
    with Library(db) as lib:
        assert lib.store.count_articles() == 2  # what was stored before is still there
        failures = lib.store.db.execute("SELECT count(*) FROM failures").fetchone()[0]
        assert failures == 3


def test_a_page_that_breaks_the_extractor_is_recorded_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.library import _reading

    real = _reading.extract_page

    def breaks_on_one(page: object, **options: object) -> object:
        if str(getattr(page, "source", "")).endswith("diario-del-puerto.html"):
            raise RecursionError("maximum recursion depth exceeded")  # as a hostile page might cause
        return real(page, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(_reading, "extract_page", breaks_on_one)
    with Library(tmp_path / "x.db") as lib:
        report = lib.add(sorted(HARBOR.glob("*.html")), workers=0)  # the patch lives in this process
        assert (report.added, report.failed) == (4, 1)
        source, reason = report.failures[0]
        assert source.endswith("diario-del-puerto.html") and "RecursionError" in reason and "report" in reason


def test_a_folder_or_a_missing_folder_as_db(tmp_path: Path) -> None:
    for db, says in ((tmp_path, "is a folder"), (tmp_path / "nowhere" / "x.db", "does not exist")):
        result = CliRunner().invoke(cli, ["stories", "--db", str(db)])
        assert result.exit_code == 2 and says in result.stderr and "Traceback" not in result.output


def test_not_a_library(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a storyline library"):
        Library(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    result = CliRunner().invoke(cli, ["stories", "--db", str(junk)])
    assert result.exit_code == 2 and "not a storyline library" in result.stderr
    assert "Traceback" not in result.output


def test_stories_json_lists_articles_with_inputs(built: str) -> None:
    result = CliRunner().invoke(cli, ["stories", "--db", built, "--json"])
    assert result.exit_code == 0
    stories = json.loads(result.stdout)
    assert len(stories) == 2
    for story in stories:
        assert {"id", "title", "first_published", "last_published", "outlets", "languages", "articles",
                "independent", "copies"} <= set(story)
        assert all(Path(a["input"]).exists() for a in story["articles"])
    assert sum(len(s["articles"]) for s in stories) + _duplicates(built) == 18
    assert sum(s["independent"] + s["copies"] for s in stories) == 9


def test_stories_filtered_by_date_outlet_and_language(built: str) -> None:
    def titles(*options: str) -> list[str]:
        result = CliRunner().invoke(cli, ["stories", "--db", built, "--json", *options])
        assert result.exit_code == 0, result.output
        return [s["title"].split()[0] for s in json.loads(result.stdout)]

    assert titles() == ["Union", "Space"]  # the fire (October 2025), then the recall (March 2025)
    assert titles("--language", "el") == ["Space"] and titles("--language", "DE") == ["Union"]
    assert titles("--outlet", "the harbor gazette") == ["Space"]
    assert titles("--since", "2025-03-05") == ["Union", "Space"] and titles("--since", "2025-03-06") == ["Union"]
    assert titles("--until", "2025-03-04") == ["Space"] and titles("--until", "2025-03-03") == []
    assert titles("--since", "2025-10", "--until", "2025-10") == ["Union"]
    assert titles("--outlet", "Nobody Times") == []
    with Library(built) as lib:  # no article between 16:30 and 23:40 on 4 March, though the story spans it
        assert [s.title for s in lib.stories(since="2025-03-04T17", until="2025-03-04T22")] == []
        assert len(lib.stories(since="2025-03-04T17", until="2025-03-04T23")) == 1
    bad = CliRunner().invoke(cli, ["stories", "--db", built, "--since", "5 March"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_search_by_words_and_by_meaning_across_languages(built: str) -> None:
    with Library(built) as lib:
        harbor = _story_of(lib, "harbor-gazette.html")
        hits = lib.search("heaters recall")
        assert hits and hits[0].article.story == harbor and "words" in hits[0].matched
        # A Spanish question finds the story by meaning, whatever language its pages are in.
        hits = lib.search("incendio en un almacén")
        assert hits and hits[0].article.story != harbor
        assert "meaning" in hits[0].matched
        # Words match without their accents ("eléctricas"), and query syntax is only words.
        hits = lib.search("electricas")
        assert hits and "words" in hits[0].matched and hits[0].article.input.startswith(str(HARBOR / "diario"))
        assert lib.store.search_text("heaters' & | ! ( :* \\ \" recall)", 5)
        with pytest.raises(StoreError):
            lib.search("   ")


def test_show_prints_the_story_comparison(built: str) -> None:
    with Library(built) as lib:
        harbor = _story_of(lib, "harbor-gazette.html")
    result = CliRunner().invoke(cli, ["show", str(harbor), "--db", built, "--json"])
    assert result.exit_code == 0, result.output
    comparison = json.loads(result.stdout)
    assert comparison["schema"] == "storyline.comparison/1"
    assert {d["kind"] for d in comparison["discrepancies"]} >= {"number"}
    result = CliRunner().invoke(cli, ["show", "999", "--db", built])
    assert result.exit_code == 2 and "no story 999" in result.stderr


def test_split_and_merge_by_hand(backend: Backend, built: str) -> None:
    db = backend.copy(built)
    with Library(db) as lib:
        harbor = _story_of(lib, "harbor-gazette.html")
        members = [a.id for a in lib.story(harbor).articles]
        new = lib.split(harbor, members[:1])
        assert [a.id for a in new.articles] == members[:1] and new.articles[0].manual
        assert len(lib.story(harbor).articles) == len(members) - 1
        merged = lib.merge(harbor, new.id)
        assert sorted(a.id for a in merged.articles) == sorted(members)
        with pytest.raises(StoreError):
            lib.story(new.id)
        with pytest.raises(StoreError, match="at least one"):
            lib.split(harbor, members)
        with pytest.raises(StoreError, match="not in story"):
            lib.split(harbor, [999_999])
    result = CliRunner().invoke(cli, ["stories", "merge", "1", "1", "--db", db])
    assert result.exit_code == 2 and "itself" in result.stderr


def test_search_sees_articles_added_later(tmp_path: Path) -> None:
    with Library(tmp_path / "v.db") as lib:
        lib.add(sorted(HARBOR.glob("*.html")))
        first, _ = lib.store.vectors()
        assert lib.search("incendio en un almacén")  # only heater articles so far
        lib.add(sorted(FIRE.glob("*.html")))
        ids, matrix = lib.store.vectors()
        assert ids[:len(first)] == first and len(ids) == len(first) + 4 and matrix.shape == (len(ids), 384)
        hits = lib.search("incendio en un almacén")
        assert hits[0].article.id not in first  # the fire reports, added after the first search


def test_worker_processes_give_the_same_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "_CHUNK", 3)  # several batches, so the workers really run
    pages = _pages(HARBOR) + _pages(FIRE)
    shapes = []
    for workers in (0, 1, 2):  # two readers finish out of order; batches are stored in input order
        with Library(tmp_path / f"w{workers}.db") as lib:
            report = lib.add(pages, workers=workers)
            assert (report.added, report.duplicates, report.failed) == (9, 9, 0)
            shapes.append([(s.title, [(Path(a.input).name, a.copy_of, a.why) for a in s.articles])
                           for s in lib.stories()])
    assert shapes[0] == shapes[1] == shapes[2]


def test_add_never_prints_a_password(postgres_url: str) -> None:
    with_password = postgres_url.replace("://", "://postgres:hunter2@", 1) if "@" not in postgres_url else postgres_url
    result = CliRunner().invoke(cli, ["add", "--db", with_password, "--json", str(HARBOR / "harbor-gazette.html")])
    assert "hunter2" not in result.output
    result = CliRunner().invoke(cli, ["add", "--db", with_password, str(FIRE / "tagesblick.html")])
    assert "hunter2" not in result.output and "1 added" in result.stdout and "1 new story" in result.stdout


def test_a_reading_worker_exits_when_its_parent_is_killed(tmp_path: Path) -> None:
    # The parent starts a pool the way Library.add does, writes its worker's pid, then dies
    # by SIGKILL (no shutdown runs); the worker must notice and exit.
    script = (
        "import multiprocessing, os, signal, sys\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from storyline.library._reading import watch_parent\n"
        "if __name__ == '__main__':\n"
        "    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context('spawn'), initializer=watch_parent)\n"
        "    open(sys.argv[1], 'w').write(str(pool.submit(os.getpid).result()))\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n")
    (tmp_path / "parent.py").write_text(script, encoding="utf-8")
    subprocess.run([sys.executable, str(tmp_path / "parent.py"), str(tmp_path / "pid")], timeout=60,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = int((tmp_path / "pid").read_text())
    for _ in range(100):
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(worker, 9)
    pytest.fail(f"the reading worker {worker} outlived its killed parent by 10 s")


def test_a_data_sets_titles_and_dates_name_and_date_its_stories(tmp_path: Path) -> None:
    """JSON Lines records with a title and date beside the text (a data set's shape); an untitled text's
    story is named by its opening words rather than left blank in `storyline stories`."""
    quay = ("The harbour authority closed the north quay on Tuesday after divers found cracks in two of its "
            "piles. Ships due this week will berth at the ferry terminal instead, the authority said.")
    choir = ("A choir of two hundred schoolchildren sang at the reopening of the town hall on Saturday, "
             "ten years after a fire gutted the building. The mayor thanked the volunteers who raised the money.")
    path = tmp_path / "dataset.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"text": quay, "title": "North quay closed", "date": "2025-03-04T18:05:00Z", "url": "https://a.example/1"},
        {"text": choir, "url": "https://b.example/2"},
    ]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["add", str(path), "--db", str(tmp_path / "l.db"), "--quiet"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["stories", "--db", str(tmp_path / "l.db"), "--json"])
    stories = {s["title"]: s for s in json.loads(result.stdout)}
    assert set(stories) == {"North quay closed",
                            "A choir of two hundred schoolchildren sang at the reopening of the …"}
    assert stories["North quay closed"]["first_published"] == "2025-03-04T18:05"
    [untitled] = stories["A choir of two hundred schoolchildren sang at the reopening of the …"]["articles"]
    assert untitled["title"] is None and untitled["published"] is None
    found = CliRunner().invoke(cli, ["search", "schoolchildren choir", "--db", str(tmp_path / "l.db")])
    assert "(no title) A choir of two hundred schoolchildren sang" in found.stdout
