"""Authors from HTML: declared people first, visible bylines read line by line."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from storyline.extract import extract_html
from storyline.extract.html import byline_names
from storyline.extract.metadata import text_lines

BODY = "<p>" + " ".join(["The council met on Tuesday and agreed the new budget for the town."] * 4) + "</p>"


def page(head: str = "", byline: str = "") -> str:
    return (f"<html><head><title>Budget agreed</title>{head}</head><body><article>"
            f"<h1>Budget agreed</h1>{byline}{BODY}</article></body></html>")


@pytest.mark.parametrize(("byline", "names"), [
    ("Written by\nEdzel Tabing", ["Edzel Tabing"]),  # label and name in two boxes
    ("Rachel MacDonald\nWriter", ["Rachel MacDonald"]),  # role on the next line
    ("Updated January 08, 2026\nWritten by Meghan Neville\nContent Marketing Coordinator", ["Meghan Neville"]),
    ("By Haley Hoekstra • March 12, 2025", ["Haley Hoekstra"]),
    ("Dec. 19, 2025 · Niko Matsakis on behalf of Vision Doc group", ["Niko Matsakis"]),
    ("Posted by BeauHD on Friday December 19, 2025 @08:00PM", ["BeauHD"]),
    ("by: Ziyi Xu, Dec 17, 2025", ["Ziyi Xu"]),
    ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"]),
    ("Rui Ma, Heba Ledwon & Suparn Patra", ["Rui Ma", "Heba Ledwon", "Suparn Patra"]),
    ("Shelby Loos, DVM Reviewed by Molly Price", ["Shelby Loos"]),
    ("Written By: Celeste Longacre Gardener & Astrologer", ["Celeste Longacre"]),
    ("CM\nCraig McCarthy", ["Craig McCarthy"]),  # initials in an avatar
    ("by jsteinhardt", ["jsteinhardt"]),  # a handle
    ("By the Lavazza Team", ["the Lavazza Team"]),
    ("By submitting, you acknowledge our terms", []),  # a sentence, not a byline
    ("By Role", []),
])
def test_byline_names(byline: str, names: list[str]) -> None:
    assert byline_names(byline) == names


def test_byline_names_cuts_the_outlet() -> None:
    assert byline_names("Brian Truitt USA TODAY", ["USA TODAY"]) == ["Brian Truitt"]


def test_text_lines_break_at_blocks() -> None:
    el = lxml_html.fragment_fromstring(
        '<div class="author"><div>Jane <b>Doe</b></div><div>Staff Writer</div>May 2, 2025</div>')
    assert text_lines(el) == ["Jane Doe", "Staff Writer", "May 2, 2025"]


def test_label_then_name_in_the_next_element() -> None:
    html = page(byline='<div><p class="meta">Written by</p><p class="x">Edzel Tabing</p></div>')
    assert extract_html(html).authors == ["Edzel Tabing"]


def test_site_name_as_author_gives_way_to_the_visible_byline() -> None:
    head = ('<meta property="og:site_name" content="GlossGenius">'
            '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Budget agreed", '
            '"author": {"@type": "Organization", "name": "GlossGenius"}}</script>')
    html = page(head, '<div class="text__author">Shauna Mitchell</div>')
    assert extract_html(html).authors == ["Shauna Mitchell"]


def test_site_name_as_author_kept_when_no_person_is_shown() -> None:
    head = '<meta property="og:site_name" content="Help Net Security"><meta name="author" content="Help Net Security">'
    assert extract_html(page(head)).authors == ["Help Net Security"]


def test_twitter_card_written_by() -> None:
    head = '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Nawaz Dhandala">'
    assert extract_html(page(head)).authors == ["Nawaz Dhandala"]


def test_role_after_and_is_not_a_second_author() -> None:
    assert byline_names("Brett Cruz, Privacy & Digital Security Expert") == ["Brett Cruz"]
