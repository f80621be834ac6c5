"""Publication and update dates read from HTML pages the tests write themselves."""

from __future__ import annotations

import pytest

from storyline import extract_html

_BODY = "".join(f"<p>Paragraph {i} of the report says the harbour heater recall widened again today.</p>"
                for i in range(6))


def _page(head: str = "", header: str = "") -> str:
    return (f"<html><head><title>Recall widens</title>{head}</head><body><article><h1>Recall widens</h1>"
            f"{header}{_BODY}</article></body></html>")


def test_utc_timestamp_takes_the_publishers_day_from_the_url() -> None:
    html = _page('<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">')
    article = extract_html(html, url="https://example.org/2025/12/18/recall-widens/")
    assert article.published.iso == "2025-12-18"
    assert article.published.precision == "day"
    assert any("url date 2025-12-18" in e for e in article.published.evidence)


def test_utc_timestamp_kept_when_the_url_agrees_or_has_no_date() -> None:
    html = _page('<meta property="article:published_time" content="2025-12-18T10:41:41+00:00">')
    assert extract_html(html, url="https://example.org/2025/12/18/x/").published.iso == "2025-12-18T10:41"
    late = _page('<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">')
    assert extract_html(late, url="https://example.org/news/x/").published.iso == "2025-12-19T02:41"


@pytest.mark.parametrize(("head", "header", "published", "updated"), [
    # declared: dateModified is the update, not the publication
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Recall widens",'
     ' "datePublished": "2024-03-04T10:00:00-05:00", "dateModified": "2025-01-02T08:00:00-05:00"}</script>', "",
     "2024-03-04T10:00", "2025-01-02T08:00"),
    # a <time> introduced as "Last updated:" is not the publication date
    ("", '<p class="meta">Last updated: <time datetime="2026-01-12">January 12, 2026</time></p>'
         '<div class="post-date">March 16, 2017</div>', "2017-03-16", "2026-01-12"),
    # published and updated on one line whose parts the page glues together
    ("", '<div class="article-date"><span>Health</span><span>DECEMBER 22, 2022</span>'
         '<span>Updated: JANUARY 02, 2026</span></div>', "2022-12-22", "2026-01-02"),
])
def test_publication_and_update_kept_apart(head: str, header: str, published: str, updated: str) -> None:
    article = extract_html(_page(head, header))
    assert article.published.iso == published
    assert article.updated is not None and article.updated.iso == updated


def test_updated_only_line_is_a_low_confidence_publication_date() -> None:
    html = _page(header='<div class="date">Updated April 10, 2025</div>')
    article = extract_html(html)
    # The only date shown places the page in time, but says it may be later than the publication.
    assert article.published.confidence <= 0.5
    assert any("last update" in e for e in article.published.evidence)
    assert article.updated is not None and article.updated.iso == "2025-04-10"


@pytest.mark.parametrize(("written", "precision", "iso"), [
    ("The heaters were made between August 2023 and December 2023.", "year", "2023"),
    ("The plant opened in 2023 and has grown since.", "year", "2023"),
])
def test_a_guess_from_a_month_or_year_in_the_text_keeps_that_precision(written: str, precision: str,
                                                                       iso: str) -> None:
    article = extract_html(_page(header=f"<p>{written}</p>"))
    assert article.published.source == "htmldate"
    assert (article.published.precision, article.published.iso) == (precision, iso)
    assert any("fills a missing day" in e for e in article.published.evidence)


def test_a_guess_of_a_first_of_the_month_that_is_written_stays_a_day() -> None:
    article = extract_html(_page(header="<p>Published 1 August 2023.</p>"))
    assert (article.published.precision, article.published.iso) == ("day", "2023-08-01")
