"""The daemon's counters, rendered in the Prometheus text exposition format (version 0.0.4).

Thread-safe: the batch loop counts, HTTP request threads count and render. No dependency: the
format is a few lines of text, and a client library would add a global registry we do not want.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

#: Batch latency buckets (seconds). A batch of 64 short articles takes ~0.1-0.5 s on two cores;
#: the tail is a batch that re-decides a large family or waits on a checkpoint.
LATENCY_BUCKETS: tuple[float, ...] = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

_HELP = {
    "tracker_articles_ingested_total": ("counter", "Articles stored (new ids)."),
    "tracker_articles_duplicate_total": ("counter", "Items already stored (same id and content): nothing written."),
    "tracker_articles_rejected_total": ("counter", "Items kept in the dead-letter table."),
    "tracker_articles_relinked_total": ("counter", "Stored articles given a new origin, parent or relation by a batch."),
    "tracker_intake_items_total": ("counter", "Items taken in, by source."),
    "tracker_batches_total": ("counter", "Batches committed."),
    "tracker_batch_failures_total": ("counter", "Batches rolled back (their items are retried)."),
    "tracker_http_requests_total": ("counter", "HTTP requests answered, by status code."),
    "tracker_http_refused_total": ("counter", "Intake requests refused for back-pressure (429/503)."),
}
#: Counters that only exist with labels: no unlabelled zero series is printed for them.
_LABELLED = {"tracker_intake_items_total", "tracker_http_requests_total"}


class Metrics:
    """Counters, one latency histogram and gauges read at render time.

    Args:
        buckets: upper bounds of the batch latency histogram, increasing.
    """

    def __init__(self, buckets: Sequence[float] = LATENCY_BUCKETS) -> None:
        self._lock = threading.Lock()
        self._counters: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
        self._buckets = tuple(buckets)
        self._bucket_counts = [0] * len(self._buckets)
        self._latency_sum = 0.0
        self._latency_count = 0
        self._gauges: dict[str, tuple[str, Callable[[], float]]] = {}

    def inc(self, name: str, value: float = 1.0, **labels: str) -> None:
        """Add ``value`` to a counter (created at zero)."""
        key = (name, tuple(sorted(labels.items())))
        with self._lock:
            self._counters[key] = self._counters.get(key, 0.0) + value

    def value(self, name: str, **labels: str) -> float:
        """A counter's current value (0 when never counted)."""
        with self._lock:
            return self._counters.get((name, tuple(sorted(labels.items()))), 0.0)

    def observe_batch(self, seconds: float) -> None:
        """Record one batch's latency."""
        with self._lock:
            self._latency_sum += seconds
            self._latency_count += 1
            for i, bound in enumerate(self._buckets):
                if seconds <= bound:
                    self._bucket_counts[i] += 1

    def gauge(self, name: str, help_text: str, read: Callable[[], float]) -> None:
        """Register a gauge whose value is read when rendering."""
        with self._lock:
            self._gauges[name] = (help_text, read)

    def render(self) -> str:
        """The Prometheus text format, ending with a newline."""
        with self._lock:
            counters = dict(self._counters)
            buckets = list(self._bucket_counts)
            total, count = self._latency_sum, self._latency_count
            gauges = dict(self._gauges)
        lines: list[str] = []
        for name, (kind, text) in _HELP.items():
            lines += [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]
            series = [(labels, v) for (n, labels), v in sorted(counters.items()) if n == name]
            if not series and name not in _LABELLED:
                series = [((), 0.0)]
            for labels, v in series:
                lines.append(f"{name}{_labels(labels)} {_number(v)}")
        name = "tracker_batch_seconds"
        lines += [f"# HELP {name} Wall time of one batch through the pipeline, commit included.",
                  f"# TYPE {name} histogram"]
        for bound, n in zip(self._buckets, buckets):
            lines.append(f'{name}_bucket{{le="{_number(bound)}"}} {n}')
        lines += [f'{name}_bucket{{le="+Inf"}} {count}', f"{name}_sum {_number(total)}",
                  f"{name}_count {count}"]
        for gname, (text, read) in sorted(gauges.items()):
            lines += [f"# HELP {gname} {text}", f"# TYPE {gname} gauge", f"{gname} {_number(read())}"]
        return "\n".join(lines) + "\n"


def _labels(labels: tuple[tuple[str, str], ...]) -> str:
    if not labels:
        return ""
    escaped = (v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") for _, v in labels)
    return "{" + ",".join(f'{k}="{v}"' for (k, _), v in zip(labels, escaped)) + "}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
