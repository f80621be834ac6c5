"""The cheap checks that spare a costly pattern a text it cannot match."""

from __future__ import annotations

import re
import string

from storyline.extract import dates, patterns
from storyline.extract.html import _lines_with_stems

EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_plain_text_matches_letters_case_insensitively_where_lower_does() -> None:
    """What the pattern words rely on: in plain text (ASCII and typographic punctuation)
    re.I matches a letter exactly where lower() gives it, and no letter that is not ASCII."""
    plain = [c for c in EVERY_CHARACTER if patterns.plain_lower(c) is not None]
    assert len(plain) < 200
    words = "".join([*patterns.TRANSLATION_STEMS, *patterns.PAYWALL_STEMS, *patterns.NEWSLETTER_STEMS,
                     *patterns.COOKIE_STEMS, *dates._MONTHS])
    for letter in {ch for ch in words if ch.isalpha()}:
        same = re.compile(re.escape(letter), re.I)
        assert [c for c in plain if same.fullmatch(c)] == [c for c in plain if c.lower() == letter], letter


def test_ascii_case_traps_are_what_re_i_takes_for_an_ascii_letter_beyond_lower() -> None:
    odd = {c for letter in string.ascii_lowercase for c in re.findall(letter, EVERY_CHARACTER, re.I)
           if c.lower() != letter}
    assert odd == set(patterns.ASCII_CASE_TRAPS.pattern.strip("[]"))


def test_paywall_pattern_runs_on_the_lines_with_its_words() -> None:
    page = "Menu\nThe harbour reopened on Monday.\nSubscribe now to continue reading\nMembers area"
    assert _lines_with_stems(page, patterns.PAYWALL_STEMS) == "Subscribe now to continue reading\nMembers area"
    assert _lines_with_stems("Menu\nThe harbour reopened.", patterns.PAYWALL_STEMS) == ""
    trapped = "Members area\nſubscribe now to continue reading"  # re.I reads ſ as s; lower() does not
    assert _lines_with_stems(trapped, patterns.PAYWALL_STEMS) == trapped
    assert patterns.PAYWALL.search(trapped)


def test_wall_check_passes_every_end_marker_and_tag_line() -> None:
    from storyline.extract.html import _may_be_wall
    from storyline.extract.pagetext import classify

    lines = ["Comments", "Tags: ferries, harbour", "#ferries#harbour", "© 2025 Harbor Gazette", "Leave a reply",
             "Topics:", "Kommentare (3)", "Most read", "Share", "The harbour reopened on Monday."]
    walls = [line for line in lines if classify(line, 0).kind in ("end", "tags")]
    assert len(walls) == 7
    assert all(_may_be_wall(line) for line in walls)
