"""analyse stage: sentences and what each one states.

``analyse(article)`` fills ``article.sentences``, each with its figures
(``Quantity``) and time expressions (``TimeExpression``, resolved against the
publication date). Entity mentions, quotes and attributions join
the same ``Sentence`` objects as they land (issue 3).
"""

from __future__ import annotations

from ..model import Article, Sentence
from .attributions import find_attributions
from .quantities import find_quantities, parse_number, same_amount
from .sentences import split_sentences
from .times import find_times

__all__ = [
    "analyse",
    "find_attributions",
    "find_quantities",
    "find_times",
    "parse_number",
    "same_amount",
    "split_sentences",
]


def analyse(article: Article) -> Article:
    """Split the body into sentences and read the figures and times in each; returns the same article."""
    sentences: list[Sentence] = []
    for p_index, paragraph in enumerate(article.body):
        for start, text in split_sentences(paragraph.text):
            sentences.append(Sentence(
                index=len(sentences), paragraph=p_index, start=start, text=text,
                quantities=find_quantities(text, language=article.language),
                times=find_times(text, article.published),
                attributions=find_attributions(text),
            ))
    article.sentences = sentences
    return article
