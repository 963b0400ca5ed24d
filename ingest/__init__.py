"""The imperative shell around the tracker core: intake sources, parsing, the batch pipeline
and the streaming daemon. Imports :mod:`tracker`; only :mod:`tracker.cli` imports this."""

from __future__ import annotations

from ingest.daemon import Daemon
from ingest.intake import Source
from ingest.pipeline import BatchResult, Pipeline
from ingest.parse import RawItem

__all__ = ["BatchResult", "Daemon", "Pipeline", "RawItem", "Source"]
