"""The only place that loads models and data files: lazily, cached, offline.

Nothing here touches the network: every model ships inside an installed
package.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def language_identifier() -> Any:
    """py3langid's model (shipped in the wheel; about 0.3 s to load once)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code of ``text`` and the model's probability, or (None, 0) if too short."""
    sample = text[:4000]
    if len(sample.strip()) < 20:
        return None, 0.0
    lang, prob = language_identifier().classify(sample)
    return str(lang), float(prob)
