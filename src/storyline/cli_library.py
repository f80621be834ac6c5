"""The library commands: ``add``, ``stories`` (with ``merge`` and ``split``), ``show`` and ``search``.

Each opens the ``Library`` named by ``--db`` (or ``$STORYLINE_DB``, default
``storyline.db``), calls one method and prints the result; ``--json`` gives the
shape documented in docs/library.md.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ._cliutil import EXIT_INPUT
from ._cliutil import fail as _fail
from .errors import StorylineError
from .sources import DEFAULT_MAX_BYTES

if TYPE_CHECKING:  # the library pulls in the models; commands import it when they run
    from .library import Library, StoryEntry

F = TypeVar("F", bound=Callable[..., Any])


def _shown(db: str) -> str:
    """``db`` as it may be printed: a password in a URL becomes ***."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", db)


def db_option(function: F) -> F:
    return click.option("--db", default="storyline.db", envvar="STORYLINE_DB", show_default=True,
                        help="The library: an SQLite file (created if missing) or a postgresql:// URL.")(function)


@contextmanager
def _library(db: str) -> Iterator[Library]:
    from .library import Library

    try:
        library = Library(db)
    except StorylineError as exc:
        _fail(str(exc))
    try:
        yield library
    except StorylineError as exc:
        _fail(str(exc))
    finally:
        library.close()


class _Progress:
    """One status line on stderr, rewritten in place: counts, rate, the current input."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()

    def __call__(self, source: str, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if self.enabled:
            done = sum(self.counts.values())
            rate = done / max(time.monotonic() - self.started, 1e-6)
            counts = ", ".join(f"{v} {k}" for k, v in sorted(self.counts.items()))
            click.echo(f"\r{done} pages ({counts}), {rate:.1f}/s  {source[-40:]:<40}", err=True, nl=False)

    def finish(self) -> None:
        if self.enabled and self.counts:
            click.echo(err=True)


@click.command("add")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|FEED|WARC|JSONL|- ...")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The summary as JSON.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest page to read.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for a URL.")
@click.option("--quiet", is_flag=True, help="No progress line.")
def add_command(inputs: tuple[str, ...], db: str, as_json: bool, max_bytes: int, timeout: float,
                quiet: bool) -> None:
    """Add pages to the library: files, folders, URLs, RSS/Atom feeds, WARC files, JSONL dumps, or - for stdin.

    Every article is stored once; copies and wire re-tellings are linked; each new
    article joins a story or starts one. Bad items are reported and skipped. The
    exit code is 2 when any item failed.
    """
    progress = _Progress(enabled=not quiet and not as_json and sys.stderr.isatty())
    with _library(db) as library:
        report = library.add(inputs, progress=progress, max_bytes=max_bytes, timeout=timeout)
    progress.finish()
    if as_json:
        click.echo(json.dumps({"db": _shown(db), **asdict(report)}, indent=2))
    else:
        copies = "1 copy" if report.copies == 1 else f"{report.copies} copies"
        stories = "1 new story" if report.new_stories == 1 else f"{report.new_stories} new stories"
        click.echo(f"{report.added} added, {report.duplicates} duplicates, {report.unchanged} already in the "
                   f"library, {report.skipped} skipped, {report.failed} failed; {copies} linked, {stories} "
                   f"({_shown(db)})")
        for source, reason in report.failures:
            click.echo(f"failed: {source}: {reason}", err=True)
    if report.failed:
        sys.exit(EXIT_INPUT)


def _story_line(story: StoryEntry) -> str:
    dates = story.first_published or "undated"
    if story.last_published and story.last_published != story.first_published:
        dates += f" to {story.last_published}"
    articles = "1 article" if len(story.articles) == 1 else f"{len(story.articles)} articles"
    copies = "1 copy" if story.copies == 1 else f"{story.copies} copies"
    return (f"{story.id:>5}  {story.title or '(no title)'}\n       {dates} · {articles}, "
            f"{story.independent} independent, {copies} · {', '.join(story.languages) or '?'} · "
            f"{', '.join(story.outlets) or 'unknown outlets'}")


_ISO_DAY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _story_json(story: StoryEntry) -> dict[str, Any]:
    return {**asdict(story), "independent": story.independent, "copies": story.copies}


@click.group("stories", invoke_without_command=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Each story with its articles and their inputs, as JSON.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the N most recent stories.")
@click.option("--since", default=None, metavar="DATE", help="Only stories with an article published on or after "
              "DATE (2026-03-05, or 2026-03 for a month).")
@click.option("--until", default=None, metavar="DATE", help="Only stories with an article published on or before DATE.")
@click.option("--outlet", default=None, help="Only stories an outlet of this name reported (any case).")
@click.option("--language", default=None, help="Only stories with an article in this language (en, es ...).")
@click.pass_context
def stories_command(ctx: click.Context, db: str, as_json: bool, limit: int | None, since: str | None,
                    until: str | None, outlet: str | None, language: str | None) -> None:
    """List the stories, the most recent first (and merge or split them by hand)."""
    if ctx.invoked_subcommand is not None:
        return
    for name, value in (("--since", since), ("--until", until)):
        if value is not None and not _ISO_DAY.fullmatch(value):
            _fail(f"{name} {value!r}: give a date as YYYY-MM-DD, YYYY-MM or YYYY")
    with _library(db) as library:
        stories = library.stories(limit, since=since, until=until, outlet=outlet, language=language)
    if as_json:
        click.echo(json.dumps([_story_json(s) for s in stories], indent=2, ensure_ascii=False))
    else:
        for story in stories:
            click.echo(_story_line(story))
        if not stories and any((since, until, outlet, language)):
            click.echo(f"no stories in {_shown(db)} match these filters", err=True)
        elif not stories:
            click.echo(f"no stories in {_shown(db)} yet; add pages with `storyline add`", err=True)


@stories_command.command("merge")
@click.argument("keep", type=int)
@click.argument("other", type=int)
@db_option
@click.option("--json", "as_json", is_flag=True, help="The merged story as JSON.")
def merge_command(keep: int, other: int, db: str, as_json: bool) -> None:
    """Move every article of story OTHER into story KEEP."""
    with _library(db) as library:
        story = library.merge(keep, other)
    click.echo(json.dumps(_story_json(story), indent=2, ensure_ascii=False) if as_json else _story_line(story))


@stories_command.command("split")
@click.argument("story_id", type=int, metavar="STORY")
@click.argument("articles", type=int, nargs=-1, required=True, metavar="ARTICLE...")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The new story as JSON.")
def split_command(story_id: int, articles: tuple[int, ...], db: str, as_json: bool) -> None:
    """Move the given articles of STORY into a new story of their own."""
    with _library(db) as library:
        story = library.split(story_id, list(articles))
    click.echo(json.dumps(_story_json(story), indent=2, ensure_ascii=False) if as_json else _story_line(story))


@click.command("show")
@click.argument("story_id", type=int, metavar="STORY")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The comparison as JSON (schema storyline.comparison/1).")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a standalone HTML page to this file.")
def show_command(story_id: int, db: str, as_json: bool, html_out: Path | None) -> None:
    """Print a story's comparison: what its articles agree on, add, contradict, and where it came from."""
    from .report import comparison_html, comparison_markdown

    with _library(db) as library:
        comparison = library.comparison(story_id)
        articles = library.compared_articles(story_id) if html_out else []
    if html_out is not None:
        try:
            html_out.write_text(comparison_html(comparison, articles), encoding="utf-8")
        except OSError as exc:
            _fail(f"{html_out}: cannot write the HTML page ({exc.strerror or exc})")
    click.echo(comparison.model_dump_json(indent=2) if as_json else comparison_markdown(comparison), nl=not as_json)


@click.command("search")
@click.argument("query")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The hits as JSON.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--sentences", is_flag=True,
              help="Find sentences holding the query's rarest words, rather than articles.")
def search_command(query: str, db: str, as_json: bool, limit: int, sentences: bool) -> None:
    """Find articles (and their stories) by words and by meaning, in any language."""
    if sentences:
        _search_sentences(query, db, as_json, limit)
        return
    with _library(db) as library:
        hits = library.search(query, limit=limit)
        # An untitled article is shown by its first words, so a hit can be told from the next.
        opening = {h.article.id: library.store.article(h.article.id).label
                   for h in hits if not h.article.title and not as_json}
    if as_json:
        click.echo(json.dumps([asdict(h) for h in hits], indent=2, ensure_ascii=False))
        return
    for hit in hits:
        a = hit.article
        title = a.title or f"(no title) {opening.get(a.id, '')}".rstrip()
        click.echo(f"story {a.story} · article {a.id} · {a.outlet or '?'} · {a.published or 'undated'} · "
                   f"{title}  [{' + '.join(hit.matched)}]")
    if not hits:
        click.echo("nothing found", err=True)


def _search_sentences(query: str, db: str, as_json: bool, limit: int) -> None:
    """``storyline search --sentences``: the sentences holding the query's rarest words, with their text."""
    from .answers import query_words

    words = query_words(query)  # "the" and "what" tell nothing
    with _library(db) as library:
        _note_backlog(library)
        hits = library.search_sentences(words, limit=limit)
        texts = library.sentences_of(hits)
    if as_json:
        click.echo(json.dumps([{**asdict(h), "sentence": t} for h, t in zip(hits, texts, strict=True)], indent=2,
                              ensure_ascii=False))
    else:
        for hit, text in zip(hits, texts, strict=True):
            click.echo(f"story {hit.story} · article {hit.article} · sentence {hit.number}: {text}")
    if not hits:
        click.echo("nothing found", err=True)


def _note_backlog(library: Library) -> None:
    """Say why a first search of an older library takes a while."""
    if library.store.sentence_backlog():
        click.echo("storyline: indexing the sentences of the articles stored before the sentence index (once)",
                   err=True)


@click.command("ask")
@click.argument("question")
@db_option
@click.option("--story", type=click.IntRange(min=1), default=None, help="Ask one story (default: the whole library).")
@click.option("--json", "as_json", is_flag=True, help="The answer with its citations, confidence and scores.")
def ask_command(question: str, db: str, story: int | None, as_json: bool) -> None:
    """Answer a question from the library's articles, quoting them; says where sources disagree."""
    from .answers import ask

    with _library(db) as library:
        if story is None:
            _note_backlog(library)
        answer = ask(question, library=library, story=story)
    if as_json:
        click.echo(answer.model_dump_json(indent=2))
        return
    click.echo(answer.text)
    for statement in answer.statements:
        for cite in statement.citations:
            where = f"story {cite.story}, article {cite.article}" if cite.story is not None else cite.source
            click.echo(f"  [{cite.outlet or cite.source}, {(cite.published or 'undated')[:10]}; {where}, "
                       f"sentence {cite.index}] {cite.sentence}")
    if answer.kind != "none":
        click.echo(f"confidence {answer.confidence:.2f}", err=True)


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; beyond loopback only with a token.")
@click.option("--port", type=click.IntRange(min=1, max=65535), default=8000, show_default=True)
@click.option("--token", envvar="STORYLINE_TOKEN", default=None,
              help="Writes (POST /articles, merge, split) need 'Authorization: Bearer TOKEN' [env: STORYLINE_TOKEN]; "
                   "without one the server is read-only.")
@click.option("--max-body", type=click.IntRange(min=1024), default=None,
              help="Largest request body in bytes (default 10 MiB); larger ones get 413.")
@click.option("--allow-private-urls", is_flag=True,
              help="Let the server fetch URLs on loopback and private networks too (default: public only).")
def serve_command(db: str, host: str, port: int, token: str | None, max_body: int | None,
                  allow_private_urls: bool) -> None:
    """Serve the web app and the HTTP API (OpenAPI at /openapi.json) over the library."""
    from .web import DEFAULT_MAX_BODY, is_loopback, serve

    try:
        if token or is_loopback(host):
            mode = "writes need the token" if token else "read-only: no --token"
            click.echo(f"storyline: serving {_shown(db)} on http://{host}:{port}/ ({mode}); Ctrl-C stops", err=True)
        serve(db, host=host, port=port, token=token, max_body=max_body or DEFAULT_MAX_BODY,
              private_urls=allow_private_urls)
    except StorylineError as exc:
        _fail(str(exc))
    except OSError as exc:  # the port is taken, or the address is not this machine's
        _fail(f"cannot listen on {host}:{port} ({exc.strerror or exc}); pick another --port or --host")


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, metavar="WARC|JSONL|FOLDER|GLOB ...")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the Parquet files and the manifest (created; a second run resumes there).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: a process pool on this machine; ray: Ray Data (pip install 'ray[data]').")
@click.option("--ray-address", default=None, metavar="ADDR",
              help="A running Ray cluster (ray://host:10001 or auto); default: a local Ray with --workers CPUs.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes or Ray actors (default: one per core; 0: all in this process, local only).")
@click.option("--threads", type=click.IntRange(min=1), default=None,
              help="Embedding threads in each worker (default: this machine's cores shared out among the workers).")
@click.option("--db", "db", default=None,
              help="Also store the articles and stories in this library (an SQLite file or a postgresql:// URL).")
@click.option("--json", "as_json", is_flag=True, help="The summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress line.")
def batch_command(inputs: tuple[str, ...], out: Path, engine: str, ray_address: str | None, workers: int | None,
                  threads: int | None, db: str | None, as_json: bool, quiet: bool) -> None:
    """Process a corpus into one Parquet row per article (docs/batch.md), resumably.

    Every record is read, extracted, and given its language, MinHash signature and e5
    vector; bad records are counted and kept as rows with their error. Killed and run
    again with the same --out, it goes on with the first input not finished.
    """
    import os

    from .batch import BatchProgress, report_json, run_batch

    shown = not quiet and not as_json and sys.stderr.isatty()

    def progress(p: BatchProgress) -> None:
        if shown:
            eta = f", about {p.eta_seconds / 60:.0f} min left" if p.eta_seconds is not None else ""
            click.echo(f"\r{p.records} records, {p.articles} articles, {p.errors} errors, "
                       f"{p.records / max(p.seconds, 1e-9):.1f} records/s{eta}   ", err=True, nl=False)

    try:
        report = run_batch(inputs, out, workers=(os.cpu_count() or 1) if workers is None else workers,
                           engine=engine, ray_address=ray_address, db=db, progress=progress, threads=threads)
    except StorylineError as exc:
        _fail(str(exc))
    except ImportError as exc:
        if engine != "ray":
            raise
        _fail(f"--engine ray needs Ray Data ({exc.name} is missing): pip install 'storyline[ray]'")
    if shown:
        click.echo("", err=True)
    if as_json:
        click.echo(json.dumps(report_json(report), indent=2))
        return
    skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(report.skipped.items())) or "none"
    for reason, n in sorted(report.error_reasons.items(), key=lambda item: -item[1])[:5]:
        click.echo(f"  {n} without an article: {reason}", err=True)
    click.echo(f"{report.records} records: {report.articles} articles, {report.errors} errors; skipped: {skipped}; "
               f"{report.units - report.units_done_before} of {report.units} inputs done now "
               f"({report.per_second:.1f} records/s); {report.stories} stories over all rows -> {out}")
    if report.stored is not None and db is not None:
        click.echo(f"library {_shown(db)}: {report.stored['added']} added, {report.stored['duplicates']} duplicates, "
                   f"{report.stored['unchanged']} already there, {report.stored['copies']} copies linked, "
                   f"{report.stored['new_stories']} new stories")


COMMANDS = [add_command, stories_command, show_command, search_command, ask_command, serve_command, batch_command]
