"""One batch through the whole chain: parse -> features -> sign -> candidates -> verify ->
lineage -> store, with the intake checkpoint in the same transaction.

The same :class:`Pipeline` serves ``tracker ingest``, the daemon and ``tracker find-origin``
(which runs the matching stages without storing). The in-memory family graph changes only
after the batch commits; the index takes each article as it is matched and is rebuilt from the
store when a batch fails (and at start-up), so after a batch it never holds an article the
store lacks.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from ingest.parse import RawItem, dead_letter, named_id, parse_item, text_id
from tracker import crosslang
from tracker.attribution import mentions_outside, not_own, page_credits
from tracker.config import TrackerConfig
from tracker.errors import StoreError
from tracker.index import LSHIndex
from tracker.lineage import decide, families
from tracker.model import (
    Article, ArticleFacts, Candidate, LineageEdge, Match, PairEvidence, Rejected, Signature,
)
from tracker.shingle import Features, extract
from tracker.signature import sign
from tracker.store import Store
from tracker.verify import compare, evidence, verdict

log = logging.getLogger(__name__)

#: Features of recently seen articles kept in memory (verification re-reads candidates).
FEATURE_CACHE = 4096
#: Verify at most this many candidates per article by each criterion, half by each of
#: estimated Jaccard, sentence containment (hits over the shorter article's sentences),
#: shared anchor weight and, for articles in another script, shared figures (see
#: choose_candidates). On PAN, 40 lost 5 % of the copies to
#: truncation (long pages with many same-topic candidates); 80 loses under 1 %. Ranking the
#: sentence view by containment instead of raw hits recovered the last 4 labelled pairs cut
#: there (a short source among hundreds of candidates of a 5,000-word page). Bounds the work
#: on formulaic stories; candidates are ranked by scores of the pair, not by arrival.
MAX_CANDIDATES = 80
#: Stored candidates read ahead in one query for the next articles of a batch. Reading an
#: article's text costs a scan of the whole text column, whatever the number of ids asked for
#: (about 30 ms in a 19k-story database, where a new article has about 30 candidates): reading
#: them for many articles at once made ingest into that database about 1.3x faster. Bounded
#: well below :data:`FEATURE_CACHE`, so that none is evicted before its article is verified.
READ_AHEAD = 1024
#: Refused candidates that ``find-origin`` reports for an article left alone (no source, no family).
REFUSED_SHOWN = 3


def _time_bound(article: Article) -> bool:
    """Its only time is a later one, a fetch or update time (see :attr:`ArticleFacts.time_bound`)."""
    return article.published_at is not None and article.stated_time is None


def _credits(features: Features) -> tuple[str, ...]:
    """The outlets the article's text credits, less its own: a "© 2025 Daily Herald" footer on
    the Daily Herald's page credits nobody, nor does the "(Northlight)" dateline of
    northlightnews.example (its brand, :func:`tracker.text.same_brand`)."""
    return not_own(features.credits, features.outlet)


def _cited(features: Features) -> tuple[str, ...]:
    """The other names the article's text reports from, less its own outlet's."""
    return not_own(features.cited, features.outlet)


def _mentions(features: Features) -> tuple[tuple[str, str, str, str], ...]:
    """The in-sentence mentions that alone credit an outlet (:attr:`Features.mentions`), less
    those of its own outlet."""
    return mentions_outside(features.mentions, features.outlet)


def choose_candidates(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates worth verifying, sorted by id: the best :data:`MAX_CANDIDATES` // 2 by
    each view of the pair (estimated Jaccard, sentence containment, shared anchor weight, and
    shared figures for articles in another script)."""
    chosen: dict[str, Candidate] = {}
    for key in (lambda c: (-c.estimated_jaccard, c.article_id),
                lambda c: (-c.sentence_share, -c.sentence_hits, c.article_id),
                lambda c: (-c.anchor_weight, c.article_id)):
        for cand in sorted(candidates, key=key)[:MAX_CANDIDATES // 2]:
            chosen[cand.article_id] = cand
    across = sorted((c for c in candidates if c.shared_figures), key=lambda c: (-c.shared_figures, c.article_id))
    for cand in across[:MAX_CANDIDATES // 2]:
        chosen[cand.article_id] = cand
    return sorted(chosen.values(), key=lambda c: c.article_id)


def _twin(article: Article, same_text: list[tuple[str, str | None]]) -> str | None:
    """The article (of ``(id, url)`` with the same text, earlier in the batch or stored) that an
    item without an id of its own repeats: one at the same address, or any one when the item
    has no address. A text file of a story that a record already brought under its id is that
    article again; the same text at another address is a republication, and is kept."""
    for twin_id, url in same_text:
        if article.url is None or article.url == url:
            return twin_id
    return None


def _row(edge: LineageEdge) -> tuple[str, str | None, str]:
    """What a lineage row says of its article: origin, parent and relation."""
    return edge.origin_id, edge.parent_id, edge.relation


@dataclass
class BatchResult:
    """What one batch did.

    Attributes:
        accepted: ids of newly stored articles, in intake order.
        duplicates: ids already stored, or met earlier in the batch (same id and content; or,
            for an item without an id of its own, the same text at the same address or at
            none): nothing was written. The stored article's id.
        duplicate_origins: the ``origin`` of each item counted in ``duplicates``, so that the
            second of two items with one id, not the first, is the duplicate.
        rejected: items kept in the dead-letter table.
        pairs: verified pairs found.
        lineage: lineage rows written (of new articles and re-decided families).
        relinked: ids of articles stored before the batch whose origin, parent or relation it
            changed (a new article joined or bridged their family), sorted. Of merged batches
            (:meth:`merge`): those stored before all of them whose row differs at the end.
        previous: ``(origin_id, parent_id, relation)`` of each of ``relinked`` before it was
            changed (of merged batches, before the first change).
        seconds: wall time of the batch.
    """

    accepted: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    duplicate_origins: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    pairs: list[PairEvidence] = field(default_factory=list)
    lineage: dict[str, LineageEdge] = field(default_factory=dict)
    relinked: list[str] = field(default_factory=list)
    previous: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    seconds: float = 0.0


    def merge(self, part: BatchResult) -> None:
        """Add what another batch did to this one's."""
        self.accepted += part.accepted
        self.duplicates += part.duplicates
        self.duplicate_origins += part.duplicate_origins
        self.rejected += part.rejected
        self.pairs += part.pairs
        self.lineage.update(part.lineage)
        self.previous = {**part.previous, **self.previous}
        new = set(self.accepted)
        self.relinked = sorted(i for i, row in self.previous.items() if i not in new and i in self.lineage
                               and _row(self.lineage[i]) != row)
        self.seconds += part.seconds


@dataclass
class ReverifyResult:
    """What :meth:`Pipeline.reverify` did.

    Attributes:
        checked: stored pairs verified again.
        changed: pairs that still verify with other evidence (relation, direction, scores).
        dropped: pairs that no longer verify, as ``(a_id, b_id)``.
        families: families re-decided (articles left alone count one each).
        lineage_changed: articles whose origin, parent or relation changed.
        credits_changed: articles whose credited or cited outlets, read again from their text
            with the current rules, differ from those stored.
        seconds: wall time.
    """

    checked: int = 0
    changed: int = 0
    dropped: list[tuple[str, str]] = field(default_factory=list)
    families: int = 0
    lineage_changed: int = 0
    credits_changed: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Finding:
    """Where an article sits, whether or not it is stored.

    Attributes:
        article: the article asked about (as stored, or as parsed).
        stored: True when it is in the database.
        edge: its lineage edge.
        path: ids from the origin down to the article.
        matches: its verified sources.
        evidence: aligned sentence pairs with its parent (derived sentence, source sentence, score).
        refused: for an article without a source (its own origin), the candidates that share
            the most aligned sentences with it but that verification refused, with the rule
            that refused each (:func:`tracker.verify.verdict`); at most :data:`REFUSED_SHOWN`.
        note: what the answer is about when it is not what was asked, if anything (an id that
            is stored with other content: the text given is answered, not the stored article).
    """

    article: Article
    stored: bool
    edge: LineageEdge
    path: list[str]
    matches: list[Match]
    evidence: list[tuple[str, str, float]]
    refused: list[tuple[str, str]] = field(default_factory=list)
    note: str | None = None


class Pipeline:
    """The tracker's processing chain over one store.

    Args:
        store: an open read-write (or, for find-origin only, read-only) store.
        config: the configuration.
    """

    def __init__(self, store: Store, config: TrackerConfig, indexed: bool = True) -> None:
        self.store = store
        self.config = config
        # (Without the index, only stored articles can be answered: see stored_finding.)
        self.index = LSHIndex.rebuild(config, store.signatures() if indexed else iter(()))
        self._indexed = indexed
        self._index_stale = False
        self._pairs: dict[tuple[str, str], PairEvidence] = {}
        self._adjacent: dict[str, set[str]] = defaultdict(set)
        for pair in store.pairs() if indexed else ():
            self._remember(pair)
        self._features: OrderedDict[str, Features] = OrderedDict()

    # --- helpers -----------------------------------------------------------------------------
    def _reload_caches(self) -> None:
        """The verified pairs and the index from the store; features are read again as needed."""
        self._pairs, self._adjacent = {}, defaultdict(set)
        for pair in self.store.pairs():
            self._remember(pair)
        self._features.clear()
        self._index_stale = True

    def _remember(self, pair: PairEvidence) -> None:
        self._pairs[(pair.a_id, pair.b_id)] = pair
        self._adjacent[pair.a_id].add(pair.b_id)
        self._adjacent[pair.b_id].add(pair.a_id)

    def features(self, article_id: str) -> Features:
        """Features of an article, from the cache or from its stored text and title."""
        cached = self._features.get(article_id)
        if cached is not None:
            self._features.move_to_end(article_id)
            return cached
        return self._extracted(article_id, self.store.article(article_id))

    def _prefetch(self, ids: Iterable[str]) -> None:
        """Read the stored articles among ``ids`` that the cache lacks in one query, and cache
        their features (a new article's few dozen stored candidates: one query per candidate
        had cost as much as their extraction)."""
        missing = [i for i in dict.fromkeys(ids) if i not in self._features]
        if len(missing) > 1:
            found = self.store.articles(missing)
            for article_id in missing:
                if article_id in found:
                    self._extracted(article_id, found[article_id])

    def _read_ahead(self, fresh: Sequence[tuple[Article, Features, list[Signature]]], start: int,
                    batch_ids: Container[str]) -> int:
        """Cache the stored candidates of ``fresh[start:]`` in one query, for as many articles
        as :data:`READ_AHEAD` candidates allow (at least one); returns the index of the first
        article not covered. The index is asked again when each article is verified (the
        batch's earlier articles join it meanwhile; they are not stored, and not read here)."""
        wanted: dict[str, None] = {}
        end = start
        while end < len(fresh) and (end == start or len(wanted) < READ_AHEAD):
            for cand in choose_candidates(self.index.query(fresh[end][2])):
                if cand.article_id not in batch_ids:
                    wanted[cand.article_id] = None
            end += 1
        self._prefetch(wanted)
        return end

    def _extracted(self, article_id: str, stored: Article | None) -> Features:
        feats = extract(stored.text if stored else "", self.config.shingle,
                        stored.title if stored else None, stored.stated_time if stored else None,
                        stored.source if stored else None, attribution=False, lang=stored.lang if stored else None)
        self._features[article_id] = feats
        if len(self._features) > FEATURE_CACHE:
            self._features.popitem(last=False)
        return feats

    def _component(self, seeds: Iterable[str], extra: dict[str, set[str]]) -> set[str]:
        seen: set[str] = set()
        stack = list(seeds)
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(self._adjacent.get(node, ()))
            stack.extend(extra.get(node, ()))
        return seen

    def _refresh_index(self) -> None:
        """Rebuild the index from the store after a failed batch (which may have added some of
        its articles); when the store cannot be read either, the next batch tries again."""
        if self._index_stale:
            self.index = LSHIndex.rebuild(self.config, self.store.signatures())
            self._index_stale = False

    def _verify(
        self, article_id: str, feats: Features, candidates: Sequence[Candidate],
        local: dict[str, Features],
    ) -> list[PairEvidence]:
        found = []
        chosen = choose_candidates(candidates)
        self._prefetch(c.article_id for c in chosen if c.article_id not in local)
        for cand in chosen:
            other = local.get(cand.article_id) or self.features(cand.article_id)
            pair = evidence(article_id, feats, cand.article_id, other,
                            self.config.shingle.min_sentence_terms)
            if pair is not None:
                found.append(pair)
        return found

    def _decide(
        self, members: set[str], new_pairs: dict[tuple[str, str], PairEvidence],
        new_facts: dict[str, ArticleFacts],
    ) -> tuple[list[LineageEdge], list[Match]]:
        pairs = [p for key, p in {**self._pairs, **new_pairs}.items()
                 if key[0] in members and key[1] in members] if len(members) > 1 else []
        stored = [m for m in members if m not in new_facts]
        facts = {**self.store.facts(stored), **new_facts}
        return decide(members, pairs, facts)

    # --- the batch ---------------------------------------------------------------------------
    def process_or_isolate(self, items: Sequence[RawItem], checkpoint: tuple[str, int] | None = None,
                           log: Callable[[dict[str, Any]], None] | None = None) -> BatchResult:
        """:meth:`process`, except that a failure no rule foresaw (a bug, met on one item) costs
        only that item: the batch is processed again item by item, and the item that fails
        alone is kept in the dead-letter table as ``internal``, with the id it named. A store
        error is raised (the batch is rolled back, and nothing is dead-lettered for it).

        Args:
            items: as for :meth:`process`.
            checkpoint: as for :meth:`process`; each item alone records its own offset.
            log: receives a ``batch_error`` and an ``item_error`` event, when given.
        """
        try:
            return self.process(items, checkpoint)
        except StoreError:
            raise
        except duckdb.Error as exc:  # the store's, not an item's (a read outside its wrappers)
            raise StoreError(f"the database failed: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 (a bug on one item must not stop a run)
            error = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
            if len(items) == 1:
                item = items[0]
                rejected = dead_letter(item.origin, "internal", f"processing failed ({error}); please report "
                                       "this item", item.payload, named_id(item))
                if log is not None:
                    log({"event": "item_error", "origin": item.origin, "error": error})
                with self.store.transaction():
                    self.store.record_rejects([rejected])
                    if checkpoint is not None:
                        self.store.set_checkpoint(checkpoint[0], item.offset)
                return BatchResult(rejected=[rejected])
            if log is not None:
                log({"event": "batch_error", "error": error, "action": "retrying the items one by one"})
        total = BatchResult()
        for item in items:
            total.merge(self.process_or_isolate([item], (checkpoint[0], item.offset) if checkpoint else None, log))
        return total

    def process(self, items: Sequence[RawItem], checkpoint: tuple[str, int] | None = None) -> BatchResult:
        """Run a batch of raw items through the chain and commit it.

        Args:
            items: raw intake items, in arrival order.
            checkpoint: ``(source name, offset)`` recorded in the same transaction.

        Returns:
            What the batch did. Bad items are in ``rejected``; they never raise.
        """
        started = time.perf_counter()
        self._refresh_index()
        result = BatchResult()
        fresh: list[tuple[Article, Features, list[Signature]]] = []
        batch_ids: dict[str, str] = {}
        batch_texts: dict[str, list[tuple[str, str | None]]] = {}
        parsed_items = [(item, parse_item(item)) for item in items]
        stored = self.store.existing([p.article_id for _, p in parsed_items if not isinstance(p, Rejected)])
        texts = self.store.with_hashes([p.content_hash for _, p in parsed_items
                                        if not isinstance(p, Rejected) and not p.id_given])
        for item, parsed in parsed_items:
            if isinstance(parsed, Rejected):
                result.rejected.append(parsed)
                continue
            if parsed.article_id in batch_ids or parsed.article_id in stored:
                known_hash = stored.get(parsed.article_id, batch_ids.get(parsed.article_id))
                if known_hash is not None and known_hash != parsed.content_hash:
                    where = ("is already stored" if parsed.article_id in stored
                             else "was taken by an earlier item of this batch")
                    result.rejected.append(dead_letter(
                        item.origin, "id",
                        f"id {parsed.article_id!r} {where} with different content; "
                        "give the new version its own id", item.payload, parsed.article_id))
                else:
                    result.duplicates.append(parsed.article_id)
                    result.duplicate_origins.append(item.origin)
                continue
            twin = None if parsed.id_given else _twin(
                parsed, batch_texts.get(parsed.content_hash, []) + texts.get(parsed.content_hash, []))
            if twin is not None:
                result.duplicates.append(twin)
                result.duplicate_origins.append(item.origin)
                continue
            feats = extract(parsed.text, self.config.shingle, parsed.title, parsed.stated_time, parsed.source,
                            lang=parsed.lang)
            if not feats.sentences:
                result.rejected.append(dead_letter(
                    item.origin, "text", "has no article body once page chrome is removed "
                    "(only menus, counters or fragments)", item.payload, parsed.article_id))
                continue
            batch_ids[parsed.article_id] = parsed.content_hash
            batch_texts.setdefault(parsed.content_hash, []).append((parsed.article_id, parsed.url))
            fresh.append((parsed, feats, sign(parsed.article_id, feats, self.config)))

        try:
            # Each article joins the index as soon as it is matched, so that the next ones of the
            # batch meet it exactly as they would in a later batch: candidate generation skips
            # crowded buckets (formulaic sentences), and a bucket's size must not depend on how the
            # items were batched. A batch that fails takes its articles out again (the index is
            # rebuilt from the store), so the index never holds an article the store lacks.
            local_feats: dict[str, Features] = {}
            new_pairs: dict[tuple[str, str], PairEvidence] = {}
            read_until = 0
            for n, (article, feats, sigs) in enumerate(fresh):
                if n == read_until:
                    read_until = self._read_ahead(fresh, n, batch_ids)
                cands = self.index.query(sigs)
                for pair in self._verify(article.article_id, feats, cands, local_feats):
                    new_pairs[(pair.a_id, pair.b_id)] = pair
                self.index.add(article.article_id, sigs)
                local_feats[article.article_id] = feats

            extra: dict[str, set[str]] = defaultdict(set)
            for a, b in new_pairs:
                extra[a].add(b)
                extra[b].add(a)
            new_facts = {
                a.article_id: ArticleFacts(a.article_id, a.published_at, a.source, f.n_words, _credits(f),
                                           len(a.text), _time_bound(a), a.day_only, _cited(f), a.title, f.lang)
                for a, f, _ in fresh
            }
            edges: list[LineageEdge] = []
            matches: list[Match] = []
            done: set[str] = set()
            for article, _, _ in fresh:
                if article.article_id in done:
                    continue
                members = self._component([article.article_id], extra)
                done |= members
                fam_edges, fam_matches = self._decide(members, new_pairs, new_facts)
                edges.extend(fam_edges)
                matches.extend(fam_matches)

            new_ids = {a.article_id for a, _, _ in fresh}
            before = self.store.lineage_links(sorted(e.article_id for e in edges if e.article_id not in new_ids))
            relinked = sorted(e.article_id for e in edges if e.article_id in before
                              and before[e.article_id] != _row(e))
            with self.store.transaction():
                self.store.add_articles([(a, f.n_words, _credits(f)) for a, f, _ in fresh],
                                        {a.article_id: _cited(f) for a, f, _ in fresh},
                                        {a.article_id: _mentions(f) for a, f, _ in fresh})
                self.store.save_signatures([s for _, _, sigs in fresh for s in sigs])
                self.store.save_pairs(list(new_pairs.values()))
                self.store.replace_lineage(edges, matches)
                # --- issue 6 (begin): divergence explanations (alignments, changes) of every lineage
                # edge written in this batch, against its parent and its origin; rows of re-decided
                # families are replaced, pairs already explained are kept.
                from tracker.explain import explainer
                self.store.refresh_explanations(edges, explainer(
                    lambda i: local_feats.get(i) or self.features(i), self.config.shingle.min_sentence_terms))
                # --- issue 6 (end)
                self.store.record_rejects(result.rejected)
                if checkpoint is not None:
                    self.store.set_checkpoint(*checkpoint)
        except BaseException:
            if fresh:
                self._index_stale = True
                try:
                    self._refresh_index()
                except Exception:  # noqa: BLE001 (the batch's own error is the one to report)
                    log.warning("index not rebuilt after a failed batch; the next batch rebuilds it")
            raise
        # Committed: what follows only keeps the in-memory caches. Should it fail, they are read
        # again from the store, and the batch stands (retried, its items would read as duplicates).
        try:
            for article, feats, _ in fresh:
                self._features[article.article_id] = feats
            for pair in new_pairs.values():
                self._remember(pair)
        except Exception:  # noqa: BLE001
            log.warning("caches rebuilt from the store after a committed batch", exc_info=True)
            self._reload_caches()
        result.accepted = [a.article_id for a, _, _ in fresh]
        result.pairs = list(new_pairs.values())
        result.lineage = {e.article_id: e for e in edges}
        result.relinked = relinked
        result.previous = {i: before[i] for i in relinked}
        result.seconds = time.perf_counter() - started
        return result

    # --- re-verification ---------------------------------------------------------------------
    def reverify(self) -> ReverifyResult:
        """Verify every stored pair again with the current rules; re-decide the families.

        After an upgrade whose verification rules changed, pairs stored by the older rules
        are kept or dropped by the new ones, and every family they touch is decided again
        (lineage, matches and explanations), in one transaction. Pairs the new rules would
        find that were never candidates before are not searched for: re-ingest for that.
        """
        started = time.perf_counter()
        result = ReverifyResult()
        old = sorted(self._pairs.values(), key=lambda p: (p.a_id, p.b_id))
        min_terms = self.config.shingle.min_sentence_terms
        kept: dict[tuple[str, str], PairEvidence] = {}
        for pair in old:
            again = evidence(pair.a_id, self.features(pair.a_id), pair.b_id, self.features(pair.b_id), min_terms)
            if again is None:
                result.dropped.append((pair.a_id, pair.b_id))
            else:
                kept[(again.a_id, again.b_id)] = again
                result.changed += again != pair
        result.checked = len(old)
        affected = sorted({i for p in old for i in (p.a_id, p.b_id)})
        before = {i: self.store.lineage(i) for i in affected}
        groups = families(list(kept.values()))
        linked = {i for group in groups for i in group}
        groups += [{i} for i in affected if i not in linked]  # left alone: their own origins
        family_of = {i: n for n, group in enumerate(groups) for i in group}
        pairs_of: dict[int, list[PairEvidence]] = defaultdict(list)
        for pair in kept.values():
            pairs_of[family_of[pair.a_id]].append(pair)
        edges: list[LineageEdge] = []
        matches: list[Match] = []
        # Their credits read again with the current rules: the families are decided with them,
        # and the queries (uncredited_copies) read them.
        credits: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str, str, str], ...]]] = {}
        for start in range(0, len(affected), 2000):
            stored = self.store.articles(affected[start:start + 2000])
            credits.update({i: page_credits(a.text, a.source) for i, a in stored.items()})
        for n, members in enumerate(groups):
            facts = self.store.facts(sorted(members))
            for i, fact in facts.items():
                if i in credits and (fact.credits, fact.cited) != credits[i][:2]:
                    result.credits_changed += 1
                    facts[i] = dataclasses.replace(fact, credits=credits[i][0], cited=credits[i][1])
            fam_edges, fam_matches = decide(members, pairs_of[n], facts)
            edges.extend(fam_edges)
            matches.extend(fam_matches)
        result.families = len(groups)
        result.lineage_changed = sum(
            1 for e in edges
            if (old_edge := before.get(e.article_id)) is None
            or (old_edge.origin_id, old_edge.parent_id, old_edge.relation) != (e.origin_id, e.parent_id, e.relation))
        from tracker.explain import explainer

        with self.store.transaction():
            self.store.delete_pairs(result.dropped)
            self.store.save_pairs([p for key, p in kept.items() if p != self._pairs.get(key)])
            self.store.update_credits([(i, *found) for i, found in credits.items()])
            self.store.replace_lineage(edges, matches)
            self.store.refresh_explanations(edges, explainer(self.features, min_terms))
        self._pairs, self._adjacent = {}, defaultdict(set)
        for pair in kept.values():
            self._remember(pair)
        result.seconds = time.perf_counter() - started
        return result

    # --- find origin -------------------------------------------------------------------------
    def find(self, item: RawItem) -> Finding | Rejected:
        """Where an article belongs: its stored lineage, or what it would get if ingested.

        Nothing is written. An article whose id or exact content is stored is answered from
        the database; any other is matched with the same stages as ingest.
        """
        self._refresh_index()
        parsed = parse_item(item)
        if isinstance(parsed, Rejected):
            return parsed
        parsed, note, stored = self._stored_answer(parsed)
        if stored is not None:
            return stored
        return self._new_answer(item, parsed, note)

    def stored_finding(self, item: RawItem) -> Finding | Rejected | None:
        """:meth:`find` of an item that is a stored article (its id, or its exact content),
        from the store alone; ``None`` for any other item. A pipeline made without the index
        (``indexed=False``: a daemon answering while a batch holds its index) lists no
        refused candidates."""
        parsed = parse_item(item)
        if isinstance(parsed, Rejected):
            return parsed
        return self._stored_answer(parsed)[2]

    def _stored_answer(self, parsed: Article) -> tuple[Article, str | None, Finding | None]:
        """The item as it is to be answered (under the id ingest would give it when its id is
        stored with other content), a note saying so, and its finding when it is a stored
        article."""
        stored_id = parsed.article_id if self.store.has_article(parsed.article_id) else None
        note = None
        if stored_id is not None and parsed.id_given \
                and self.store.existing([stored_id]).get(stored_id) != parsed.content_hash:
            # The id is taken by another text (ingest would refuse this one): the question is
            # about the text given, so it is answered as a new article under its text's id.
            note = f"id {stored_id!r} is stored with other content (ingest would refuse this text: give it its own id)"
            parsed = dataclasses.replace(parsed, article_id=text_id(parsed.content_hash, parsed.url,
                                                                    dict(parsed.meta).get("html_hash")),
                                         id_given=False)
            stored_id = None
        if stored_id is None and not parsed.id_given:
            # As ingest would take it: the stored article it repeats (the same text at the same
            # address, or at none); the same text at another address is a republication.
            stored_id = _twin(parsed, self.store.with_hash(parsed.content_hash))
            if note:
                note += (f"; this text is stored as {stored_id!r}" if stored_id
                         else "; this text is answered as a new article")
        if stored_id is not None:
            edge = self.store.lineage(stored_id)
            article = self.store.article(stored_id)
            if edge is not None and article is not None:
                refused = (self._refused(stored_id, self.features(stored_id))
                           if edge.parent_id is None and self._indexed else [])
                return parsed, note, Finding(article, True, edge, self.store.path_to_origin(stored_id),
                                             self.store.matches_of(stored_id),
                                             self._evidence(stored_id, edge.parent_id), refused, note)
        return parsed, note, None

    def _new_answer(self, item: RawItem, parsed: Article, note: str | None) -> Finding | Rejected:
        """:meth:`find` of an item that is no stored article: matched as ingest would."""
        feats = extract(parsed.text, self.config.shingle, parsed.title, parsed.stated_time, parsed.source,
                        lang=parsed.lang)
        if not feats.sentences:
            return Rejected(item.origin, "text", "has no article body once page chrome is removed",
                            parsed.text[:2000])
        sigs = sign(parsed.article_id, feats, self.config)
        candidates = self.index.query(sigs)
        pairs = {(p.a_id, p.b_id): p for p in self._verify(parsed.article_id, feats, candidates, {})}
        extra: dict[str, set[str]] = defaultdict(set)
        for a, b in pairs:
            extra[a].add(b)
            extra[b].add(a)
        members = self._component([parsed.article_id], extra)
        facts = {parsed.article_id: ArticleFacts(parsed.article_id, parsed.published_at,
                                                 parsed.source, feats.n_words, _credits(feats),
                                                 len(parsed.text), _time_bound(parsed), parsed.day_only,
                                                 _cited(feats), parsed.title, feats.lang)}
        edges, matches = self._decide(members, pairs, facts)
        by_id = {e.article_id: e for e in edges}
        edge = by_id[parsed.article_id]
        path = [parsed.article_id]
        while by_id[path[-1]].parent_id is not None and len(path) < 100:
            path.append(by_id[path[-1]].parent_id)  # type: ignore[arg-type]
        self._features[parsed.article_id] = feats
        mine = [m for m in matches if m.article_id == parsed.article_id]
        return Finding(parsed, False, edge, list(reversed(path)), mine,
                       self._evidence(parsed.article_id, edge.parent_id),
                       self._refused(parsed.article_id, feats, candidates) if edge.parent_id is None else [],
                       note)

    def _refused(self, article_id: str, feats: Features,
                 candidates: Sequence[Candidate] | None = None) -> list[tuple[str, str]]:
        """The candidates verification refused that align the most sentences with the article."""
        if candidates is None:
            candidates = self.index.query(sign(article_id, feats, self.config))
        found = []
        for cand in choose_candidates(candidates):
            if cand.article_id == article_id:
                continue
            stats = compare(feats, self.features(cand.article_id), self.config.shingle.min_sentence_terms)
            decided = verdict(stats)
            # A pair that verifies but that the lineage explains through a common source is
            # not a refusal of verification: not listed.
            if stats.n_aligned and not decided.related:
                edge = self.store.lineage(cand.article_id)
                origin = edge.origin_id if edge is not None else cand.article_id
                found.append((-stats.n_aligned, cand.article_id != origin, cand.article_id, decided.reason))
        # The origin of a family first among equals: three copies of a wire story refused alike
        # would hide the story itself.
        return [(cid, reason) for _, _, cid, reason in sorted(found)[:REFUSED_SHOWN]]

    def _evidence(self, article_id: str, parent_id: str | None, limit: int = 3) -> list[tuple[str, str, float]]:
        if parent_id is None:
            return []
        from tracker.align import align

        derived = self.features(article_id)
        source = self.features(parent_id)
        if crosslang.applies(derived.lang, source.lang):
            # A translation shares no words with its source: its evidence is the sentences whose
            # names and figures match in order, scored by the share of their marks they share.
            found = crosslang.cross_alignment(derived, source)
            pairs = []
            for i, j, common in found.pairs:
                mine, theirs = derived.sentences[i].text, source.sentences[j].text
                most = max(len(crosslang.marks(mine)), len(crosslang.marks(theirs)), 1)
                pairs.append((mine, theirs, round(min(1.0, common / most), 4)))
            return sorted(pairs, key=lambda p: -p[2])[:limit]
        links = sorted(align(derived, source, self.config.shingle.min_sentence_terms),
                       key=lambda k: (-k.score, k.left))
        return [(derived.sentences[k.left].text, source.sentences[k.right].text, k.score)
                for k in links[:limit]]
