"""The ``storyline`` command: a thin shell over the library API.

Each command calls one library function and turns ``StorylineError`` into one
line on stderr (``Error: ...``) and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from ._cliutil import EXIT_INPUT
from ._cliutil import fail as _fail
from .errors import StorylineError
from .extract import extract
from .sources import DEFAULT_MAX_BYTES


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
def cli() -> None:
    """Compare how news outlets tell one story: agreement, additions, contradictions, origin."""


@cli.command("extract")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|- ...")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article, one per line (JSON Lines).")
@click.option("--markdown", "as_markdown", is_flag=True, help="Each article as a Markdown document.")
@click.option("--format", "fmt", type=click.Choice(["auto", "html", "text"]), default="auto",
              show_default=True, help="Read the input as HTML or as copied page text.")
@click.option("--encoding", default=None, help="Text encoding of the input, e.g. cp1253 (default: UTF-8 "
              "or what the page declares).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest page to read.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for a URL.")
def extract_command(inputs: tuple[str, ...], as_json: bool, as_markdown: bool, fmt: str,
                    encoding: str | None, max_bytes: int, timeout: float) -> None:
    """Extract the article (title, date, byline, body ...) from pages or page text.

    Each input is a file (HTML or copied page text, .gz accepted), a URL, or - for
    standard input. A bad input is reported on stderr and the others go on; the
    exit code is 2 if any input failed.
    """
    from .report import article_markdown, article_summary

    if as_json and as_markdown:
        _fail("choose one of --json and --markdown")
    failed = 0
    for position, source in enumerate(inputs):
        try:
            article = extract(source, format=fmt, encoding=encoding,  # type: ignore[arg-type]
                              max_bytes=max_bytes, timeout=timeout)
        except StorylineError as exc:
            failed += 1
            click.echo(f"Error: {exc}", err=True)
            continue
        except Exception as exc:
            failed += 1
            click.echo(f"Error: {source}: unexpected {type(exc).__name__}: {exc} (please report this)",
                       err=True)
            continue
        if as_json:
            click.echo(article.model_dump_json())
        elif as_markdown:
            click.echo(("\n---\n\n" if position else "") + article_markdown(article), nl=False)
        else:
            click.echo(("\n" if position else "") + article_summary(article), nl=False)
    if failed:
        if len(inputs) > 1:
            click.echo(f"Error: {failed} of {len(inputs)} inputs failed", err=True)
        sys.exit(EXIT_INPUT)


@cli.command("compare")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE|URL|- ...")
@click.option("--json", "as_json", is_flag=True, help="The comparison as JSON (schema storyline.comparison/1).")
@click.option("--markdown", "as_markdown", is_flag=True, help="The comparison as Markdown (the default view).")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a standalone HTML page to this file (sources side by side).")
@click.option("--format", "fmt", type=click.Choice(["auto", "html", "text"]), default="auto",
              show_default=True, help="Read every input as HTML or as copied page text.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest page to read.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for a URL.")
def compare_command(inputs: tuple[str, ...], as_json: bool, as_markdown: bool, html_out: Path | None, fmt: str,
                    max_bytes: int, timeout: float) -> None:
    """Compare two or more articles about one story: shared claims, discrepancies, tensions, provenance.

    Every finding cites the sentences it comes from. A bad input is reported on
    stderr and left out; with fewer than two good inputs nothing is compared and
    the exit code is 2.
    """
    from .compare import compare
    from .report import comparison_html, comparison_markdown

    if as_json and as_markdown:
        _fail("choose one of --json and --markdown")
    articles = []
    for source in inputs:
        try:
            articles.append(extract(source, format=fmt, max_bytes=max_bytes, timeout=timeout))  # type: ignore[arg-type]
        except StorylineError as exc:
            click.echo(f"Error: {exc}", err=True)
    if len(articles) < 2:
        _fail(f"need at least two readable articles to compare, got {len(articles)} of {len(inputs)}")
    try:
        comparison = compare(articles)
    except StorylineError as exc:
        _fail(str(exc))
    if html_out is not None:
        try:
            html_out.write_text(comparison_html(comparison, articles), encoding="utf-8")
        except OSError as exc:
            _fail(f"{html_out}: cannot write the HTML page ({exc.strerror or exc})")
    if as_json:
        click.echo(comparison.model_dump_json(indent=2))
    else:
        click.echo(comparison_markdown(comparison), nl=False)
    if len(articles) < len(inputs):
        sys.exit(EXIT_INPUT)


@cli.group()
def bench() -> None:
    """Measure storyline against baselines on public benchmark data."""


@bench.command("extraction")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Folder holding extraction-zyte/ and extraction-wcxb/ (default: ../shared/bench).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N pages of each set.")
@click.option("--system", "systems", multiple=True,
              help="Run only these systems (repeatable), e.g. storyline, trafilatura.")
@click.option("--dataset", "datasets", multiple=True, help="Run only these datasets (repeatable): zyte, wcxb.")
def bench_extraction(data_dir: Path | None, limit: int | None, systems: tuple[str, ...],
                     datasets: tuple[str, ...]) -> None:
    """Body, title, author and date accuracy and speed, storyline beside trafilatura and readability."""
    from .bench.extraction import default_data_dir, environment_versions, format_table, run_extraction_bench

    root = data_dir or default_data_dir()
    if not root.is_dir():
        _fail(f"{root}: no benchmark data there; pass --data DIR (the folder with extraction-zyte/)")
    try:
        rows = run_extraction_bench(root, systems=list(systems) or None, datasets=list(datasets) or None,
                                    limit=limit)
    except StorylineError as exc:
        _fail(str(exc))
    click.echo(format_table(rows))
    versions = ", ".join(f"{k} {v}" for k, v in environment_versions().items())
    click.echo(f"\nversions: {versions}")


@bench.command("compare")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of stories, each with a COMPARE.json answer key (default: the bundled examples/).")
def bench_compare(data_dir: Path | None) -> None:
    """Discrepancy precision and recall on the bundled stories, and seconds per stage."""
    from .bench.compare import default_stories_dir, format_report, run_compare_bench

    root = data_dir or default_stories_dir()
    if not root.is_dir() or not any(root.glob("*/COMPARE.json")):
        _fail(f"{root}: no story with a COMPARE.json there; pass --data DIR")
    try:
        scores, speed = run_compare_bench(root)
    except StorylineError as exc:
        _fail(str(exc))
    click.echo(format_report(scores, speed), nl=False)


@bench.command("findings")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Folder holding ecbplus/ (default: ../shared/bench).")
@click.option("--events", type=click.IntRange(min=1), default=None, help="Only the first N events (name order).")
@click.option("--counts-only", is_flag=True, help="The counts by kind, without the listing.")
def bench_findings(data_dir: Path | None, events: int | None, counts_only: bool) -> None:
    """Every discrepancy and tension found on ECB+'s events (many outlets each), listed to be read."""
    from .bench._stories import default_data_dir
    from .bench.findings import format_findings, run_findings_bench

    root = data_dir or default_data_dir()
    if not (root / "ecbplus" / "docs.jsonl").is_file():
        _fail(f"{root}: no ecbplus/docs.jsonl there; pass --data DIR")
    try:
        report = run_findings_bench(root, events=events)
    except StorylineError as exc:
        _fail(str(exc))
    click.echo(format_findings(report, listing=not counts_only), nl=False)


@bench.command("library")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="The benchmark folder (default: ../shared/bench).")
@click.option("--size", "sizes", type=click.IntRange(min=1), multiple=True,
              help="Corpus sizes to ingest, each into a fresh library (repeatable; default 1000).")
@click.option("--workers", "workers", type=click.IntRange(min=0), multiple=True,
              help="Reading processes beside the main one (repeatable; default: 1 and 2, side by side).")
@click.option("--keep", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Keep the last library built here (e.g. for `storyline bench vectors --db`).")
def bench_library(data_dir: Path | None, sizes: tuple[int, ...], workers: tuple[int, ...],
                  keep: Path | None) -> None:
    """Articles a second for `storyline add` (extract, analyse, embed, dedup, cluster, store) and memory."""
    from .bench.extraction import default_data_dir
    from .bench.library import format_library_report, run_library_bench

    root = data_dir or default_data_dir()
    if not (root / "extraction-zyte").is_dir():
        _fail(f"{root}: no benchmark data there; pass --data DIR (the folder with extraction-zyte/)")
    runs = run_library_bench(root, list(sizes) or [1000], list(workers) or [1, 2], keep=keep)
    click.echo(format_library_report(runs), nl=False)


@bench.command("vectors")
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="A SQLite library whose article vectors to search (e.g. from `bench library --keep`).")
@click.option("--size", type=click.IntRange(min=300), default=None, help="Only its first N vectors.")
@click.option("--queries", type=click.IntRange(min=10), default=200, help="Vectors held out as queries.")
def bench_vectors(db: Path, size: int | None, queries: int) -> None:
    """Nearest-article search: numpy exact scan, sqlite-vec and faiss HNSW, with recall@10."""
    from .bench.vectors import format_vectors_report, run_vectors_bench

    if not db.is_file():
        _fail(f"{db}: no such library; build one with `storyline bench library --size N --keep {db}`")
    try:
        count, rows = run_vectors_bench(db, size=size, queries=queries)
    except StorylineError as exc:
        _fail(str(exc))
    click.echo(format_vectors_report(count, rows), nl=False)


@bench.command("serve")
@click.option("--db", "db", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="A SQLite library to serve (default: a fresh one of the bundled examples).")
@click.option("--requests", type=click.IntRange(min=10), default=500, show_default=True,
              help="Requests per GET scenario (POST /compare gets a 25th of them).")
def bench_serve(db: Path | None, requests: int) -> None:
    """HTTP API latency under concurrent load on loopback: p50/p95 and errors, beside a static-file floor."""
    from .bench.serve import format_serve_report, run_serve_bench

    try:
        results = run_serve_bench(db, requests=requests)
    except (StorylineError, RuntimeError) as exc:
        _fail(str(exc))
    click.echo(format_serve_report(results), nl=False)


@bench.command("batch")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="The benchmark folder (default: ../shared/bench).")
@click.option("--size", type=click.IntRange(min=10), default=20_000, show_default=True,
              help="Records in the synthetic WARC corpus.")
@click.option("--config", "configs", multiple=True, metavar="ENGINE-WORKERS",
              help="local-1, local-2, ray-1, ray-2 ... (repeatable; default: those four).")
@click.option("--threads", type=click.IntRange(min=0), default=1, show_default=True,
              help="Embedding threads per worker: 1 makes each worker one core, so 2 workers / 1 worker "
                   "measures what a second core adds; 0: storyline batch's default (the cores shared out).")
def bench_batch(data_dir: Path | None, size: int, configs: tuple[str, ...], threads: int) -> None:
    """storyline batch end to end: articles/s and peak memory per engine and workers, scaling, Ray's overhead."""
    from .bench.batch import format_batch_report, run_batch_bench
    from .bench.extraction import default_data_dir

    root = data_dir or default_data_dir()
    if not (root / "extraction-zyte").is_dir():
        _fail(f"{root}: no benchmark data there; pass --data DIR (the folder with extraction-zyte/)")
    for config in configs:
        engine, _, workers = config.partition("-")
        if engine not in ("local", "ray") or not workers.isdigit() or int(workers) < 1:
            _fail(f"--config {config!r}: give ENGINE-WORKERS, e.g. local-2 or ray-1")
    runs = run_batch_bench(root, size=size, configs=configs or ("local-1", "local-2", "ray-1", "ray-2"),
                           threads=threads or None)
    click.echo(format_batch_report(runs), nl=False)


@bench.command("ask")
@click.option("--db", "db", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="A larger SQLite library to add the bundled stories to (a copy; the file is not changed).")
def bench_ask(db: Path | None) -> None:
    """The project's questions over its stories: answers right, citation precision, latency."""
    from .bench.ask import format_ask_report, run_ask_bench

    try:
        run = run_ask_bench(db)
    except StorylineError as exc:
        _fail(str(exc))
    click.echo(format_ask_report(run), nl=False)


@bench.command("clustering")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Folder holding ecbplus/ and googlenews-mstream/ (default: ../shared/bench).")
@click.option("--news-limit", type=click.IntRange(min=1), default=None,
              help="Only the first N GoogleNews titles of the stream.")
@click.option("--no-scale", is_flag=True, help="Skip the 100,000-article speed test.")
def bench_clustering(data_dir: Path | None, news_limit: int | None, no_scale: bool) -> None:
    """Streaming story clustering: BCubed on ECB+, NMI on GoogleNews, assignment speed; with baselines."""
    from .bench._stories import default_data_dir
    from .bench.clustering import run_clustering_bench

    root = data_dir or default_data_dir()
    if not (root / "ecbplus").is_dir() or not (root / "googlenews-mstream").is_dir():
        _fail(f"{root}: no ecbplus/ and googlenews-mstream/ there; pass --data DIR")
    try:
        report = run_clustering_bench(root, news_limit=news_limit, scale=not no_scale)
    except StorylineError as exc:
        _fail(str(exc))
    click.echo(report.markdown(), nl=False)


@bench.command("similarity")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Folder holding gedikli-bizenergy/ and semeval2022-t8/ (default: ../shared/bench).")
@click.option("--pairs", "semeval_pairs", type=click.IntRange(min=0), default=600, show_default=True,
              help="SemEval pairs to score, a sample stratified by language pair; 0 = all 1,464.")
def bench_similarity(data_dir: Path | None, semeval_pairs: int) -> None:
    """Story similarity: same-story F1 on Gedikli pairs, Pearson r on SemEval-2022 Task 8; beside TF-IDF."""
    from .bench._stories import default_data_dir
    from .bench.similarity import run_similarity_bench

    root = data_dir or default_data_dir()
    if not (root / "gedikli-bizenergy").is_dir() or not (root / "semeval2022-t8").is_dir():
        _fail(f"{root}: no gedikli-bizenergy/ and semeval2022-t8/ there; pass --data DIR")
    try:
        report = run_similarity_bench(root, semeval_pairs=semeval_pairs)
    except StorylineError as exc:
        _fail(str(exc))
    click.echo(report.markdown(), nl=False)


def _add_library_commands() -> None:
    from .cli_library import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_add_library_commands()


def main() -> None:
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
