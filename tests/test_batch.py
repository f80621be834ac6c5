"""storyline batch on WARC files the tests write from the bundled example pages (and a PDF, a 404,
a page with no article): the rows, the local engine with and without workers, resuming."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.batch import COLUMNS, SCHEMA, run_batch
from storyline.cli import cli
from storyline.errors import InputError

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = [REPO / "examples" / "harbor-recall", REPO / "examples" / "wendelsaue-fire"]


def _write_warc(path: Path, pages: list[Path]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        def response(url: str, status: str, content_type: str, body: bytes) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                          http_headers=headers))

        for page in pages:
            response(f"https://news.example/{page.stem}", "200 OK", "text/html; charset=utf-8", page.read_bytes())
        response("https://news.example/report.pdf", "200 OK", "application/pdf", b"%PDF-1.7 ...")
        response("https://news.example/gone", "404 Not Found", "text/html", b"<p>gone</p>")
        response("https://news.example/menu", "200 OK", "text/html", b"<html><body><nav>Home</nav></body></html>")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    files = []
    for example in EXAMPLES:
        path = folder / f"{example.name}.warc.gz"
        _write_warc(path, sorted(example.glob("*.html")))
        files.append(path)
    return files


def _rows(out: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for part in sorted((out / "articles").glob("*.parquet")):
        rows += pq.read_table(part).to_pylist()
    return rows


def _assert_same_rows(one: list[dict[str, object]], other: list[dict[str, object]]) -> None:
    """The same rows in the same order; vectors equal to float rounding."""
    assert [r["raw_hash"] for r in one] == [r["raw_hash"] for r in other]
    for a, b in zip(one, other, strict=True):
        assert {k: v for k, v in a.items() if k != "vector"} == {k: v for k, v in b.items() if k != "vector"}
        if a["vector"] is not None:
            assert np.allclose(a["vector"], b["vector"], atol=1e-5)


def test_one_row_per_record_with_documented_columns(corpus: list[Path], tmp_path: Path) -> None:
    report = run_batch(corpus, tmp_path / "out", workers=0)
    assert (report.units, report.records, report.articles, report.errors) == (2, 11, 9, 2)
    assert report.skipped == {"application/pdf, not HTML": 2, "HTTP N, not a page": 2}
    assert sum(report.error_reasons.values()) == 2 and all("/" not in r for r in report.error_reasons), \
        report.error_reasons
    rows = _rows(tmp_path / "out")
    assert set(COLUMNS) == set(SCHEMA.names) == set(rows[0])
    articles = [r for r in rows if r["error"] is None]
    assert len(articles) == 9 and {r["language"] for r in articles} == {"en", "es", "el", "de"}
    gazette = next(r for r in articles if r["url"] == "https://news.example/harbor-gazette")
    expected = json.loads((EXAMPLES[0] / "EXPECTED.json").read_text(encoding="utf-8"))["harbor-gazette.html"]
    assert [gazette[k] for k in ("title", "outlet", "published", "authors", "language")] == [
        expected[k] for k in ("title", "outlet", "published", "authors", "language")]
    assert "4,500" in str(gazette["text"]) and len(gazette["minhash"]) == 128
    vector = np.asarray(gazette["vector"], dtype=np.float32)
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3
    teaser = next(r for r in articles if r["url"] == "https://news.example/harbor-gazette-teaser")
    other = next(r for r in articles if r["language"] == "de")

    def agree(a: dict[str, object], b: dict[str, object]) -> float:  # MinHash's estimate of Jaccard
        return float(np.mean(np.asarray(a["minhash"]) == np.asarray(b["minhash"])))

    assert agree(teaser, gazette) > 0.1 and agree(other, gazette) < 0.02  # the teaser copies the article
    menu = next(r for r in rows if r["url"] == "https://news.example/menu")
    assert menu["error"] and menu["title"] is None


def test_workers_give_the_same_rows(corpus: list[Path], tmp_path: Path) -> None:
    run_batch(corpus, tmp_path / "alone", workers=0)
    run_batch(corpus, tmp_path / "pool", workers=2, chunk=2, threads=1)
    _assert_same_rows(_rows(tmp_path / "alone"), _rows(tmp_path / "pool"))


def test_threads_reach_each_worker_and_a_bad_count_is_refused(corpus: list[Path], tmp_path: Path) -> None:
    import os

    from storyline.batch._run import LocalEngine, threads_per_worker

    for threads, expected in ((3, "3"), (None, str(threads_per_worker(2)))):
        engine = LocalEngine(2, threads)
        try:
            assert engine.pool is not None
            seen = {engine.pool.submit(os.getenv, "STORYLINE_THREADS").result() for _ in range(4)}
        finally:
            engine.close()
        assert seen == {expected}
    with pytest.raises(InputError, match="threads must be 1 or more"):
        run_batch(corpus, tmp_path / "out", workers=1, threads=0)


def test_ray_gives_the_same_rows_on_a_local_two_worker_cluster(corpus: list[Path], tmp_path: Path) -> None:
    run_batch(corpus, tmp_path / "local", workers=0)
    report = run_batch(corpus, tmp_path / "ray", workers=2, engine="ray", chunk=2)  # 3 chunks a file: both actors
    assert report.records == 11 and report.articles == 9
    _assert_same_rows(_rows(tmp_path / "local"), _rows(tmp_path / "ray"))
    assert pq.read_table(tmp_path / "ray" / "stories.parquet").to_pylist() == pq.read_table(
        tmp_path / "local" / "stories.parquet").to_pylist()


def test_ray_on_a_cluster_already_running_gives_the_same_rows(corpus: list[Path], tmp_path: Path) -> None:
    """With --ray-address the actors ask Ray for a CPU per thread and set their threads themselves."""
    import ray

    run_batch(corpus, tmp_path / "local", workers=0)
    ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False)  # stands in for `ray start` elsewhere
    try:
        report = run_batch(corpus, tmp_path / "ray", workers=2, engine="ray", ray_address="auto", chunk=2,
                           threads=1)
        assert ray.is_initialized()  # a cluster storyline did not start is left running
    finally:
        ray.shutdown()
    assert report.records == 11 and report.articles == 9
    _assert_same_rows(_rows(tmp_path / "local"), _rows(tmp_path / "ray"))


def test_a_killed_batch_resumes_without_repeating_a_unit(corpus: list[Path], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.batch._run as run

    out = tmp_path / "out"
    real = run.rows_of
    calls = {"n": 0}

    def dies_in_the_second_unit(pages: list[object]) -> list[dict[str, object]]:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the kill, mid-way through the second file
        return real(pages)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "rows_of", dies_in_the_second_unit)
    with pytest.raises(KeyboardInterrupt):
        run_batch(corpus, out, workers=0)
    assert len((out / "manifest.jsonl").read_text().splitlines()) == 1
    assert list((out / "articles").glob("*.part"))  # the unfinished file, never read as output
    monkeypatch.setattr(run, "rows_of", real)
    again = run_batch(corpus, out, workers=0)
    assert again.units_done_before == 1 and again.records == 5  # only the second file, whole (4 pages, a menu)
    rows = _rows(out)
    assert len(rows) == 11 and len({r["source"] for r in rows}) == 11
    assert not list((out / "articles").glob("*.part"))
    third = run_batch(corpus, out, workers=0)
    assert third.units_done_before == 2 and third.records == 0


def test_cli_batch(corpus: list[Path], tmp_path: Path) -> None:
    pattern = str(corpus[0].parent / "*.warc.gz")
    result = CliRunner().invoke(cli, ["batch", pattern, "--out", str(tmp_path / "out"), "--workers", "0", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["records"] == 11 and summary["articles"] == 9 and summary["units"] == 2
    pooled = CliRunner().invoke(cli, ["batch", pattern, "--out", str(tmp_path / "pooled"), "--workers", "1",
                                      "--threads", "1", "--quiet"])
    assert pooled.exit_code == 0, pooled.output
    _assert_same_rows(_rows(tmp_path / "out"), _rows(tmp_path / "pooled"))
    no_threads = CliRunner().invoke(cli, ["batch", pattern, "--out", str(tmp_path / "o"), "--threads", "0"])
    assert no_threads.exit_code == 2 and "--threads" in no_threads.stderr
    missing = CliRunner().invoke(cli, ["batch", str(tmp_path / "none-*.warc"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "no file matches" in missing.stderr
    with pytest.raises(InputError, match="no such file"):
        run_batch([tmp_path / "absent.warc.gz"], tmp_path / "o2")


def test_stories_by_window_and_across_window_edges(corpus: list[Path], tmp_path: Path) -> None:
    report = run_batch(corpus, tmp_path / "out", workers=0)
    stories = pq.read_table(tmp_path / "out" / "stories.parquet").to_pylist()
    rows = {r["raw_hash"]: r for r in _rows(tmp_path / "out")}
    by_story: dict[int, set[str]] = {}
    for entry in stories:
        by_story.setdefault(entry["story"], set()).add(str(rows[entry["raw_hash"]]["url"]).rsplit("/", 1)[1])
    assert report.stories == 2 and sorted(map(sorted, by_story.values())) == [
        ["carrowby-echo", "marlenburger-anzeiger", "tagesblick", "world-desk"],
        ["coastline-daily", "diario-del-puerto", "faros-limaniou", "harbor-gazette", "harbor-gazette-teaser"]]
    # One-day windows cut each story across edges (4 and 5 March; 8, 9 and 10 October): linked again.
    from storyline.batch import cluster_rows

    daily = cluster_rows(tmp_path / "out", window_days=1)
    assert daily.stories == 2 and daily.windows >= 4 and daily.linked_across_edges >= 2


def test_db_stores_the_batch_stories_in_a_library(corpus: list[Path], tmp_path: Path) -> None:
    from storyline.library import Library

    db = tmp_path / "library.db"
    report = run_batch(corpus, tmp_path / "out", workers=0, db=db)
    assert report.stored == {"added": 9, "duplicates": 0, "unchanged": 0, "copies": 1, "new_stories": 2}
    with Library(db) as lib:
        stories = lib.stories()
        assert sorted(len(s.articles) for s in stories) == [4, 5]
        recall = next(s for s in stories if len(s.articles) == 5)
        assert recall.copies == 1 and recall.languages == ["el", "en", "es"]
        assert all(a.why and a.why["batch"]["story"] >= 1 for a in recall.articles)
        assert lib.search("incendio en una fábrica alemana")[0].article.story != recall.id
        comparison = lib.comparison(recall.id)
        assert any("4,500" in str(d.model_dump()) and "5,400" in str(d.model_dump()) for d in comparison.discrepancies)
    again = CliRunner().invoke(cli, ["batch", *map(str, corpus), "--out", str(tmp_path / "out"), "--workers", "0",
                                     "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "0 added, 0 duplicates, 9 already there" in again.stdout


def test_bench_batch_on_a_small_synthetic_warc_corpus(tmp_path: Path) -> None:
    from storyline.bench.batch import build_warc_corpus

    bench = REPO.parent / "shared" / "bench"
    files = build_warc_corpus(bench, tmp_path, 2_100)  # 2,000 records a file, as CC-NEWS ships them
    assert len(files) == 2
    report = run_batch(files[1:], tmp_path / "out", workers=0)
    assert report.records == 100 and report.articles >= 95
    result = CliRunner().invoke(cli, ["bench", "batch", "--data", str(bench), "--size", "20", "--config", "local-1"])
    assert result.exit_code == 0, result.output
    import os

    cells = [c.strip() for c in next(line for line in result.output.splitlines()
                                     if line.startswith("| local-1")).split("|")]
    assert cells[2:4] == ["1", "20"] and float(cells[6]) > 0  # one thread per worker unless told
    assert abs(float(cells[7]) - float(cells[6]) / (os.cpu_count() or 1)) <= 0.051
    shared = CliRunner().invoke(cli, ["bench", "batch", "--data", str(bench), "--size", "20", "--config", "local-1",
                                      "--threads", "0"])
    assert shared.exit_code == 0, shared.output
    assert "| local-1 | cores shared out | 20 |" in shared.output  # batch's own default
    bad = CliRunner().invoke(cli, ["bench", "batch", "--data", str(bench), "--config", "spark-2"])
    assert bad.exit_code == 2 and "ENGINE-WORKERS" in bad.stderr


def test_resume_checks_the_rows_are_there_and_takes_each_file_once(corpus: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch([corpus[0], corpus[0], corpus[0].parent, corpus[1]], out, workers=0)  # each file once
    assert (first.units, first.records) == (2, 11)
    assert len({r["source"] for r in _rows(out)}) == len(_rows(out)) == 11
    next((out / "articles").glob("harbor*.parquet")).unlink()  # the rows of a done input, lost
    again = run_batch(corpus, out, workers=0)
    assert again.units_done_before == 1 and again.records == 6 and len(_rows(out)) == 11
    with (out / "manifest.jsonl").open("ab") as manifest:
        manifest.write(b'{"key": "cut by a ki')  # a kill in the middle of a manifest line
    third = run_batch(corpus, out, workers=0)
    assert third.units_done_before == 2 and third.records == 0  # the cut line is no entry
    next((out / "articles").glob("wendelsaue*.parquet")).unlink()
    assert run_batch(corpus, out, workers=0).records == 5
    lines = (out / "manifest.jsonl").read_text().splitlines()
    assert lines[-2] == '{"key": "cut by a ki' and json.loads(lines[-1])["records"] == 5  # on a line of its own


def test_a_page_changed_in_place_is_done_again(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("harbor-gazette.html", "coastline-daily.html"):
        (folder / name).write_bytes((EXAMPLES[0] / name).read_bytes())
    out = tmp_path / "out"
    assert run_batch([folder], out, workers=0).records == 2
    page = folder / "coastline-daily.html"
    page.write_bytes(page.read_bytes().replace(b"5,400", b"5,500"))  # the same size
    again = run_batch([folder], out, workers=0)
    assert again.units_done_before == 0 and again.records == 2
    assert any("5,500" in str(r["text"]) for r in _rows(out))


def test_bad_output_folders_and_options_are_one_line(corpus: list[Path], tmp_path: Path) -> None:
    taken = tmp_path / "a-file"
    taken.write_text("x")
    for args, says in (([str(corpus[0]), "--out", str(taken / "sub")], "cannot make the output folder"),
                       ([str(corpus[0]), "--out", str(tmp_path / "o"), "--ray-address", "auto"], "--engine ray")):
        result = CliRunner().invoke(cli, ["batch", *args, "--workers", "0"])
        assert result.exit_code == 2 and says in result.stderr and "Traceback" not in result.output, result.output


def test_a_batch_run_again_over_more_input_grows_its_stories_in_the_library(tmp_path: Path) -> None:
    from storyline.library import Library

    pages = sorted(EXAMPLES[0].glob("*.html"))
    _write_warc(tmp_path / "first.warc.gz", pages[:3])
    _write_warc(tmp_path / "second.warc.gz", pages[3:])
    db = tmp_path / "library.db"
    run_batch([tmp_path / "first.warc.gz"], tmp_path / "out", workers=0, db=db)
    run_batch([tmp_path / "first.warc.gz", tmp_path / "second.warc.gz"], tmp_path / "out", workers=0, db=db)
    with Library(db) as lib:
        stories = lib.stories()
        assert [len(s.articles) for s in stories] == [5] and stories[0].copies == 1


def test_a_records_metadata_travels_through_ray_blocks(tmp_path: Path) -> None:
    """Ray moves pages as Arrow blocks: the title and date a JSON Lines record gives must survive that."""
    from storyline.batch._ray import _read_unit, _RowsActor

    path = tmp_path / "dataset.jsonl"
    text = ("The harbour authority closed the north quay on Tuesday after divers found cracks in two of its piles. "
            "Ships due this week will berth at the ferry terminal instead, the authority said.")
    path.write_text(json.dumps({"text": text, "title": "North quay closed", "date": "2025-03-04T18:05:00Z",
                                "authors": ["Ana Ruiz"]}) + "\n", encoding="utf-8")
    [block] = list(_read_unit(0, [str(path)], 8))
    [row] = _RowsActor()(block).to_pylist()
    assert (row["title"], row["published"], row["authors"]) == ("North quay closed", "2025-03-04T18:05", ["Ana Ruiz"])
