"""Every error storyline raises on purpose.

    StorylineError
    ├── InputError          the input cannot be read (missing, directory, empty, binary, too big)
    │   └── FetchError      a URL could not be fetched
    │       └── DisallowedError    robots.txt asks storyline not to fetch the URL
    ├── ExtractionError     the input was read but holds no article
    └── StoreError          the library cannot be opened or asked (not a library, ...)
        └── NotFoundError   no such story or article

Third-party exceptions are caught at the boundary where they happen and re-raised
as one of these, so a caller (and the CLI) only ever has to catch
``StorylineError``. Messages are one line and say what to do.
"""

from __future__ import annotations

__all__ = ["DisallowedError", "ExtractionError", "FetchError", "InputError", "NotFoundError", "StoreError",
           "StorylineError"]


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""


class InputError(StorylineError):
    """The input cannot be read as a page."""


class FetchError(InputError):
    """A URL could not be fetched."""


class DisallowedError(FetchError):
    """The site's robots.txt asks storyline not to fetch this URL."""


class ExtractionError(StorylineError):
    """The page was read but no article could be found in it."""


class StoreError(StorylineError):
    """The library cannot be opened, or holds no such story or article."""


class NotFoundError(StoreError):
    """The library holds no story or article of that id."""
