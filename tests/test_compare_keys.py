"""The comparison answer keys (examples/*/COMPARE.json) fit their pages.

Every ``match`` string is a short substring, copied byte for byte, of the text
that ``extract`` gives for the file it names: the sentence a correct comparison
would cite for that side, or the title. A key that no longer matches its pages
would grade a comparison against text that is not there.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from storyline import Article, extract
from storyline.analyse import analyse

ROOT = Path(__file__).resolve().parent.parent / "examples"
KEYS = sorted(ROOT.glob("*/COMPARE.json"))
KINDS = {"number", "date", "name", "role", "quote", "claim"}
ORIGIN_KINDS = {"agency", "outlet", "statement", "document"}


def _key(path: Path) -> dict[str, Any]:
    key: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return key


@cache
def _article(path: Path) -> Article:
    return analyse(extract(path))


def _texts(path: Path) -> list[str]:
    """What a match may sit in: the title and each body sentence."""
    article = _article(path)
    return [article.title or "", *(s.text for s in article.sentences)]


def _in(path: Path, needle: str) -> bool:
    """``needle`` occurs in one sentence (or the title) of the page."""
    return any(needle in text for text in _texts(path))


def _in_body(path: Path, needle: str) -> bool:
    """``needle`` occurs in the title or the body text (it may span sentences)."""
    article = _article(path)
    return needle in (article.title or "") or needle in article.text


@pytest.fixture(params=KEYS, ids=lambda p: p.parent.name)
def story(request: pytest.FixtureRequest) -> tuple[Path, dict[str, Any]]:
    path: Path = request.param
    return path.parent, _key(path)


def test_there_are_keys() -> None:
    assert {p.parent.name for p in KEYS} >= {"harbor-recall", "wendelsaue-fire"}


def test_files(story: tuple[Path, dict[str, Any]]) -> None:
    folder, key = story
    assert key["story"] == folder.name
    files = key["files"]
    assert len(files) == len(set(files)) >= 2
    assert {Path(f).suffix for f in files} <= {".html", ".txt"}
    for name in files:
        assert (folder / name).is_file(), name
    named = {f for d in key["discrepancies"] for side in d["sides"] for f in side["files"]}
    named |= {f for o in key["origins"] for f in o["files"]}
    named |= {t["file"] for t in key["tensions"]}
    named |= {f for c in key["shared_claims"] for f in c["match_per_file"]}
    named |= {c["file"] for c in key["single_claims"]}
    assert named <= set(files)


def test_discrepancies(story: tuple[Path, dict[str, Any]]) -> None:
    folder, key = story
    assert {d["kind"] for d in key["discrepancies"]} == KINDS  # one of each kind is planted
    for d in key["discrepancies"]:
        assert d["kind"] in KINDS and d["subject"]
        sides = d["sides"]
        assert len(sides) >= 2
        side_files = [f for side in sides for f in side["files"]]
        assert len(side_files) == len(set(side_files)), f"{d['subject']}: a file on two sides"
        for side in sides:
            assert side["files"] and side["match"]
            for name in side["files"]:
                assert any(_in(folder / name, m) for m in side["match"]), (d["subject"], name, side["match"])
            others = [f for f in side_files if f not in side["files"]]
            for m in side["match"]:
                assert any(_in(folder / name, m) for name in side["files"]), (d["subject"], m)
                # A side's words must not also fit a file on another side.
                assert not any(_in(folder / name, m) for name in others), (d["subject"], m)


def test_look_alikes(story: tuple[Path, dict[str, Any]]) -> None:
    folder, key = story
    for look in key["look_alikes"]:
        assert look["kind"] in KINDS and look["subject"] and look["why"]
        for m in look["match"]:
            assert any(_in(folder / name, m) for name in key["files"]), (look["subject"], m)


def test_origins(story: tuple[Path, dict[str, Any]]) -> None:
    _, key = story
    assert key["origins"]
    for origin in key["origins"]:
        assert origin["kind"] in ORIGIN_KINDS and origin["name"] and origin["files"]


def test_tensions(story: tuple[Path, dict[str, Any]]) -> None:
    folder, key = story
    for tension in key["tensions"]:
        groups = tension["match"]
        assert len(groups) >= 2
        for group in groups:
            for m in group:
                assert _in(folder / tension["file"], m), (tension["file"], m)


def test_shared_claims(story: tuple[Path, dict[str, Any]]) -> None:
    folder, key = story
    for claim in key["shared_claims"]:
        per_file = claim["match_per_file"]
        assert len(per_file) >= 2
        for name, m in per_file.items():
            assert _in_body(folder / name, m), (name, m)


def test_single_claims(story: tuple[Path, dict[str, Any]]) -> None:
    folder, key = story
    for claim in key["single_claims"]:
        assert _in_body(folder / claim["file"], claim["match"]), claim
        others = [f for f in key["files"] if f != claim["file"] and _in_body(folder / f, claim["match"])]
        assert others == [], claim
