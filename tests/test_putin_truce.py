"""EXPECTED.md section 1 (extraction) for the two real pages in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import Article, extract

PROTOTHEMA_BOILERPLATE = [
    "Athens 7°C", "Powered by Cloudevo", "Related articles", "Trump threatens tariffs against those who oppose",
    "CIA chief in Venezuela meets with Rodriguez", "Mitsotakis attends the inauguration",
    "Ask me anything", "Explore related questions", "More World", "Follow en.protothema.gr on Google News",
    "Latest Stories", "January 17, 2026", "Kimolos wins over International Media", "PERSONAL DATA PROTECTION",
    "Copyright", "Mediterranean Cooking", "GreekEnglish", "weather symbol", "#diplomacy",
]
TRANSLATED_BOILERPLATE = [
    "25739 views", "31 reactions", "10 comment(s)", "Putin and Trump at the G20 summit in Osaka",
    "Disclaimer: The translations are mostly done through AI translator", "Bonus video",
]


@pytest.fixture(scope="module")
def protothema(putin_dir: Path) -> Article:
    return extract(putin_dir / "protothema.txt")


@pytest.fixture(scope="module")
def translated(putin_dir: Path) -> Article:
    return extract(putin_dir / "translated-outlet.txt")


def test_protothema_header(protothema: Article) -> None:
    assert protothema.input_format == "text"
    assert protothema.title == "Reuters: Putin is open to negotiating with Trump for a truce in Ukraine"
    assert protothema.standfirst is not None
    assert protothema.standfirst.startswith(
        "According to Reuters, Putin insists that Ukraine abandon its aspirations")
    assert protothema.authors == ["Newsroom"]
    assert protothema.section == "World"
    assert protothema.outlet == "en.protothema.gr"
    assert protothema.language == "en"


def test_protothema_date_is_partial_with_evidence(protothema: Article) -> None:
    d = protothema.published
    assert (d.month, d.day, d.time) == (11, 20, "09:28")
    assert d.raw == "November 20 09:28"
    # The page was captured in January 2026 but the story is from 2024: no year is invented.
    assert d.year is None and d.partial and not d.year_inferred
    assert d.latest_year == 2025
    assert any("18 Jan 2026" in e for e in d.evidence)
    assert d.iso == "--11-20"


def test_protothema_tags(protothema: Article) -> None:
    assert protothema.tags == ["diplomacy", "politics", "President Donald Trump", "President Putin",
                               "reuters", "russia", "ukraine", "usa", "world"]


def test_protothema_body(protothema: Article) -> None:
    paragraphs = protothema.paragraphs
    assert paragraphs[0].startswith("Vladimir Putin appears open to negotiations with Donald Trump")
    assert paragraphs[-1].startswith("One of the Russian officials stated that no agreement would be reached")
    assert paragraphs[-1].endswith("direct confrontation with Russia someday.”")
    # The subheading survives, followed by its paragraph, with the related block between them gone.
    heading = paragraphs.index("What could be agreed upon")
    assert protothema.body[heading].kind == "heading"
    assert paragraphs[heading + 1].startswith("When asked what a ceasefire agreement could entail")
    assert len(paragraphs) == 12
    assert not protothema.flags.machine_translated


@pytest.mark.parametrize("boilerplate", PROTOTHEMA_BOILERPLATE)
def test_protothema_boilerplate_absent(protothema: Article, boilerplate: str) -> None:
    texts = [protothema.title or "", protothema.standfirst or "", *protothema.paragraphs]
    assert not any(boilerplate in t for t in texts)


def test_protothema_related_block_recorded_as_removed(protothema: Article) -> None:
    reasons = {r.text: r.reason for r in protothema.removed}
    assert "related" in reasons["CIA chief in Venezuela meets with Rodriguez"]


def test_translated_header_and_flag(translated: Article) -> None:
    assert translated.title == ("Reuters: Putin is open to talks on a ceasefire in Ukraine with Trump, "
                                "but rules out major territorial concessions...")
    assert translated.flags.machine_translated
    assert translated.outlet is None
    assert translated.published.precision == "unknown"


def test_translated_body(translated: Article) -> None:
    paragraphs = translated.paragraphs
    assert paragraphs[0].startswith("Russian President Vladimir Putin is open to talks about a truce")
    assert paragraphs[-1] == ("In total, Russia controls over 110.000 square kilometers of Ukrainian territory, "
                              "while Ukraine holds about 650 square kilometers of Russia's Kursk Oblast.")
    assert any(p.startswith("Trump adviser Stephen Chung said") for p in paragraphs)
    assert len(paragraphs) == 18


@pytest.mark.parametrize("boilerplate", TRANSLATED_BOILERPLATE)
def test_translated_boilerplate_absent(translated: Article, boilerplate: str) -> None:
    texts = [translated.title or "", translated.standfirst or "", *translated.paragraphs]
    assert not any(boilerplate in t for t in texts)


def test_translated_disclaimer_kept_as_metadata(translated: Article) -> None:
    assert any(r.reason == "machine-translation disclaimer" for r in translated.removed)
