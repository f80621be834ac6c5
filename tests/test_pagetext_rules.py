"""Page-text line rules, on short invented pages."""

from __future__ import annotations

import re

import pytest

from storyline.extract import extract_text, pagetext, patterns
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


def test_a_table_page_keeps_its_rows() -> None:
    rows = "\n".join(f"{n}\tDriver {n}\t{5000 - 10 * n}\t{n % 3}" for n in range(1, 31))
    promos = "\n".join(
        f"» Column {n}\nClick the photo and read every column our editor writes about the season so far, race by race."
        for n in range(1, 4)
    )
    page = (
        "Menu\nStandings\nOn this page you will always find the standings, updated after the latest race!\n"
        "Bookmark this page and come back to check the standings of the series whenever you like!\n"
        f"Final standings of the series after 36 races:\nPos.\tDriver\tPoints\tWins\n{rows}\nTags\n{promos}\n"
    )
    body = extract_text(page).body
    table = [p.text for p in body if p.kind == "table"]
    assert len(table) == 31 and table[1] == "1 | Driver 1 | 4990 | 1"
    assert not any("Click the photo" in p.text for p in body)


def test_newsletter_form_after_the_article_ends_it() -> None:
    cards = "\n".join(
        f"SECTION {n}\nA Story About Something Else Entirely, Number {n}\n"
        "Readers elsewhere on the site have been enjoying this other story about a different topic today."
        for n in range(1, 5)
    )
    longer = ARTICLE + "".join(
        f"Passengers with tickets for route {n} will be offered a refund or a seat on a chartered coach instead.\n"
        for n in range(1, 5)
    )
    page = f"Ferry Recall Announced\n{longer}Want more stories like this?\n" \
        f"Every day we send an email with the top stories from the Gazette.\nSubscribe\n{cards}\n"
    body = [p.text for p in extract_text(page).body]
    assert body[-1].startswith("Passengers with tickets for route 4")


def test_newsletter_insert_inside_a_long_article_does_not_end_it() -> None:
    more = "\n".join(
        f"Paragraph {n} of the guide explains one more step, with enough words to read as a paragraph of the article."
        for n in range(1, 9)
    )
    page = f"Ferry Guide\n{ARTICLE}Sign up for our weekly newsletter\nTips\n{more}\n"
    body = [p.text for p in extract_text(page).body]
    assert body[-1].startswith("Paragraph 8")
    assert not any("newsletter" in text for text in body)


def test_pattern_words_skip_only_lines_that_cannot_match(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pre-check words of the costly patterns change no line's kind, in any case."""
    lines = [
        "We use cookies to give you the best experience.", "WE USE COOKIES", "Cookie Settings",
        "This article was translated using AI.", "Translated automatically by Google Translate",
        "Article traduit automatiquement", "Subscribe now to continue reading.", "Already a subscriber? Log in",
        "You have reached your free article limit.", "Unlock this article", "Jetzt weiterlesen",
        "Sign up for our free weekly newsletter.", "Thanks for signing up!", "You have successfully subscribed",
        "Want more stories like this?", "Every day we send an email with the top stories from Digg.",
        "Χρησιμοποιούμε cookies", "Suscríbete para seguir leyendo", "Machine-translated text follows below",
        "A plain sentence about ferries, with nothing to trigger any pattern at all.",
        "We’re using cookies — “necessary cookies” only…", "Subscribe to our free “Daily” newsletter — now",
        "Ферри: машинный перевод", "Bu makale otomatik olarak İngilizceden translated by AI",
        "Photo: Jane Doe", "(Photo by Jane Doe)", "Getty Images", "Jane Doe / REUTERS/Pool",
        "Crews worked through the night. (Meridian Press)", "Photos by Jane Doe", "1of4Grass Valley’s pier",
        "Φωτογραφία: Meridian", "Athens 7°C", "Harbour talks resume [VIDEO]", "About us | Contact | Privacy",
    ]
    kinds = [classify(line, 0).kind for line in lines]
    assert kinds[:16] == ["cookies"] * 3 + ["translation"] * 3 + ["paywall"] * 5 + ["newsletter"] * 5
    assert kinds[-11:] == ["caption"] * 8 + ["junk"] * 3
    unchecked = tuple((kind, test, most, ()) for kind, test, most, _words in pagetext._FURNITURE)
    monkeypatch.setattr(pagetext, "_FURNITURE", unchecked)
    assert [classify(line, 0).kind for line in lines] == kinds


def test_junk_phrases_split_by_anchor_match_as_one_search() -> None:
    lines = ["Advertisement", "Athens 7°C", "Harbour talks resume [VIDEO]", "We value cookies for your experience",
             "Privacy policy", "Read more: the harbour", "A plain sentence with ads [and] cookies in it.", "x"]
    whole = re.compile("|".join(f"(?:{p})" for p in patterns._JUNK_PHRASES), re.I)
    assert [patterns.is_junk_line(line) for line in lines] == [bool(whole.search(line)) for line in lines]
    assert [patterns.is_junk_line(line) for line in lines] == [True] * 6 + [False, True]


@pytest.mark.parametrize(("line", "outlet"), [
    ("© 2020", None), ("© 2020 Harbor Gazette Media Co.", "Harbor Gazette Media Co"),
    ("Copyright 2019-2024 Harbor Gazette", "Harbor Gazette")])
def test_a_copyright_line_names_the_outlet_only_when_it_names_a_holder(line: str, outlet: str | None) -> None:
    text = ("Harbour closes north quay\n\n2 January 2020\n\n"
            "The harbour authority closed the north quay on Tuesday after divers found cracks in two of its piles.\n\n"
            "Ships due this week will berth at the ferry terminal instead, the authority said on Wednesday.\n\n"
            f"{line}\n")
    assert extract_text(text).outlet == outlet
