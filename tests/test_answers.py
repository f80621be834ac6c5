"""storyline ask: answers quoted from the bundled stories, over the library the tests build once.

The questions and what a right answer holds are the project's own (examples/questions.json);
every test checks that each cited sentence is, verbatim, a sentence of the stored article.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import storyline
from storyline.answers import Answer, AskCache, ask
from storyline.cli import cli
from storyline.errors import InputError
from storyline.library import Library
from storyline.web import create_app

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = json.loads((REPO / "examples" / "questions.json").read_text(encoding="utf-8"))["questions"]


@pytest.fixture(scope="module")
def library(example_library: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    db = tmp_path_factory.mktemp("ask") / "storyline.db"
    shutil.copy(example_library, db)  # asking keeps sentence vectors in the library: a copy of our own
    with Library(db) as lib:
        yield lib


def _story(library: Library, folder: str | None) -> int | None:
    if folder is None:
        return None
    first = {"harbor-recall": "Space", "wendelsaue-fire": "Union"}[folder]
    return next(s.id for s in library.stories() if (s.title or "").startswith(first))


def _verbatim(library: Library, answer: Answer) -> None:
    """Every citation is a sentence of its stored article, word for word, and the answer quotes only them."""
    for statement in answer.statements:
        assert statement.citations and statement.text == statement.citations[0].sentence
        for cite in statement.citations:
            assert cite.article is not None
            body = "\n".join(p.text for p in library.store.article(cite.article).body)
            assert cite.sentence in body, cite
            if statement.value:
                assert statement.value in statement.text
        for quoted in answer.text.split("“")[1:]:
            piece = quoted.split("”")[0]
            assert any(piece in c.sentence for s in answer.statements for c in s.citations), piece


def _right(answer: Answer, expected: dict[str, object]) -> bool:
    outlets = {o for s in answer.statements for o in s.outlets}
    return (answer.kind == expected["kind"] and all(q in answer.text for q in expected["quotes"])  # type: ignore[attr-defined]
            and all(any(o.startswith(x) for o in outlets) for x in expected["outlets"]))  # type: ignore[attr-defined]


def test_a_disagreement_leads_the_answer_with_each_side(library: Library) -> None:
    answer = ask("How many heaters were recalled?", library=library, story=_story(library, "harbor-recall"))
    assert answer.kind == "disagreement" and answer.text.startswith("Sources disagree: ")
    values = {s.value for s in answer.statements}
    assert values == {"about 4,500", "some 5,400"}
    coastline = next(s for s in answer.statements if s.value == "some 5,400")
    assert coastline.outlets == ["Coastline Daily"] and coastline.citations[0].published == "2025-03-05T07:45"
    assert coastline.citations[0].link == f"/story/{answer.story}#{coastline.citations[0].source}-0"
    assert 0.0 < answer.confidence <= 1.0 and answer.candidates[0].score >= answer.candidates[-1].score
    _verbatim(library, answer)


def test_agreement_single_source_and_cross_language(library: Library) -> None:
    fire = _story(library, "wendelsaue-fire")
    agreed = ask("How many residents were evacuated?", library=library, story=fire)
    assert agreed.kind == "agreement" and len(agreed.statements[0].outlets) == 4
    only = ask("What did the union say about the sprinklers?", library=library, story=fire)
    assert only.kind == "single" and only.text.startswith("Only The Carrowby Echo reports: ")
    german = ask("How many people spent the night in the school gym?", library=library)  # the whole library
    assert german.kind == "single" and "64 Menschen" in german.text and german.story == fire
    for answer in (agreed, only, german):
        _verbatim(library, answer)


def test_the_answer_is_about_what_was_asked_and_in_its_language(library: Library) -> None:
    harbor = _story(library, "harbor-recall")
    # The lead sentence also holds the recall's disputed count; the question asks for the reports.
    reports = ask("How many overheating reports did Kestrel receive?", library=library, story=harbor)
    assert reports.kind == "agreement" and "14 reports" in reports.text
    # The same claim, asked in Spanish, is quoted from the Spanish outlet first.
    casos = ask("¿Cuántos casos de sobrecalentamiento recibió Kestrel?", library=library, story=harbor)
    assert casos.kind == "agreement" and casos.statements[0].outlets[0] == "Diario del Puerto"
    assert "14 casos" in casos.text
    # A side of a disagreement is quoted in the question's language when a sentence there holds its words.
    spokesman = ask("Who is the Kestrel spokesman?", library=library, story=harbor)
    chang = next(s for s in spokesman.statements if s.value == "Stephen Chang")
    assert "a Kestrel spokesman, told Meridian Press" in chang.text
    for answer in (reports, casos, spokesman):
        _verbatim(library, answer)


def test_nothing_answers_is_said_rather_than_guessed(library: Library) -> None:
    answer = ask("What is the capital of France?", library=library)
    assert answer.kind == "none" and answer.statements == [] and answer.confidence == 0.0
    assert answer.text == "Nothing in these articles answers this question."
    assert answer.candidates and answer.candidates[0].cosine < 0.82  # the scores say why
    with pytest.raises(InputError, match="empty"):
        ask("   ", library=library)


def test_the_question_set(library: Library) -> None:
    cache = AskCache()
    right = 0
    for expected in QUESTIONS:
        answer = ask(expected["question"], library=library, story=_story(library, expected["story"]), cache=cache)
        _verbatim(library, answer)
        right += _right(answer, expected)
    assert right >= 14, f"{right} of {len(QUESTIONS)} right"  # storyline bench ask reports which


def test_cli_api_and_story_page(example_library: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ask", "How many heaters were recalled?", "--db", str(example_library), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kind"] == "disagreement"
    text = CliRunner().invoke(cli, ["ask", "Where were the heaters made?", "--db", str(example_library)])
    assert text.exit_code == 0 and "Greaves Landing" in text.stdout and "sentence" in text.stdout
    empty = CliRunner().invoke(cli, ["ask", " ", "--db", str(example_library)])
    assert empty.exit_code == 2 and "empty" in empty.stderr
    assert storyline.ask("How many residents were evacuated?", library=example_library).kind == "agreement"
    db = tmp_path / "copy.db"
    shutil.copy(example_library, db)
    with TestClient(create_app(db)) as client:
        story = next(s["id"] for s in client.get("/stories").json()["stories"] if s["title"].startswith("Space"))
        answer = client.get("/ask", params={"q": "How many heaters were recalled?", "story": story}).json()
        assert answer["kind"] == "disagreement" and answer["candidates"][0]["score"] > 0
        assert client.get("/ask").status_code == 422
        page = client.get(f"/story/{story}", params={"ask": "Who is the Kestrel spokesman?"}).text
        assert 'id="answer"' in page and "Stephen Chung" in page and 'href="#s' in page


def test_bench_ask_reports_accuracy_precision_and_latency() -> None:
    result = CliRunner().invoke(cli, ["bench", "ask"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    verbatim = next(line for line in lines if line.startswith("- citations verbatim"))
    found, total = (int(n) for n in verbatim.split(": ")[1].split(" of "))
    assert found == total > 20
    assert sum(1 for line in lines if line.startswith("| ") and "|" in line[2:]) == len(QUESTIONS) + 1


def test_the_ask_benchmark_counts_what_it_claims() -> None:
    from storyline.bench.ask import format_ask_report, run_ask_bench

    run = run_ask_bench()
    assert len(run.rows) == len(QUESTIONS) == len(run.reopened_ms)
    assert run.citations > 0 and run.verbatim == run.citations and run.indexed == 0
    assert run.right == sum(r["right"] for r in run.rows) >= len(QUESTIONS) - 3
    report = format_ask_report(run)
    assert f"answers right: **{run.right} of {len(QUESTIONS)}**" in report and "cold again, library reopened" in report
