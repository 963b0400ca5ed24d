"""An answer of the HTTP API: status, body and headers, and how the body is written.

Owns :class:`Reply` and writing its body as JSON the way the CLI does (UTC as ``Z``, NaN and
infinities as ``null``, decimals and intervals as numbers). It must not decide what to answer.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any


def _finite(value: Any) -> Any:
    """``value`` with every float that JSON cannot write (NaN, infinities) as ``None``."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        # UTC as "Z", as the intake record and the CLI's tables write it.
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


class Reply:
    """An answer: status, a JSON-able object (or text), extra headers."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.body = body
        self.headers = headers or {}

    def encode(self) -> tuple[bytes, str]:
        """Body bytes and content type."""
        if isinstance(self.body, str):
            return self.body.encode("utf-8"), self.headers.get("Content-Type", "text/plain; charset=utf-8")
        # NaN and infinities (an ad-hoc ratio) are no JSON: null, as the CLI writes them.
        data = json.dumps(_finite(self.body), ensure_ascii=False, default=_json_default).encode("utf-8")
        return data, "application/json"
