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


def _yoast(article: dict[str, str]) -> str:
    import json

    graph = [{"@type": "Article", "headline": "Recall widens", **article},
             {"@type": "WebPage", "name": "Recall widens", "datePublished": "2024-03-17T19:47:39+00:00",
              "dateModified": "2024-05-03T10:57:58+00:00"}]
    return f'<script type="application/ld+json">{json.dumps({"@graph": graph})}</script>'


def test_webpage_dates_count_when_no_article_declares_one() -> None:
    # Yoast writes the post's dates on the WebPage node, beside an Article with none.
    article = extract_html(_page(_yoast({})))
    assert article.published.iso == "2024-03-17T19:47"
    assert article.published.evidence == ["json-ld:webpage: 2024-03-17T19:47:39+00:00"]
    assert article.updated is not None and article.updated.iso == "2024-05-03T10:57"
    # An article's own date comes first.
    own = extract_html(_page(_yoast({"datePublished": "2024-03-18T08:00:00+00:00"})))
    assert own.published.iso == "2024-03-18T08:00"

