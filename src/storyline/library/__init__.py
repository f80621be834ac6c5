"""library stage: articles stored once, copies linked, stories grouped; search over all of it.

    from storyline.library import Library
    with Library("storyline.db") as lib:
        lib.add(["saved-pages/"])
        for story in lib.stories():
            print(story.id, story.title, story.independent, "independent reports")

See ``_library.py`` for the API, ``store.py`` for what a store does, ``sqlite.py``
(a file, the default) and ``postgres.py`` (a ``postgresql://`` URL) for the stores, ``dedup.py`` for
copy detection, ``similarity.py`` and ``cluster.py`` for story clustering.
"""

from __future__ import annotations

from ._library import AddReport, ArticleEntry, Library, Prepared, SearchHit, SentenceHit, StoryEntry

__all__ = ["AddReport", "ArticleEntry", "Library", "Prepared", "SearchHit", "SentenceHit", "StoryEntry"]
