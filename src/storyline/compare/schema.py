"""The JSON Schema of ``storyline.comparison/1``, generated from the result models.

``python -m storyline.compare.schema > schema/comparison.schema.json`` writes the
file kept in the repository; a test fails when the two drift apart.
"""

from __future__ import annotations

import json
from typing import Any

from .result import SCHEMA_ID, Comparison

__all__ = ["comparison_schema"]


def comparison_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the comparison JSON, as a dict."""
    schema = Comparison.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://storyline.example/schema/comparison-1.json"
    schema["title"] = SCHEMA_ID
    return schema


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(comparison_schema(), indent=2, ensure_ascii=False))
