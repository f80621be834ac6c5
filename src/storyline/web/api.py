"""The HTTP API: JSON in, JSON out, the same shapes as the CLI's ``--json`` (docs/web.md).

Reads are open; writes (adding articles, merging, splitting) need the server's token in
``Authorization: Bearer TOKEN``. Comparisons follow the ``storyline.comparison/1`` schema.
"""

from __future__ import annotations

import hmac
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as FastPath
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field, model_validator

from ..library import StoryEntry
from ..sources import RawPage, is_url
from ._errors import ApiError
from ._service import Service

__all__ = ["PageIn", "PagesIn", "router"]

router = APIRouter()


class PageIn(BaseModel):
    """One page in a request: its HTML or its copied text, and where it came from."""

    html: str | None = Field(default=None, description="the page's HTML")
    text: str | None = Field(default=None, description="the page's text, as copied from a browser")
    url: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=500, description="a name for the page (default: page N)")

    @model_validator(mode="after")
    def _one_body(self) -> PageIn:
        if (self.html is None) == (self.text is None):
            raise ValueError('give exactly one of "html" and "text"')
        if not (self.html or self.text or "").strip():
            raise ValueError("the page is empty")
        return self

    def raw(self, number: int) -> RawPage:
        body = self.html if self.html is not None else self.text
        return RawPage(source=self.source or f"page {number}", data=(body or "").encode("utf-8"), url=self.url,
                       content_type="text/html" if self.html is not None else "text/plain", charset="utf-8")


class PagesIn(BaseModel):
    """Pages given in the request, and URLs for the server to fetch."""

    pages: list[PageIn] = Field(default_factory=list, max_length=50)
    urls: list[str] = Field(default_factory=list, max_length=50, description="http(s) URLs only")

    @model_validator(mode="after")
    def _something(self) -> PagesIn:
        if not self.pages and not self.urls:
            raise ValueError('give "pages", "urls" or both')
        for url in self.urls:
            if not is_url(url):
                raise ValueError(f"{url[:200]!r} is not an http(s) URL; the server fetches only those")
        return self

    def raw_pages(self) -> list[RawPage]:
        return [page.raw(n) for n, page in enumerate(self.pages, start=1)]


class MergeIn(BaseModel):
    other: int = Field(ge=1, le=2**63 - 1, description="the story merged into this one")


class SplitIn(BaseModel):
    articles: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(
        min_length=1, max_length=10_000, description="the articles that leave for a new story")


async def service(request: Request) -> Service:
    result: Service = request.app.state.service
    return result


async def writer(request: Request) -> None:
    """Refuse a write without the server's token (async: a plain function would cost a thread hop)."""
    token: str | None = request.app.state.token
    if token is None:
        raise ApiError(403, "this server is read-only: start `storyline serve` with --token (or "
                            "$STORYLINE_TOKEN) to allow writes")
    if not has_token(request, request.headers.get("authorization", "")):
        raise ApiError(401, "a write needs the server's token: send 'Authorization: Bearer TOKEN'")


def has_token(request: Request, given: str) -> bool:
    """True when ``given`` is 'Bearer TOKEN' (or the bare token) for the server's token."""
    token: str | None = request.app.state.token
    if token is None:
        return False
    given = given.removeprefix("Bearer ")
    return hmac.compare_digest(given.encode(), token.encode())


def may_fetch(request: Request, given: str) -> None:
    """Fetching URLs for a caller needs the token when the server has one (it is then reachable by
    others); a tokenless server listens on loopback only, where its user is the caller."""
    if request.app.state.token is not None and not has_token(request, given):
        raise ApiError(401, "fetching URLs needs the server's token: send 'Authorization: Bearer TOKEN', "
                            "or give the pages themselves")


Served = Annotated[Service, Depends(service)]


def story_json(story: StoryEntry) -> dict[str, Any]:
    """A story as ``storyline stories --json`` gives it."""
    return {**asdict(story), "independent": story.independent, "copies": story.copies}


@router.get("/stories", tags=["stories"])
def list_stories(served: Served, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                 since: str | None = None, until: str | None = None, outlet: str | None = None,
                 language: str | None = None) -> dict[str, Any]:
    """The latest stories, each with its articles; filtered by date (ISO), outlet and language."""
    stories = served.stories(limit, since=since, until=until, outlet=outlet, language=language)
    return {"stories": [story_json(s) for s in stories]}


StoryId = Annotated[int, FastPath(ge=1, le=2**63 - 1, description="a story's id")]


@router.get("/stories/{story_id}", tags=["stories"])
def get_story(story_id: StoryId, served: Served) -> dict[str, Any]:
    """One story with its articles, why each belongs, and its copies."""
    return story_json(served.story(story_id))


@router.get("/stories/{story_id}/comparison", tags=["stories"])
async def get_comparison(story_id: StoryId, served: Served) -> Response:
    """The story's comparison (schema storyline.comparison/1), kept until its members change."""
    # A kept comparison is answered on the event loop (no thread hop); making one runs in a thread.
    kept = served.kept_comparison(story_id)
    if kept is None:
        kept = await run_in_threadpool(served.comparison, story_id)
    return Response(kept.json, media_type="application/json")


@router.post("/stories/{story_id}/merge", tags=["stories"], dependencies=[Depends(writer)])
def merge_story(story_id: StoryId, body: MergeIn, served: Served) -> dict[str, Any]:
    """Move every article of ``other`` into this story (a manual decision clustering keeps)."""
    return story_json(served.merge(story_id, body.other))


@router.post("/stories/{story_id}/split", tags=["stories"], dependencies=[Depends(writer)])
def split_story(story_id: StoryId, body: SplitIn, served: Served) -> dict[str, Any]:
    """Move the given articles out of this story into a new one."""
    return story_json(served.split(story_id, body.articles))


@router.post("/compare", tags=["compare"])
def compare_pages(body: PagesIn, served: Served, request: Request) -> Response:
    """Compare the pages given (and the public URLs fetched); nothing is stored."""
    pages = body.raw_pages()
    if body.urls:
        may_fetch(request, request.headers.get("authorization", ""))
        fetched, failures = served.fetch(body.urls)
        if failures and len(pages) + len(fetched) < 2:
            raise ApiError(422, "; ".join(failures))
        pages += fetched
    return Response(served.compare_pages(pages)[0].json, media_type="application/json")


@router.post("/articles", tags=["articles"], dependencies=[Depends(writer)])
def add_articles(body: PagesIn, served: Served) -> dict[str, Any]:
    """Add pages (and fetch URLs) into the library: the same report as ``storyline add --json``."""
    return asdict(served.add(body.raw_pages(), body.urls))


@router.get("/ask", tags=["ask"])
def ask(q: Annotated[str, Query(min_length=1, max_length=500, description="the question")], served: Served,
        story: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="ask one story")] = None,
        ) -> Response:
    """An answer quoted from the articles, with citations, confidence and retrieval scores; when the
    sources disagree it says so first, and when nothing answers it says that."""
    return Response(served.ask(q, story).model_dump_json(), media_type="application/json")


@router.get("/search", tags=["search"])
def search(q: Annotated[str, Query(min_length=1, max_length=500)], served: Served,
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    """Articles by words (full text) and by meaning (e5, across languages), with their stories."""
    return {"query": q, "hits": [asdict(hit) for hit in served.search(q, limit)]}


@router.get("/sentences", tags=["search"])
def sentences(q: Annotated[str, Query(min_length=1, max_length=500)], served: Served,
              limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    """Sentences holding the query's rarest words (full text, best first), each with its article,
    story and text: the hits of ``storyline search --sentences --json``."""
    return {"query": q, "hits": [{**asdict(hit), "sentence": text} for hit, text in served.search_sentences(q, limit)]}
