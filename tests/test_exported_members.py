"""The public namespace: __all__ is sorted and names exactly what is exported."""

from __future__ import annotations

import storyline


def test_all_is_sorted_and_complete() -> None:
    public = {name for name in dir(storyline) if not name.startswith("_")}
    # Stage packages are reached as storyline.sources etc.; `extract`, `analyse` and
    # `compare` are the functions (their packages are in sys.modules, imported with `from`).
    modules = {"cli", "cli_library", "errors", "library", "model", "report", "resources", "sources", "web", "bench",
               "answers", "batch"}
    assert storyline.__all__ == sorted(storyline.__all__)
    assert set(storyline.__all__) - {"__version__"} == public - modules


def test_errors_share_one_base() -> None:
    for name in ("InputError", "FetchError", "DisallowedError", "ExtractionError", "StoreError"):
        assert issubclass(getattr(storyline, name), storyline.StorylineError)


def test_extract_is_the_function() -> None:
    assert callable(storyline.extract)
    assert callable(storyline.analyse)
    assert callable(storyline.compare)
    from storyline.extract import extract_text

    assert extract_text is storyline.extract_text
