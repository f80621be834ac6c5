"""Benchmark metrics and the page-text rendering, on tiny hand-made inputs (no shared data)."""

from __future__ import annotations

import pytest

from storyline.bench._metrics import (
    authors_match,
    date_matches,
    normalise_author,
    shingle_counts,
    shingle_scores,
    title_matches,
    word_prf,
    word_scores,
)
from storyline.bench.extraction import BenchRow, format_table, prose_runs
from storyline.bench.pagetext import html_to_page_text

# --------------------------------------------------------------------------- #
# Zyte shingle metric
# --------------------------------------------------------------------------- #


def test_shingles_identical_text() -> None:
    assert shingle_counts("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)


def test_shingles_partial_overlap() -> None:
    # truth shingles: abcd, bcde ; prediction: abcd, bcdf -> TP 1, FP 1, FN 1
    tp, fp, fn = shingle_counts("a b c d e", "a b c d f")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    scores = shingle_scores([(tp, fp, fn)])
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(0.5)


def test_shingles_are_a_multiset_and_case_sensitive() -> None:
    # "x y z w" twice in the truth, once in the prediction
    tp, fp, fn = shingle_counts("x y z w. x y z w", "x y z w")
    # truth shingles: xyzw, yzwx, zwxy, wxyz, xyzw -> 5 ; pred: xyzw -> 1
    assert (tp, fp, fn) == pytest.approx((1 / 5, 0.0, 4 / 5))
    # upstream evaluate.py does not lower-case
    assert shingle_counts("The cat sat down", "the cat sat down") == (0.0, 0.5, 0.5)


def test_short_text_is_one_shingle() -> None:
    assert shingle_counts("Hello world", "Hello, world!") == (1.0, 0.0, 0.0)
    assert shingle_counts("Hello world", "Hello there") == (0.0, 0.5, 0.5)
    # a 3-token prediction against a 4-token truth shares no shingle
    assert shingle_counts("one two three four", "one two three") == (0.0, 0.5, 0.5)


def test_empty_prediction_counts_in_recall_only() -> None:
    full = shingle_counts("a b c d e", "a b c d e")
    empty = shingle_counts("a b c d e", "")
    assert empty == (0.0, 0.0, 1.0)
    scores = shingle_scores([full, empty])
    assert scores.precision == pytest.approx(1.0)  # the empty prediction is left out
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_shingle_f1_is_harmonic_mean_of_means() -> None:
    docs = [
        shingle_counts("a b c d e", "a b c d e"),  # P 1, R 1
        shingle_counts("a b c d e", "a b c d f"),  # P .5, R .5
        shingle_counts("a b c d e f g", "a b c d"),  # P 1, R 1/4
    ]
    scores = shingle_scores(docs)
    p = (1 + 0.5 + 1) / 3
    r = (1 + 0.5 + 0.25) / 3
    assert scores.precision == pytest.approx(p)
    assert scores.recall == pytest.approx(r)
    assert scores.f1 == pytest.approx(2 * p * r / (p + r))


def test_both_empty_is_ignored() -> None:
    assert shingle_counts("", "") == (0.0, 0.0, 0.0)
    scores = shingle_scores([shingle_counts("", ""), shingle_counts("a b c d", "a b c d")])
    assert scores.f1 == pytest.approx(1.0)


# --------------------------------------------------------------------------- #
# WCXB word F1
# --------------------------------------------------------------------------- #


def test_word_prf() -> None:
    p, r, f = word_prf("The cat sat on the mat", "the CAT sat")
    assert p == pytest.approx(1.0)
    assert r == pytest.approx(3 / 6)
    assert f == pytest.approx(2 * 0.5 / 1.5)
    # bag of words: "the" counted twice in the truth, three times in the prediction
    p, r, f = word_prf("the the dog", "the the the dog")
    assert (p, r) == (pytest.approx(3 / 4), pytest.approx(1.0))


def test_word_prf_empty_prediction() -> None:
    assert word_prf("some words here", "") == (None, 0.0, 0.0)
    assert word_prf("", "") == (1.0, 1.0, 1.0)


def test_word_scores_average_per_page_f1() -> None:
    rows = [word_prf("a b", "a b"), word_prf("a b", ""), word_prf("a b c d", "a b")]
    scores = word_scores(rows)
    assert scores.f1 == pytest.approx((1.0 + 0.0 + 2 / 3) / 3)
    assert scores.precision == pytest.approx(1.0)  # empty prediction left out
    assert scores.recall == pytest.approx((1.0 + 0.0 + 0.5) / 3)


# --------------------------------------------------------------------------- #
# Metadata matchers
# --------------------------------------------------------------------------- #


def test_title_matches_normalises() -> None:
    assert title_matches("Budget Traveler’s Guide", "  budget traveler's   GUIDE ")
    assert title_matches("“Quoted” title — here", '"Quoted" title - here.')
    assert not title_matches("A title", "Another title")
    assert not title_matches("A title", None)
    assert not title_matches(None, "A title")


def test_title_site_name_suffix_needs_the_site() -> None:
    url = "https://scratchculinary.com/2025/09/04/post/"
    pred = "Top Nutrition Trends | Scratch Culinary Meal Prep"
    assert title_matches("Top Nutrition Trends", pred, url=url)
    assert not title_matches("Top Nutrition Trends", pred)  # no URL: suffix counts
    assert not title_matches("Top Nutrition Trends", "Top Nutrition Trends | Opinion", url=url)
    assert title_matches("History of coffee", "Britannica - History of coffee", url="https://www.britannica.com/x")
    assert title_matches(
        "What is Cloud Computing?", "What is Cloud Computing? | Google Cloud", url="https://cloud.google.com/learn"
    )


def test_normalise_author() -> None:
    assert normalise_author("By Jane Doe") == "jane doe"
    assert normalise_author("Dr. Jane  Doe, PhD") == "jane doe"
    assert normalise_author("Michael Greger M.D.") == "michael greger"
    assert normalise_author("Jean-Luc Aufranc (CNXSoft)") == "jean-luc aufranc"
    assert normalise_author("Sam O’Brien") == "sam o'brien"


def test_authors_match() -> None:
    assert authors_match("Jane Doe", ["By Jane Doe"])
    assert authors_match("Chen Zhao, Daryl Fairweather", ["Daryl Fairweather", "Chen Zhao"])
    assert authors_match("Manoj Jain and Jagpreet Chhatwal", "Jagpreet Chhatwal & Manoj Jain")
    assert authors_match("Dylan Bailey, MS, RD, FAND", ["Dylan Bailey"])
    assert not authors_match("Jane Doe", ["Jane Doe", "John Roe"])  # extra name
    assert not authors_match("Jane Doe, John Roe", ["Jane Doe"])  # missing name
    assert not authors_match("Jane Doe", ["Jane Doe Staff Writer"])
    assert not authors_match("Jane Doe", [])
    assert not authors_match(None, ["Jane Doe"])


def test_date_matches() -> None:
    assert date_matches("2024-11-20", "2024-11-20")
    assert date_matches("2024-11-20", "2024-11-20T09:28")
    assert not date_matches("2024-11-20", "2024-11-21")
    assert not date_matches("2024-11-20", "--11-20")  # no year: wrong
    assert not date_matches("2024-11-20", "2024-11")  # less precise than the truth
    assert not date_matches("2024-11-20", None)
    assert date_matches("2024-11", "2024-11-20")  # truth known to the month only
    assert not date_matches(None, "2024-11-20")


# --------------------------------------------------------------------------- #
# Page text and the text baseline
# --------------------------------------------------------------------------- #

_PAGE = """<!DOCTYPE html>
<html><head><title>Page title</title><style>p { color: red }</style>
<script>var hidden = "script text";</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li>World</li></ul></nav>
<article>
<h1>The   big
headline</h1>
<p>First paragraph with <b>bold</b> and <a href="#">a link</a>.</p>
<p>Second paragraph<br>after a break.</p>
<div hidden>Hidden by attribute</div>
<div style="color: blue; display : none">Hidden by style</div>
<noscript>Enable JavaScript</noscript>
<ul><li>Item one</li><li>Item <i>two</i><ul><li>Nested</li></ul></li></ul>
<table><tr><td>Cell A</td><td>Cell B</td></tr></table>
</article>
<div>Footer text</div>
<script>document.write("late script")</script>
</body></html>"""


def test_html_to_page_text() -> None:
    text = html_to_page_text(_PAGE)
    lines = text.split("\n")
    assert "  \u2022 Home" in lines
    assert "  \u2022 World" in lines
    assert "The big headline" in lines
    assert "First paragraph with bold and a link." in lines
    assert "Second paragraph" in lines
    assert "after a break." in lines
    assert "  \u2022 Item one" in lines
    assert "  \u2022 Item two" in lines
    assert "    \u2022 Nested" in lines
    assert "Cell A\tCell B" in lines
    assert lines[-1] == "Footer text"
    for gone in ("Page title", "color: red", "script text", "Hidden by", "Enable JavaScript", "late script"):
        assert gone not in text
    # paragraphs and headings are set off by a blank line
    i = lines.index("The big headline")
    assert lines[i + 1] == "" and lines[i + 2].startswith("First paragraph")
    assert lines[i + 3] == ""
    assert "\n\n\n" not in text


def test_html_to_page_text_degenerate_input() -> None:
    assert html_to_page_text("") == ""
    assert html_to_page_text("   ") == ""
    assert html_to_page_text('<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>') == "x"
    assert html_to_page_text("just text") == "just text"


def test_prose_runs_keeps_the_article() -> None:
    prose = "This is a long line of article prose that goes on well past sixty characters. " * 2
    prose = prose.strip()
    text = "\n".join(["Home", "News", "Sport", prose, "Short subhead", prose, "Share", "Tweet", "Copyright"])
    assert prose_runs(text) == "\n".join([prose, "Short subhead", prose])
    assert prose_runs("") == ""
    # a far-away, much weaker run of prose is left out
    far = "\n".join([prose, *["menu item"] * 20, "A line just over sixty characters long, in a footer of the page."])
    assert prose_runs(far) == prose


def test_format_table() -> None:
    rows = [
        BenchRow("zyte", "html", "trafilatura", 181, 0.94, 0.98, 0.96, 52.0),
        BenchRow("wcxb", "html", "readability-lxml", 709, 0.9, 0.9, 0.9, 20.0, title_acc=0.71),
    ]
    table = format_table(rows)
    assert "trafilatura" in table and "readability-lxml" in table
    assert "71.0%" in table
    assert len({len(line) for line in table.splitlines()[:4]}) == 1  # fixed width
