"""The comparison views: Markdown for the terminal and the standalone HTML page.

The articles are the bundled example pages, extracted and analysed for real; the
comparison is written by hand from their real sentences, so these tests pin the
presentation and not the compare stage.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from storyline.analyse import analyse
from storyline.compare.result import (
    Citation,
    Claim,
    Comparison,
    Discrepancy,
    Origin,
    Position,
    Provenance,
    Reuse,
    SourceInfo,
    Tension,
    TensionPosition,
)
from storyline.extract import extract
from storyline.model import Article, Sentence
from storyline.report import comparison_html, comparison_markdown, source_labels

FILES = ("harbor-gazette.html", "coastline-daily.txt", "diario-del-puerto.html")
SUMMARY = "3 pages, 1 independent report: Meridian Press"


@pytest.fixture(scope="module")
def articles(examples_dir: Path) -> list[Article]:
    return [analyse(extract(examples_dir / name)) for name in FILES]


def _sentence(article: Article, words: str) -> Sentence:
    found = [s for s in article.sentences if words in s.text]
    assert len(found) == 1, f"{words!r} is in {len(found)} sentences of {article.source}"
    return found[0]


def _cite(articles: list[Article], i: int, words: str) -> Citation:
    s = _sentence(articles[i], words)
    return Citation(source=f"s{i + 1}", sentence=s.text, index=s.index)


def _sources(articles: list[Article]) -> list[SourceInfo]:
    return [
        SourceInfo(id=f"s{i + 1}", input=a.source, outlet=a.outlet, title=a.title, published=a.published.iso,
                   language=a.language, machine_translated=a.flags.machine_translated, sentences=len(a.sentences))
        for i, a in enumerate(articles)
    ]


def _position(value: str, cites: list[Citation]) -> Position:
    return Position(value=value, sources=[c.source for c in cites], sentence=cites[0].sentence, citations=cites)


def _claim(claim_id: str, status: str, cites: list[Citation]) -> Claim:
    return Claim.model_validate({"id": claim_id, "status": status, "text": cites[0].sentence, "support": cites})


def build_comparison(a: list[Article]) -> Comparison:
    """The example story's comparison, written by hand from the real sentences of ``FILES``."""
    units = Discrepancy(id="d1", kind="number", subject="units recalled", note="5,400 against about 4,500", positions=[
        _position("about 4,500", [_cite(a, 0, "about 4,500"), _cite(a, 2, "unas 4.500")]),
        _position("some 5,400", [_cite(a, 1, "some 5,400")]),
    ])
    injuries = Discrepancy(id="d2", kind="claim", subject="injuries", positions=[
        _position("none of which caused injuries", [_cite(a, 0, "none of which caused injuries")]),
        _position("two of which caused minor burns", [_cite(a, 1, "two of which caused minor burns")]),
    ])
    safe, fault = _sentence(a[1], "safe when used as directed"), _sentence(a[1], "The fault can occur")
    tension = Tension(source="s2", kind="contrast", subject="heater safety", note="company against engineer",
                      positions=[TensionPosition(value="safe when used as directed", sentence=safe.text,
                                                 index=safe.index),
                                 TensionPosition(value="can occur in normal use", sentence=fault.text)])
    claims = [
        _claim("c1", "shared", [_cite(a, 0, "We are asking every owner"), _cite(a, 1, "We are asking every owner"),
                                _cite(a, 2, "Pedimos a todos")]),
        _claim("c2", "shared", [_cite(a, 0, "Kestrel has received 14 reports"), _cite(a, 1, "14 reports"),
                                _cite(a, 2, "14 casos")]),
        _claim("c3", "partial", [_cite(a, 0, "for about $80"), _cite(a, 2, "unos 80 dólares")]),
        _claim("c4", "single", [_cite(a, 0, "One of the three fires happened")]),
        _claim("c5", "single", [_cite(a, 1, "rented garage")]),
    ]
    origin = Origin(name="Meridian Press", kind="agency", sources=["s1", "s2", "s3"],
                    evidence=["With files from Meridian Press", _sentence(a[2], "dijo a Meridian Press").text],
                    citations=[_cite(a, 0, "according to Meridian Press")])
    provenance = Provenance(origins=[origin], reuse=[Reuse(a="s1", b="s2", overlap=0.42, aligned=0.6),
                                                           Reuse(a="s1", b="s3", overlap=0.0, aligned=0.3),
                                                           Reuse(a="s2", b="s3", overlap=0.02, aligned=0.55)],
                            independent_reports=1, summary=SUMMARY)
    return Comparison(sources=_sources(a), claims=claims, discrepancies=[units, injuries], tensions=[tension],
                      provenance=provenance)


@pytest.fixture(scope="module")
def comparison(articles: list[Article]) -> Comparison:
    return build_comparison(articles)


@pytest.fixture(scope="module")
def page(comparison: Comparison, articles: list[Article]) -> str:
    return comparison_html(comparison, articles)


@pytest.fixture(scope="module")
def tree(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page)


# --- Markdown ----------------------------------------------------------------------------------------------------


def test_markdown_puts_provenance_first(comparison: Comparison) -> None:
    text = comparison_markdown(comparison)
    assert text.splitlines()[0] == f"**Provenance:** {SUMMARY}"
    assert "- Origin: **Meridian Press** (agency), credited by The Harbor Gazette, Coastline Daily, Diario del Puerto" \
        in text
    # Pairs that share wording or half their sentences, most shared first; the rest in one line.
    reuse = [line for line in text.splitlines() if line.startswith("- Reuse:")]
    assert reuse == ["- Reuse: The Harbor Gazette ↔ Coastline Daily: 42% shared wording, 60% of sentences aligned",
                     "- Reuse: Coastline Daily ↔ Diario del Puerto: 2% shared wording, 55% of sentences aligned",
                     "- Reuse: 1 other pair shares under 5% of their wording and under 50% of their sentences aligned"]
    headings = [text.index(h) for h in ("## Sources", "## Discrepancies", "## Tensions", "## Claims")]
    assert headings == sorted(headings)


def test_markdown_discrepancies_name_values_and_outlets(comparison: Comparison, articles: list[Article]) -> None:
    text = comparison_markdown(comparison)
    gazette = _sentence(articles[0], "about 4,500").text
    coastline = _sentence(articles[1], "some 5,400").text
    assert f'- **about 4,500** — The Harbor Gazette, Diario del Puerto — "{gazette}"' in text
    assert f'- **some 5,400** — Coastline Daily — "{coastline}"' in text
    assert f'  - Diario del Puerto: "{_sentence(articles[2], "unas 4.500").text}"' in text
    assert "### number: units recalled" in text


def test_markdown_sources_and_claim_groups(comparison: Comparison, articles: list[Article]) -> None:
    text = comparison_markdown(comparison)
    assert "- **s2** Coastline Daily — \"Space heater maker Kestrel recalls 5,400 units over fire risk\"" in text
    for title in ("### Reported by all (2)", "### Reported by some (1)", "### Only in The Harbor Gazette (1)",
                  "### Only in Coastline Daily (1)"):
        assert title in text
    quote = _sentence(articles[0], "We are asking every owner").text
    # The claim's own words once; only the sentences that differ from it are repeated.
    assert text.count(quote) == 1
    assert f'  - Coastline Daily: "{_sentence(articles[1], "We are asking every owner").text}"' in text
    assert "### Coastline Daily — contrast: heater safety" in text


def test_markdown_of_an_empty_comparison() -> None:
    text = comparison_markdown(Comparison(sources=[SourceInfo(id="s1", input="pages/a.html")]))
    assert text.startswith("**Provenance:** 1 page, 1 independent report\n")
    assert "- **s1** a.html" in text
    assert text.count("None found.") == 3


def test_a_tension_side_that_names_no_voice_shows_its_sentence_alone() -> None:
    tension = Tension(source="s1", kind="dispute", subject="disputes", note="contested",
                      positions=[TensionPosition(value="", sentence="The plant met every rule."),
                                 TensionPosition(value="the union", sentence="The union disputes that.")])
    comparison = Comparison(sources=[SourceInfo(id="s1", input="a.html")], tensions=[tension])
    text = comparison_markdown(comparison)
    assert '- "The plant met every rule."' in text and '- **the union** — "The union disputes that."' in text
    assert "****" not in text
    page = lxml.html.document_fromstring(comparison_html(comparison, [Article(source="a.html")]))
    items = [li.text_content() for li in page.xpath('//section[@id="tensions"]//li')]
    assert items == ["The plant met every rule.", "the union — The union disputes that."]


def test_labels_fall_back_to_the_file_name_and_stay_distinct() -> None:
    sources = [SourceInfo(id="s1", input="/tmp/x/first.html"), SourceInfo(id="s2", input="-", outlet="Daily"),
               SourceInfo(id="s3", input="b.txt", outlet="Daily"), SourceInfo(id="s4", input="https://a.example/n/")]
    assert source_labels(sources) == {"s1": "first.html", "s2": "Daily (s2)", "s3": "Daily (s3)", "s4": "n"}


# --- HTML --------------------------------------------------------------------------------------------------------


def test_page_is_standalone_and_responsive(page: str, tree: lxml.html.HtmlElement) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert tree.xpath('//meta[@name="viewport"][contains(@content, "width=device-width")]')
    assert "@media (max-width:" in page and "grid-template-columns: 1fr" in page
    assert not tree.xpath("//script | //link | //img | //iframe | //*[@src]")
    assert tree.xpath('string(//p[@class="summary"])') == SUMMARY
    # Provenance comes before everything else.
    assert page.index('id="provenance"') < page.index('id="discrepancies"') < page.index('id="sources"')


def test_page_parses_with_lxml_without_errors(page: str) -> None:
    parser = etree.HTMLParser(recover=False)
    # libxml2's HTML parser predates HTML5: it reports the newer tags, nothing else.
    try:
        etree.fromstring(page, parser)
    except etree.XMLSyntaxError:
        pass
    bad = [e for e in parser.error_log if "Tag " not in e.message or " invalid" not in e.message]
    assert not bad, [e.message for e in bad]


def test_cited_sentences_are_coloured_spans(tree: lxml.html.HtmlElement, comparison: Comparison) -> None:
    def css(anchor: str) -> str:
        (span,) = tree.xpath(f'//span[@id="{anchor}"]')
        return str(span.get("class"))

    for d in comparison.discrepancies:
        for position in d.positions:
            for c in position.citations:
                assert css(f"{c.source}-{c.index}") == "conflict"
    safe, fault = comparison.tensions[0].positions
    assert css(f"s2-{safe.index}") == "conflict"
    # The tension position without an index is found by its text.
    fault_index = int(tree.xpath(f'//span[. = "{fault.sentence}"]/@id')[0].split("-")[1])
    assert css(f"s2-{fault_index}") == "conflict"
    conflicts = {f"{c.source}-{c.index}" for d in comparison.discrepancies for p in d.positions for c in p.citations}
    for claim in comparison.claims:
        for c in claim.support:
            anchor = f"{c.source}-{c.index}"
            assert css(anchor) == ("conflict" if anchor in conflicts else claim.status)


def test_links_point_at_existing_sentences(tree: lxml.html.HtmlElement, comparison: Comparison) -> None:
    ids = set(tree.xpath("//@id"))
    hrefs = tree.xpath("//a/@href")
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs)
    for position in comparison.discrepancies[0].positions:
        for c in position.citations:
            assert f"#{c.source}-{c.index}" in hrefs
    links = tree.xpath('//section[@id="discrepancies"]//a/@href')
    assert all(tree.xpath(f'//span[@id="{h[1:]}"]') for h in links)


def test_every_sentence_appears_in_its_column(page: str, tree: lxml.html.HtmlElement,
                                              articles: list[Article]) -> None:
    for i, article in enumerate(articles):
        (column,) = tree.xpath(f'//article[@id="s{i + 1}"]')
        assert column.xpath("string(.//h3)") == article.title
        assert article.outlet in column.xpath('string(.//p[@class="meta"])')
        for s in article.sentences:
            assert escape(s.text) in page
            (span,) = column.xpath(f'.//span[@id="s{i + 1}-{s.index}"]')
            assert span.text_content() == s.text


def test_matrix_marks_stated_and_omitted(tree: lxml.html.HtmlElement) -> None:
    rows = tree.xpath('//table[@class="matrix"]/tbody/tr')
    assert [r.get("class") for r in rows] == ["shared", "shared", "partial"]
    assert [td.text_content() for td in rows[2].xpath("td")[1:]] == ["stated", "omitted", "stated"]
    assert tree.xpath('string(//table[@class="matrix"]/thead)').endswith(
        "The Harbor GazetteCoastline DailyDiario del Puerto")


def test_legend_explains_every_colour(tree: lxml.html.HtmlElement) -> None:
    legend = tree.xpath('//p[@class="legend"]/span/@class')
    assert set(legend) == {"conflict", "shared", "partial", "single"}


def test_a_stale_index_is_corrected_by_the_sentence_text(comparison: Comparison, articles: list[Article]) -> None:
    right = _cite(articles, 1, "some 5,400")
    stale = right.model_copy(update={"index": right.index + 3})
    lost = Citation(source="s2", sentence="A sentence no source has.", index=999)
    d = Discrepancy(id="d9", kind="number", subject="units", positions=[
        Position(value="some 5,400", sources=["s2"], sentence=stale.sentence, citations=[stale]),
        Position(value="none", sources=["s2"], sentence=lost.sentence, citations=[lost]),
    ])
    tree = lxml.html.document_fromstring(comparison_html(comparison.model_copy(update={"discrepancies": [d]}),
                                                         articles))
    hrefs = tree.xpath('//section[@id="discrepancies"]//a/@href')
    assert set(hrefs) == {f"#s2-{right.index}"}
    assert tree.xpath(f'//span[@id="s2-{right.index}"]/@class') == ["conflict"]


def test_articles_must_match_sources(comparison: Comparison, articles: list[Article]) -> None:
    with pytest.raises(ValueError, match="one article per source"):
        comparison_html(comparison, articles[:2])


EVIL = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)")


def test_third_party_text_is_escaped(articles: list[Article]) -> None:
    hostile = " ".join(EVIL)
    gazette = articles[0]
    first = gazette.sentences[0].model_copy(update={"text": f"{hostile} {gazette.sentences[0].text}"})
    evil_article = gazette.model_copy(update={
        "title": hostile, "outlet": hostile, "source": "javascript:alert(1)",
        "body": [p.model_copy(update={"text": hostile}) for p in gazette.body],
        "sentences": [first, *gazette.sentences[1:]],
    })
    evil_id = 'x"><script>alert(1)</script>'
    cite = Citation(source=evil_id, sentence=first.text, index=0)
    comparison = Comparison(
        sources=[SourceInfo(id=evil_id, input="javascript:alert(1)", outlet=hostile, title=hostile,
                            published=hostile, language=hostile),
                 SourceInfo(id="s2", input=hostile, outlet=None)],
        discrepancies=[Discrepancy(id=hostile, kind="number", subject=hostile, note=hostile, positions=[
            Position(value=hostile, sources=[evil_id], sentence=first.text, citations=[cite]),
            Position(value="javascript:alert(1)", sources=["s2", hostile], sentence=hostile),
        ])],
        tensions=[Tension(source=evil_id, kind=hostile, subject=hostile, note=hostile,
                          positions=[TensionPosition(value=hostile, sentence=hostile, index=0)])],
        claims=[Claim(id=hostile, status="partial", text=hostile, support=[cite]),
                Claim(id="c2", status="single", text=hostile, support=[Citation(source="s2", sentence=hostile,
                                                                                index=99)])],
        provenance=Provenance(summary=hostile, origins=[Origin(name=hostile, kind="agency", sources=[evil_id],
                                                               evidence=[hostile], citations=[cite])],
                              reuse=[Reuse(a=evil_id, b=hostile, overlap=0.5)]),
    )
    page = comparison_html(comparison, [evil_article, articles[1]])
    lowered = page.lower()
    assert "<script" not in lowered and "<img" not in lowered
    assert escape(EVIL[0]) in page and escape(EVIL[1]) in page
    tree = lxml.html.document_fromstring(page)
    assert not tree.xpath("//script | //img | //iframe | //object | //embed | //*[@src]")
    assert not [a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")]
    hrefs = tree.xpath("//@href")
    ids = set(tree.xpath("//@id"))
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs)
    assert all(i.replace("-", "").replace("_", "").isalnum() for i in ids)
    # The hostile source id is replaced by a safe anchor prefix.
    assert tree.xpath('//span[@id="src1-0"][@class="conflict"]')
    assert not tree.xpath("//@lang[contains(., '<')]")


def test_page_lists_the_pairs_that_share_text_and_counts_the_rest(tree: lxml.html.HtmlElement) -> None:
    items = [li.text_content() for li in tree.xpath('//ul[@class="reuse"]/li')]
    assert items == ["The Harbor Gazette ↔ Coastline Daily: 42% shared wording, 60% of sentences aligned",
                     "Coastline Daily ↔ Diario del Puerto: 2% shared wording, 55% of sentences aligned",
                     "1 other pair shares under 5% of their wording and under 50% of their sentences aligned"]
