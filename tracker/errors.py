"""Every exception the tracker raises on purpose.

All of them derive from :class:`TrackerError`, so callers (the CLI, the daemon) can tell an
expected failure, which gets a clear message, from a bug, which keeps its traceback.
"""

from __future__ import annotations


class TrackerError(Exception):
    """Root of the tracker's own exceptions."""


class ConfigError(TrackerError):
    """A configuration value is out of range or inconsistent."""


class InvalidArticle(TrackerError):
    """An intake record cannot be turned into an article.

    Attributes:
        field: the record field at fault (``"text"``, ``"published_at"``, ``"json"``...).
        reason: a human sentence naming the problem.
    """

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class ParamsMismatch(TrackerError):
    """Two signatures made with different parameters were compared."""


class StoreError(TrackerError):
    """The database refused an operation; the message says which."""


class DatabaseLocked(StoreError):
    """Another process (usually a running daemon) holds the database for writing."""


class SchemaVersionError(StoreError):
    """The database schema is newer than this code, or the migrations have a gap."""


class QueryNotFound(TrackerError):
    """A named SQL query does not exist under ``queries/``."""


class InvalidParameter(TrackerError):
    """A named query's parameter is missing, unknown, or has a value of the wrong form.

    Attributes:
        parameter: the parameter at fault.
    """

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


class InternalQuery(TrackerError):
    """A named SQL query exists but is the pipeline's own (a write, or a read of a relation the
    pipeline registers), not one that people run."""
