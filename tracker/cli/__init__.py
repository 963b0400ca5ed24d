"""The ``tracker`` command line: a thin click layer over the library.

Each command parses options, opens the store (read-only unless it writes), calls one library
function and formats the result. Only this package reads ``os.environ`` (through click's
``auto_envvar_prefix`` and :func:`tracker.config.load_config`). ``ingest`` is imported lazily.

The group and what every command shares are in :mod:`tracker.cli.group`; the commands
register on it from :mod:`~tracker.cli.ingestion` (ingest, reindex, reverify),
:mod:`~tracker.cli.questions` (find-origin, lineage, explain, demo),
:mod:`~tracker.cli.queries` (stats, rejects, query, sql, config) and
:mod:`~tracker.cli.service` (daemon, db migrate); :mod:`~tracker.cli.inputs` reads the article
a command names. This package holds no command of its own: it imports the group, then the
modules that register on it.
"""

from __future__ import annotations

from tracker.cli.group import Context, main
from tracker.cli import ingestion, questions, queries, service  # noqa: F401 (they register the commands)
from tracker.cli.ingestion import Interrupted, run_ingest

__all__ = ["Context", "Interrupted", "main", "run_ingest"]
