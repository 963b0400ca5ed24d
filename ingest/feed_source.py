"""RSS/Atom feeds polled on an interval, with conditional requests.

Each poll sends ``If-None-Match`` / ``If-Modified-Since`` from the previous answer, so an
unchanged feed costs one ``304 Not Modified``. Fetching runs on a short-lived thread (the batch
loop never waits on the network); parsing is :func:`ingest.feeds.feed_items` (feedparser),
which follows each entry's link only when told to. Entries already committed are remembered
(by payload digest, a bounded set) so a feed that ignores conditional requests is not
re-processed every interval; and re-processing would be harmless anyway, since an id already
stored with the same content is a duplicate.

Nothing is checkpointed: after a restart the feed is fetched whole and its entries are
duplicates. A failed batch forgets the validators so the next poll fetches the feed again.
"""

from __future__ import annotations

import hashlib
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.clock import Clock
from ingest.intake import Delivery
from ingest.parse import RawItem
from ingest.pipeline import BatchResult

#: Largest feed document or linked page read (bytes).
MAX_FEED_BYTES = 10_000_000
#: Socket timeout of one fetch (seconds).
FETCH_TIMEOUT_S = 15.0
#: A fetch running this long (seconds) is reported stuck and no longer waited for: the
#: whole-fetch deadline (ingest.feeds.FETCH_DEADLINE_S) plus a margin for connecting.
STUCK_S = 90.0
#: Entries remembered as committed, per feed.
SEEN_LIMIT = 20_000
USER_AGENT = "news-tracker-daemon/0.1 (feed poller)"


@dataclass(frozen=True)
class Response:
    """One HTTP answer: status, lower-cased headers, body (empty for 304)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def http_get(url: str, headers: dict[str, str], timeout: float = FETCH_TIMEOUT_S,
             max_bytes: int = MAX_FEED_BYTES) -> Response:
    """GET ``url`` with extra headers; a body over ``max_bytes`` is an error.

    Raises:
        OSError: network failure, HTTP error status other than 304, or an oversized body.
    """
    if not url.startswith(("http://", "https://")):
        raise OSError(f"only http(s) feeds are supported, got {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            from ingest.feeds import read_within

            body = read_within(answer, max_bytes + 1, url)
            headers = {k.lower(): v for k, v in answer.headers.items()}
    except urllib.error.HTTPError as exc:
        exc.close()  # an error answer holds its connection until closed
        if exc.code == 304:
            return Response(304, {k.lower(): v for k, v in exc.headers.items()})
        raise OSError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    if headers.get("content-encoding"):  # compressed though not asked (a CDN's habit)
        from ingest.feeds import _decompressed

        try:
            body = _decompressed(body, headers["content-encoding"], url)
        except ValueError as exc:
            raise OSError(str(exc)) from exc
    if len(body) > max_bytes:
        raise OSError(f"{url}: body over {max_bytes} bytes")
    return Response(answer.status, headers, body)


Fetcher = Callable[[str, dict[str, str]], Response]
Parser = Callable[..., list[RawItem]]


class FeedSource:
    """One feed URL, polled every ``interval_s`` seconds.

    Args:
        url: the feed.
        clock: schedules the polls.
        interval_s: seconds between polls.
        follow_links: fetch each entry's page and ingest its extracted text.
        fetch: the HTTP GET (tests may inject one); :func:`http_get` by default.
        parse: ``feed_items(payload, origin, follow_links, fetch)``; :mod:`ingest.feeds` by default.
        log: where fetch events go (one dict per event).
    """

    name = "feed"

    def __init__(
        self, url: str, clock: Clock, interval_s: float = 300.0, follow_links: bool = False,
        fetch: Fetcher | None = None, parse: Parser | None = None,
        log: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.url = url
        self.interval_s = interval_s
        self.follow_links = follow_links
        self._clock = clock
        self._fetch = fetch or http_get
        self._parse = parse
        self._log = log or (lambda event: None)
        self._lock = threading.Lock()
        self._ready: deque[RawItem] = deque()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._validators: dict[str, str] = {}
        self._next_poll = float("-inf")
        self._thread: threading.Thread | None = None
        self._accepting = True
        self.polls = 0
        self.not_modified = 0
        #: Polls that failed, and the last one's error while they go on failing (logged once).
        self.failures = 0
        self._last_error: str | None = None
        self._progress = 0.0  # when the running fetch thread last finished or began a request

    # --- Source ------------------------------------------------------------------------------
    def poll(self, limit: int) -> list[Delivery]:
        """Entries of the last fetch not handed out yet; starts a fetch when one is due."""
        if self._accepting and self._clock.now() >= self._next_poll and not self.fetching():
            self._next_poll = self._clock.now() + self.interval_s
            self._thread = threading.Thread(target=self._poll_feed, name=f"feed {self.url}", daemon=True)
            self._progress = time.monotonic()
            self._thread.start()
        out: list[Delivery] = []
        with self._lock:
            while self._ready and len(out) < limit:
                out.append(Delivery(self._ready.popleft(), self))
        return out

    def fetching(self) -> bool:
        """True while a fetch thread runs, unless its request has made no progress for
        :data:`STUCK_S` (one held past it by a server that answers too slowly for any timeout
        to fire is left to end by itself: the next poll starts another)."""
        return self._thread is not None and self._thread.is_alive() and not self._stuck()

    def _stuck(self) -> float:
        """Seconds the running fetch's request has run past :data:`STUCK_S`; 0 when none has."""
        if self._thread is None or not self._thread.is_alive():
            return 0.0
        over = time.monotonic() - self._progress - STUCK_S
        return max(0.0, over)

    def error(self) -> str | None:
        """Why the feed cannot be read now: the last poll's error while polls go on failing
        (an HTTP error, a page that is no feed), or a fetch that has hung past :data:`STUCK_S`.
        ``/health`` says ``degraded`` and ``tracker_sources_failing`` counts it."""
        if self._stuck():
            return (f"{self.url}: a request has run for over {STUCK_S:g} s (the server answers too slowly); "
                    "the next poll starts another fetch")
        return self._last_error

    def wait_fetch(self, timeout: float) -> None:
        """Wait for a running fetch to end (tests, shutdown)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def commit(self, deliveries: Sequence[Delivery], result: BatchResult) -> None:
        """Remember the committed entries, so an unchanged feed is not processed again."""
        with self._lock:
            for delivery in deliveries:
                self._seen[_digest(delivery.item)] = None
            while len(self._seen) > SEEN_LIMIT:
                self._seen.popitem(last=False)

    def abort(self, deliveries: Sequence[Delivery], error: str) -> None:
        """Fetch the whole feed again at the next poll."""
        with self._lock:
            self._validators.clear()
        self._next_poll = float("-inf")

    def stop_intake(self) -> None:
        """Start no new fetch."""
        self._accepting = False

    def close(self) -> None:
        """Stop polling; a running fetch ends by its timeout (daemon thread)."""
        self._accepting = False

    def depth(self) -> int:
        """Entries fetched and waiting."""
        with self._lock:
            return len(self._ready)

    def unprocessed(self) -> int:
        """Entries fetched and waiting (fetched again after a restart)."""
        return self.depth()

    def describe(self) -> str:
        """Banner line."""
        links = ", following links" if self.follow_links else ""
        return f"feed {self.url} every {self.interval_s:g} s{links}"

    # --- fetching ----------------------------------------------------------------------------
    def _poll_feed(self) -> None:
        self.polls += 1
        with self._lock:
            headers = dict(self._validators)
        try:
            answer = self._request(self.url, headers)
            if answer.status == 304:
                self._last_error = None  # the feed answers: unchanged, not failing
                self.not_modified += 1
                self._log({"event": "feed", "url": self.url, "status": 304, "new": 0})
                return
            skipped: list[str] = []
            items = self._items(answer.body, skipped.append)
        except Exception as exc:  # noqa: BLE001 (a bad feed is logged and retried, never fatal)
            self._failed({"error": f"{type(exc).__name__}: {exc}"})
            return
        if not items and any(reason.startswith("feed: not an RSS or Atom feed") for reason in skipped):
            # A URL that answers, but not with a feed (a page, an error page): a misconfiguration.
            self._failed({"status": answer.status, "error": skipped[0]})
            return
        self._last_error = None
        with self._lock:
            fresh = [i for i in items if _digest(i) not in self._seen]
            self._ready.extend(fresh)
            self._validators = {}
            if answer.headers.get("etag"):
                self._validators["If-None-Match"] = answer.headers["etag"]
            if answer.headers.get("last-modified"):
                self._validators["If-Modified-Since"] = answer.headers["last-modified"]
        event: dict[str, Any] = {"event": "feed", "url": self.url, "status": answer.status, "entries": len(items),
                                 "new": len(fresh)}
        if skipped:  # entries that gave no article, and why (a link that could not be fetched...)
            event["skipped"] = dict(Counter(skipped))
        self._log(event)

    def _failed(self, event: dict[str, Any]) -> None:
        """Log a failed poll, once per distinct error in a row (a feed down for an hour is
        one line, not one per poll); ``failures`` counts them all."""
        self.failures += 1
        if event["error"] != self._last_error:
            self._log({"event": "feed_error", "url": self.url, **event,
                       "action": f"polled again every {self.interval_s:g} s; said again when the error changes"})
        self._last_error = event["error"]

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        """One request of the fetch thread, its start and end marked as progress: a poll that
        follows fifty links is slow, not stuck."""
        answer: Response = self._progressing(self._fetch, url, headers)
        return answer

    def _progressing(self, call: Callable[..., Any], *args: Any) -> Any:
        self._progress = time.monotonic()
        try:
            return call(*args)
        finally:
            self._progress = time.monotonic()

    def _items(self, payload: bytes, on_skip: Callable[[str], None]) -> list[RawItem]:
        parse = self._parse
        if parse is None:
            from ingest.feeds import feed_items

            parse = feed_items
        # The pages of followed links: through the fetcher given (a test's), else as any page
        # fetched by URL is (ingest.feeds.fetch_page: content encodings undone, the header's
        # charset read, where a redirect led kept).
        from ingest.feeds import fetch_page

        def fetch(link: str) -> Any:
            if self._fetch is not http_get:  # a test's fetcher: the body alone
                return self._request(link, {}).body
            return self._progressing(fetch_page, link)

        return list(parse(payload, self.url, follow_links=self.follow_links,
                          fetch=fetch if self.follow_links else None, on_skip=on_skip))


def _digest(item: RawItem) -> str:
    return hashlib.blake2b(item.payload, digest_size=16).hexdigest()
