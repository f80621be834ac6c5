"""The one-walk element lists read what the XPath ``//`` finds, also in a second <html>."""

from __future__ import annotations

from storyline.extract.html import _blocks, parse_html
from storyline.extract.metadata import clean, read_metadata

TWO_DOCUMENTS = (
    "<html><head><title>First</title><meta property='og:title' content='Declared'></head>"
    "<body><div><p>One paragraph.</p><div>Leaf div</div></div><ul><li>Item</li></ul></body></html>"
    "<html><head><link rel='canonical' href='https://example.org/a'></head>"
    "<body><h1>Second headline</h1><time datetime='2024-05-02'>May 2, 2024</time>"
    "<table><tr><td>Cell</td></tr></table><div></div></body></html>"
)
BLOCKS = "//p|//li|//h1|//h2|//h3|//h4|//figcaption|//blockquote|//td|//dt|//dd|//div[not(*)]"


def test_blocks_and_metadata_come_from_both_documents() -> None:
    tree = parse_html(TWO_DOCUMENTS, "test")
    assert len(list(tree.itersiblings())) == 1  # the parser keeps the second <html> beside the root
    assert _blocks(tree) == tree.xpath(BLOCKS)
    meta = read_metadata(tree, TWO_DOCUMENTS)
    assert meta.h1 == [clean(h.text_content()) for h in tree.xpath("//h1")] == ["Second headline"]
    assert meta.visible_dates == [("2024-05-02", "May 2, 2024")]
    assert meta.canonical_url == "https://example.org/a"
    assert meta.html_title == "First"
    assert meta.titles == [("Declared", "og:title")]
