"""storyline: compare how news outlets tell one story.

The public API; everything else lives in the stage packages
(``sources``, ``extract``, ``analyse``, ``library``, ``compare``, ``report``).
"""


from ._version import __version__
from .analyse import analyse
from .compare import Comparison, compare
from .errors import DisallowedError, ExtractionError, FetchError, InputError, StoreError, StorylineError
from .extract import extract, extract_html, extract_page, extract_text
from .model import Article, ArticleFlags, Paragraph, PublishedDate, Removed
from .sources import RawPage, read_source

__all__ = [
    "Article",
    "ArticleFlags",
    "Comparison",
    "DisallowedError",
    "ExtractionError",
    "FetchError",
    "InputError",
    "Paragraph",
    "PublishedDate",
    "RawPage",
    "Removed",
    "StoreError",
    "StorylineError",
    "__version__",
    "analyse",
    "compare",
    "extract",
    "extract_html",
    "extract_page",
    "extract_text",
    "read_source",
]
