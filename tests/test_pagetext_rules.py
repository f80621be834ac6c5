"""Page-text line rules, on short invented pages."""

from __future__ import annotations

from storyline.extract import extract_text
from storyline.extract.pagetext import classify

ARTICLE = (
    "The harbour authority said on Monday that the recall covers every ferry built before 2010.\n"
    "Inspectors found cracked welds on three of the vessels during a routine check last month.\n"
    "The operator expects the first ferries back in service before the summer timetable starts.\n"
)


def test_headline_glued_to_summary_is_a_teaser() -> None:
    line = "Customers Leave Without Paying Their Bill At Troy SteakhouseA party of six left without paying."
    assert classify(line, 0).kind == "teaser"


def test_camel_case_names_in_prose_are_not_teasers() -> None:
    line = "Following the new MacBook Pro, the company plans to release a cheaper model in the first half."
    assert classify(line, 0).kind == "prose"
    item = "• Sales Happen In-App Through Instagram CheckoutShops and more tools for sellers"
    assert classify(item, 0).kind != "teaser"


def test_teaser_cards_do_not_outweigh_the_article() -> None:
    cards = "\n".join(
        f"Local Council Approves New Budget For Harbor District {n} PierThe council voted on Tuesday "
        "to approve a budget that includes funds for new ferries and repairs."
        for n in ("One", "Two", "Three", "Four", "Five", "Six")
    )
    page = f"Menu\nLatest Headlines\n{cards}\nFerry Recall Announced\nFiled Under: ferries, harbour\n{ARTICLE}"
    body = [p.text for p in extract_text(page).body]
    assert body and body[0].startswith("The harbour authority")
    assert not any("Council" in text for text in body)
