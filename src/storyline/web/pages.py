"""The web app: server-rendered pages (Jinja2, autoescaped), no scripts, no build step.

Every string that comes from a page (titles, outlets, sentences) is escaped by the
templates or by ``report.comparison_sections``; the Content-Security-Policy the app sends
allows no script at all, so a payload that got through would still not run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as FastPath
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from ..errors import NotFoundError, StorylineError
from ..library import AddReport
from ..report import COMPARISON_CSS
from ..sources import RawPage
from ._service import CachedComparison, NotEnough, Service
from ._timeline import timeline_svg
from .api import has_token

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

_SITE_CSS = """
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; border-bottom: 1px solid
  var(--line); padding-bottom: .5rem; margin-bottom: 1rem; }
.brand { font-weight: 700; font-size: 1.2rem; color: inherit; text-decoration: none; }
form.search { display: flex; gap: .25rem; flex: 1 1 18rem; }
form.search input { flex: 1; min-width: 0; }
input, textarea, select, button { font: inherit; padding: .3rem .4rem; }
textarea { width: 100%; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: 1rem; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; color: #555; }
.stories { list-style: none; padding: 0; }
.stories li { border-bottom: 1px solid var(--line); padding: .6rem 0; }
.stories .meta, .muted { color: #555; font-size: .9rem; }
.counts { font-weight: 600; }
.error { background: var(--conflict); padding: .5rem .75rem; border-radius: .3rem; }
.timeline { max-width: 100%; height: auto; }
.timeline text { font-size: 12px; fill: #1c1e21; }
.timeline .axis { stroke: var(--line); }
.timeline circle { fill: #3b6fd6; } .timeline circle.copy { fill: #8a8f98; }
fieldset { border: 1px solid var(--line); border-radius: .4rem; margin-bottom: 1rem; min-width: 0; }
input[type=file] { max-width: 100%; }
label { overflow-wrap: anywhere; }
"""


def _service(request: Request) -> Service:
    result: Service = request.app.state.service
    return result


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/static/storyline.css")
async def stylesheet() -> Response:
    return Response(COMPARISON_CSS + _SITE_CSS, media_type="text/css",
                    headers={"Cache-Control": "public, max-age=3600"})


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                 since: str = "", until: str = "", outlet: str = "", language: str = "") -> HTMLResponse:
    """Latest stories, or search hits when ``q`` is given; filtered by date, outlet and language."""
    served = _service(request)
    filters = {"since": since, "until": until, "outlet": outlet, "language": language}
    if q.strip():
        hits = served.search(q.strip())
        return _page(request, "search.html", q=q, hits=hits, filters=filters)
    stories = served.stories(50, **{k: v or None for k, v in filters.items()})
    return _page(request, "stories.html", q=q, stories=stories, filters=filters)


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: Annotated[int, FastPath(ge=1, le=2**63 - 1)],
               ask: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    """A story's comparison: provenance, discrepancies, tensions, claims, the sources side by side;
    with ``ask``, the answer to that question from this story, on top."""
    served = _service(request)
    try:
        story = served.story(story_id)
    except NotFoundError as exc:
        return _page(request, "error.html", status=404, message=str(exc))
    answer, asked_problem = None, None
    if ask.strip():
        try:
            answer = served.ask(ask, story_id)
        except StorylineError as exc:
            asked_problem = str(exc)
    comparison, problem = None, None
    try:
        comparison = served.comparison(story_id)
    except StorylineError as exc:  # a one-article story: nothing to compare yet
        problem = str(exc)
    return _page(request, "story.html", story=story, comparison=comparison, problem=problem,
                 timeline=timeline_svg(story.articles), ask=ask, answer=answer, asked_problem=asked_problem)


@router.get("/compare", response_class=HTMLResponse)
def compare_form(request: Request) -> HTMLResponse:
    """Paste page text or HTML, upload files or give URLs; see the comparison without storing anything."""
    return _page(request, "compare.html")


_MAX_INPUTS = 50


@router.post("/compare/view", response_class=HTMLResponse)
async def compare_view(request: Request) -> HTMLResponse:
    """The compare form's answer: pasted text, uploads and URLs compared, stored only if asked (with the token).

    The form is read here with its own limits (the body limit covers the whole request; a
    pasted page may be as large); the slow parts run in a thread, never on the event loop."""
    limit = request.app.state.max_body
    try:
        form = await request.form(max_files=_MAX_INPUTS, max_fields=_MAX_INPUTS + 10, max_part_size=limit)
    except HTTPException as exc:
        return _page(request, "compare.html", status=exc.status_code, problems=[str(exc.detail)])
    try:
        given = await _read_form(form)
    finally:
        await form.close()  # the uploads' temporary files
    refusal = _refusal(request, given)
    if refusal is not None:
        status, problem = refusal
        return _page(request, "compare.html", status=status, problems=[problem])
    served = _service(request)
    try:
        result, problems, stored = await run_in_threadpool(_compare_form, served, given)
    except StorylineError as exc:
        return _page(request, "compare.html", status=422, problems=[*getattr(exc, "failures", []), str(exc)])
    return _page(request, "compare.html", result=result, problems=problems, stored=stored)


@dataclass
class _FormInput:
    pages: list[RawPage]
    urls: list[str]
    count: int
    store: bool
    token: str


async def _read_form(form: FormData) -> _FormInput:
    pasted = [v for v in form.getlist("pasted") if isinstance(v, str) and v.strip()]
    uploads = [v for v in form.getlist("files") if isinstance(v, UploadFile)]
    urls = [u.strip() for v in form.getlist("urls") if isinstance(v, str) for u in v.splitlines() if u.strip()]
    pages = [RawPage(source=f"pasted {n}", data=text.encode("utf-8"), charset="utf-8")
             for n, text in enumerate(pasted, start=1)]
    for upload in uploads:
        data = await upload.read()
        if data:
            pages.append(RawPage(source=upload.filename or f"upload {len(pages) + 1}", data=data))
    return _FormInput(pages, urls, len(pasted) + len(uploads) + len(urls), form.get("store") == "true",
                      str(form.get("token") or ""))


def _refusal(request: Request, given: _FormInput) -> tuple[int, str] | None:
    """Why the form cannot be answered (status, message), checked before anything is fetched."""
    if given.count > _MAX_INPUTS:
        return 422, f"at most {_MAX_INPUTS} pages at a time"
    if given.store and not has_token(request, given.token):
        return 403, "storing needs the server's token (and a server started with --token); nothing was stored"
    if given.urls and request.app.state.token is not None and not has_token(request, given.token):
        return 401, "fetching URLs needs the server's token; paste the pages or upload them instead"
    return None


def _compare_form(served: Service, given: _FormInput) -> tuple[CachedComparison, list[str], AddReport | None]:
    problems: list[str] = []
    pages, store = given.pages, given.store
    if given.urls:
        fetched, failures = served.fetch(given.urls)
        pages = [*pages, *fetched]
        problems += failures
    try:
        result, failures = served.compare_pages(pages)
    except NotEnough as exc:
        exc.failures = [*problems, *exc.failures]
        raise
    stored = served.add(pages, []) if store else None
    return result, [*problems, *failures], stored
