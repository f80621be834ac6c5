"""analyse stage: sentences and what each one states.

``analyse(article)`` fills ``article.sentences``, each with its figures
(``Quantity``) and time expressions (``TimeExpression``, resolved against the
publication date), attributions ("according to Reuters"), names (``Mention``,
with keys that join spellings) and the quotes that open in it (``Quote``, with
speaker and role).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Article, Mention, Sentence
from .attributions import find_attributions
from .entities import canonical_key, find_mentions, link_mentions
from .quantities import find_quantities, is_span_of_time, parse_number, same_amount
from .quotes import find_quotes
from .sentences import split_sentences
from .times import find_times

__all__ = [
    "analyse",
    "canonical_key",
    "find_attributions",
    "find_mentions",
    "find_names",
    "find_quantities",
    "find_quotes",
    "find_times",
    "is_span_of_time",
    "link_mentions",
    "named_sentences",
    "parse_number",
    "same_amount",
    "sentence_texts",
    "split_sentences",
]


def analyse(article: Article) -> Article:
    """Split the body into sentences and read the figures, times, sources, names and quotes in
    each; returns the same article."""
    sentences = [
        Sentence(index=index, paragraph=p_index, start=start, text=text,
                 quantities=find_quantities(text, language=article.language),
                 times=find_times(text, article.published),
                 attributions=find_attributions(text),
                 mentions=find_mentions(text, article.language))
        for index, (p_index, start, text) in enumerate(_body_sentences(article))
    ]
    link_mentions(sentences)
    article.sentences = sentences
    find_quotes(article)
    return article


def named_sentences(article: Article) -> list[Sentence]:
    """The body's sentences, numbered as ``analyse`` numbers them, with their names only.

    For clustering and the library's sentence index, which need no more: about a third of
    ``analyse``'s time. The article is left as it was.
    """
    sentences = [Sentence(index=index, paragraph=p_index, start=start, text=text,
                          mentions=find_mentions(text, article.language))
                 for index, (p_index, start, text) in enumerate(_body_sentences(article))]
    link_mentions(sentences)
    return sentences


def find_names(article: Article) -> list[Mention]:
    """The names in the body, keyed as ``analyse`` keys them, without reading anything else."""
    return [m for s in named_sentences(article) for m in s.mentions]


def sentence_texts(article: Article) -> list[str]:
    """The body's sentences as ``analyse`` splits and numbers them (sentence ``i`` is item ``i``)."""
    return [text for _paragraph, _start, text in _body_sentences(article)]


def _body_sentences(article: Article) -> Iterator[tuple[int, int, str]]:
    """(paragraph, offset, text) of each body sentence, in order: the one numbering every reader
    shares (``analyse``, ``named_sentences``, the library's sentence index)."""
    for p_index, paragraph in enumerate(article.body):
        for start, text in split_sentences(paragraph.text):
            yield p_index, start, text
