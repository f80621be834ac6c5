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


_SIDEBAR = ('<aside><h3>Latest posts</h3><ul>'
            '<li><a href="/a">Harbour fees rise</a><span class="post-date">December 12, 2025</span></li>'
            '<li><a href="/b">Ferry timetable</a><time datetime="2025-12-06T12:00:00Z">12/06/2025</time></li>'
            '</ul></aside>')


def _blog(header: str, *, above: str = "", head: str = "", h1: str = "<h1>Recall widens</h1>") -> str:
    return (f"<html><head><title>Recall widens | Harbour News</title>{head}</head><body>{_SIDEBAR}"
            f"<main>{above}{h1}{header}{_BODY}</main></body></html>")


@pytest.mark.parametrize(("html", "published"), [
    # the byline under the headline, not the dates of the latest posts beside it
    (_blog('<div class="meta"><span>By Jane Doe</span> <span>Published</span> <span>March 9, 2025</span></div>'),
     "2025-03-09"),
    # a date just above the headline ("January 23, 2025" over the title)
    (_blog('<p class="author">Jane Doe</p>', above="<h5>January 23, 2025</h5>"), "2025-01-23"),
    # the header's <time> gives its own ISO date: 03/01/2017 is 1 March (U.S. order), not 3 January
    (_blog('<div><time datetime="2017-03-01T12:00:00Z">03/01/2017</time> by Jane Doe</div>'), "2017-03-01T12:00"),
    # a blog whose <h1> is the blog's name: the headline is the <legend> that repeats the title
    (_blog("<fieldset><legend>Recall widens</legend> 20 December 2025</fieldset>", h1="<h1>Harbour News</h1>"),
     "2025-12-20"),
    # a schema.org date written "Jun 12, 2025" (a template's field) comes after the page's own date
    (_blog("<p>November 2, 2022</p>", head='<script type="application/ld+json">{"@type": "Article",'
           ' "headline": "Recall widens", "datePublished": "Jun 12, 2025"}</script>'), "2022-11-02"),
])
def test_date_beside_the_headline(html: str, published: str) -> None:
    article = extract_html(html)
    assert article.published.iso == published
    assert article.published.evidence[0].startswith("date beside the headline: ")


@pytest.mark.parametrize(("header", "above"), [
    ('<p class="author">Jane Doe</p>', "<div>Last updated:</div><div>Dec 12, 2025</div>"),
    ("<p>Last active</p><p>December 12, 2025</p>", ""),  # a gist's or a thread's last activity
])
def test_update_beside_the_headline_is_not_the_publication(header: str, above: str) -> None:
    article = extract_html(_blog(header, above=above))
    assert not article.published.evidence[0].startswith("date beside the headline")
    assert article.updated is not None and article.updated.iso == "2025-12-12"


def _saved(published: str, modified: str) -> str:
    return ('<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Recall widens",'
            f' "datePublished": "{published}", "dateModified": "{modified}"}}</script>')


def test_declared_date_that_is_the_last_save_yields_to_the_shown_date() -> None:
    # Published and modified at the same minute, and the page shows another day: the CMS
    # re-stamped both at a later save; the date the page shows is the publication.
    html = _page(_saved("2025-11-20T16:02:46.767Z", "2025-11-20T16:02:46.767Z"), '<p>By Jane Doe · May 14, 2025</p>')
    article = extract_html(html)
    assert article.published.iso == "2025-05-14"
    assert "the minute of its last modification" in article.published.evidence[-1]
    # Shown on the same day (or the next, in another time zone): the declared minute stays.
    fresh = _page(_saved("2026-02-23T00:57:30+00:00", "2026-02-23T00:57:32+00:00"), "<p>February 22, 2026</p>")
    assert extract_html(fresh).published.iso == "2026-02-23T00:57"
    # Modified later than published: the declared date stays, whatever the page shows.
    edited = _page(_saved("2025-11-20T16:02:00Z", "2025-12-01T09:00:00Z"), "<p>May 14, 2025</p>")
    assert extract_html(edited).published.iso == "2025-11-20T16:02"


@pytest.mark.parametrize(("site_name", "outlet"), [
    ("Harbor Gazette", "Harbor Gazette"), ("https://www.hawaiinewsnow.com", "hawaiinewsnow.com"),
    ("Fermyon • Experience the next wave of cloud computing.", "Fermyon"),
    ("How to Design a Website: a Complete Guide for 2026 | Clay", "Clay"),
    ("Harvard T.H. Chan School of Public Health", "Harvard T.H. Chan School of Public Health"),
    ("San Antonio Express-News", "San Antonio Express-News"),
])
def test_a_site_name_given_as_an_address_names_its_host(site_name: str, outlet: str) -> None:
    html = _page(f'<meta property="og:site_name" content="{site_name}">')
    assert extract_html(html, url="https://example.org/news/x/").outlet == outlet
