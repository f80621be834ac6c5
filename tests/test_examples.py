"""The bundled example stories: every page, as HTML and as copied page text,
comes out as examples/<story>/EXPECTED.json says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline import Article, extract

ROOT = Path(__file__).resolve().parent.parent / "examples"
EXAMPLES = ROOT / "harbor-recall"
# "story/page file" -> that page's entry in its story's EXPECTED.json
EXPECTED: dict[str, dict[str, Any]] = {
    f"{path.parent.name}/{name}": want
    for path in sorted(ROOT.glob("*/EXPECTED.json"))
    for name, want in json.loads(path.read_text(encoding="utf-8")).items()
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Article]:
    name = request.param
    return EXPECTED[name], extract(ROOT / name)


def test_every_story_has_pages() -> None:
    stories = {name.split("/")[0] for name in EXPECTED}
    assert {"harbor-recall", "wendelsaue-fire"} <= stories


def test_header(case: tuple[dict[str, Any], Article]) -> None:
    want, got = case
    assert got.input_format == want["input_format"]
    assert got.title == want["title"]
    assert got.standfirst == want["standfirst"]
    assert got.outlet == want["outlet"]
    assert got.authors == want["authors"]
    assert got.language == want["language"]
    assert got.section == want["section"]
    assert got.tags == want["tags"]
    if "credits" in want:
        assert got.credits == want["credits"]


def test_flags(case: tuple[dict[str, Any], Article]) -> None:
    want, got = case
    assert got.flags.machine_translated == want["machine_translated"]
    assert got.flags.paywall_teaser == want["paywall_teaser"]


def test_date(case: tuple[dict[str, Any], Article]) -> None:
    want, got = case
    expected = want["published"]
    if expected.startswith("--"):
        # Written without a year: partial, or a year inferred with its evidence.
        month, day = (int(x) for x in expected[2:].split("-"))
        assert (got.published.month, got.published.day) == (month, day)
        assert got.published.year is None or (got.published.year_inferred and got.published.evidence)
    else:
        assert got.published.iso == expected
        assert not got.published.year_inferred


def test_body(case: tuple[dict[str, Any], Article]) -> None:
    want, got = case
    paragraphs = [p.text for p in got.body if p.kind != "heading"]
    headings = [p.text for p in got.body if p.kind == "heading"]
    assert paragraphs == want["paragraphs"]
    assert headings == want["subheadings"]
    assert len(paragraphs) == want["paragraph_count"]
    assert paragraphs[:1] == [want["first_paragraph"]]
    assert paragraphs[-1:] == [want["last_paragraph"]]


def test_boilerplate_absent(case: tuple[dict[str, Any], Article]) -> None:
    want, got = case
    body = "\n".join(p.text for p in got.body).casefold()
    present = [b for b in want["boilerplate_absent"] if b.casefold() in body]
    assert present == []


def test_json_round_trip(case: tuple[dict[str, Any], Article]) -> None:
    _, got = case
    assert Article.model_validate_json(got.model_dump_json()) == got


@pytest.mark.parametrize(("name", "credit"), [
    ("coastline-daily.html", "With files from Meridian Press"),
    ("coastline-daily.txt", "With files from Meridian Press"),
    ("faros-limaniou.html", "Πηγή: Meridian Press"),
    ("faros-limaniou.txt", "Πηγή: Meridian Press"),
])
def test_credit_lines_are_kept_as_provenance(name: str, credit: str) -> None:
    article = extract(EXAMPLES / name)
    assert article.credits == [credit]
    assert credit not in [p.text for p in article.body]
