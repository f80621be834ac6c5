"""Batch stage: a news corpus (CC-NEWS WARC files, JSONL dumps, folders) to one Parquet row per article.

    from storyline.batch import run_batch
    report = run_batch(["crawl/*.warc.gz"], "out/", workers=2)

Each record is read, extracted and profiled by ``rows_of`` (the library's extraction,
names, MinHash signature and e5 vector); ``run_batch`` maps it over the corpus with a
process pool, one input unit at a time, and can be killed and restarted without losing
or repeating a unit (``_run.py``); ``cluster_rows`` groups the rows into stories by time
window (``_stories.py``). ``COLUMNS`` documents the Parquet columns.
"""

from __future__ import annotations

from ._rows import COLUMNS, SCHEMA, rows_of
from ._run import BatchProgress, BatchReport, expand_inputs, report_json, run_batch
from ._stories import STORY_SCHEMA, StoriesReport, cluster_rows

__all__ = ["COLUMNS", "SCHEMA", "STORY_SCHEMA", "BatchProgress", "BatchReport", "StoriesReport", "cluster_rows",
           "expand_inputs", "report_json", "rows_of", "run_batch"]
