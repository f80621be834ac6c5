"""EXPECTED.md sections 2-7 for the two real pages in ../shared: what a correct comparison finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import compare, extract
from storyline.compare import Claim, Comparison, Discrepancy
from storyline.model import Article


@pytest.fixture(scope="module")
def articles(putin_dir: Path) -> list[Article]:
    return [extract(putin_dir / "protothema.txt"), extract(putin_dir / "translated-outlet.txt")]


@pytest.fixture(scope="module")
def result(articles: list[Article]) -> Comparison:
    return compare(articles)


def _claims_with(result: Comparison, words_s1: str, words_s2: str) -> list[Claim]:
    return [c for c in result.claims
            if any(s.source == "s1" and words_s1 in s.sentence for s in c.support)
            and any(s.source == "s2" and words_s2 in s.sentence for s in c.support)]


def _discrepancies(result: Comparison, kind: str, value_a: str, value_b: str) -> list[Discrepancy]:
    return [d for d in result.discrepancies if d.kind == kind
            and any(value_a in p.value for p in d.positions) and any(value_b in p.value for p in d.positions)]


# -- 2. Provenance ------------------------------------------------------------------------------------------

def test_origin_is_reuters_for_both_pages_with_its_sources(result: Comparison) -> None:
    agencies = [o for o in result.provenance.origins if o.kind == "agency"]
    assert [o.name for o in agencies] == ["Reuters"]
    assert agencies[0].sources == ["s1", "s2"]
    assert any("five current and former Russian officials" in who for who in agencies[0].informants)
    assert any("a copy of which Reuters has seen" in e for e in agencies[0].evidence)
    assert result.provenance.independent_reports == 1
    assert result.provenance.summary.startswith("2 pages, 1 independent report: Reuters")


# -- 3. Reported by both --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("in_s1", "in_s2"), [
    ("open to negotiations with Donald Trump", "open to talks about a truce"),
    ("abandon its aspirations to join NATO", "give up its ambitions to join NATO"),
    ("freeze on hostilities on the front lines", "freeze the conflict along the front lines"),
    ("limit the size of Ukraine’s armed forces", "limiting the size of its armed forces"),
    ("“realities” on the ground", "\"reality\" on the ground"),
    ("ATACMS missiles", "fire US missiles deep into Russia"),
    ("the only person who can bring both sides together", "the only person who can bring both sides together"),
])
def test_reported_by_both(result: Comparison, in_s1: str, in_s2: str) -> None:
    claims = _claims_with(result, in_s1, in_s2)
    assert claims, f"no claim aligns {in_s1!r} with {in_s2!r}"
    assert all(c.status == "shared" for c in claims)


# -- 4. Discrepancies -------------------------------------------------------------------------------------------

def test_spokesman_name_variant(result: Comparison) -> None:
    found = _discrepancies(result, "name", "Stephen Chang", "Stephen Chung")
    assert len(found) == 1
    assert {tuple(p.sources) for p in found[0].positions} == {("s1",), ("s2",)}


def test_spokesman_role(result: Comparison) -> None:
    assert _discrepancies(result, "role", "communications director", "Trump adviser")


def test_trump_title(result: Comparison) -> None:
    assert _discrepancies(result, "role", "the new U.S. president", "President-elect")


def test_territory_scope(result: Comparison) -> None:
    found = _discrepancies(result, "claim", "any compromise regarding territorial matters",
                           "any major territorial concessions")
    assert found and found[0].positions[0].sources != found[0].positions[1].sources


def test_tension_inside_translated_page(result: Comparison) -> None:
    inside = [t for t in result.tensions if t.source == "s2"]
    assert any(any("could largely agree to freeze the conflict" in p.sentence for p in t.positions)
               and any("freezing the conflict will not work" in p.sentence for p in t.positions) for t in inside)


def test_no_tension_from_a_conditional(result: Comparison) -> None:
    assert not [t for t in result.tensions if any("If a ceasefire is not agreed" in p.sentence for p in t.positions)]


# -- 5 and 6. Only in one page --------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "words"), [
    ("s1", "Russia will continue to fight"),
    ("s1", "Istanbul"),
    ("s1", "trap the West"),
    ("s2", "the size of the US state of Virginia"),
    ("s2", "110.000 square kilometers"),
    ("s2", "650 square kilometers"),
    ("s2", "1991"),
    ("s2", "On June 14"),
    ("s2", "very dangerous escalation"),
    ("s2", "talk directly with Putin"),
])
def test_only_in_one_page(result: Comparison, source: str, words: str) -> None:
    claims = [c for c in result.claims if any(words in s.sentence for s in c.support)]
    assert claims
    assert all(c.status == "single" and c.support[0].source == source for c in claims)


# -- 7. Normalisation traps: no false alarms --------------------------------------------------------------------

def test_no_false_alarms_from_spellings_numbers_or_relative_dates(result: Comparison) -> None:
    kinds = sorted(d.kind for d in result.discrepancies)
    assert kinds == ["claim", "name", "role", "role"], [(d.kind, d.subject) for d in result.discrepancies]
    for d in result.discrepancies:
        values = " ".join(p.value for p in d.positions)
        for trap in ("Kiev", "Kyiv", "Zaporozhye", "Zaporizhia", "Donbass", "Donbas", "110", "few days"):
            assert trap not in values


def test_every_citation_is_verbatim_and_every_value_is_in_its_sentence(
        result: Comparison, articles: list[Article]) -> None:
    texts = {s.id: "\n".join([a.text, *(x.text for x in a.sentences)]) for s, a in zip(result.sources, articles,
                                                                                      strict=True)}
    for claim in result.claims:
        for c in claim.support:
            assert c.sentence in texts[c.source]
            assert articles[int(c.source[1:]) - 1].sentences[c.index].text == c.sentence
            assert c.part is None or c.part in c.sentence
    for d in result.discrepancies:
        for p in d.positions:
            assert p.value.split(" (= ")[0] in p.sentence
            for c in p.citations:
                assert c.sentence in texts[c.source]
    for t in result.tensions:
        for tp in t.positions:
            assert tp.sentence in texts[t.source]
