"""The in-memory LSH candidate index over every family's signatures.

Banding as in datasketch's ``MinHashLSH`` (a pair collides when all rows of one band agree),
with bands and rows derived from each family's threshold in :mod:`tracker.config`, each family
in its own compact band table (:mod:`tracker.bandtable`). Document signatures are kept in a
matrix so that every candidate gets an estimated Jaccard without touching the store. Anchors
(rare terms) have posting lists.

The index only ever holds committed articles: the pipeline adds to it after the batch commits,
and at start-up it is rebuilt from stored signatures (:meth:`LSHIndex.rebuild`).
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from tracker.bandtable import BandTable
from tracker.config import TrackerConfig, lsh_bands, params_id
from tracker.anchors import decode_all as decode_anchors
from tracker.anchors import other_text
from tracker.errors import ParamsMismatch
from tracker.model import Candidate, Signature
from tracker.signature import DOC_FAMILIES, from_bytes, from_bytes_many


_NO_POSTING: array[int] = array("i")  # read only: the posting of an anchor nobody holds
#: Distinct figures (two or more characters) that an article in another script must share
#: with the query to be its candidate, :data:`CROSS_SCRIPT_STRONG` of them strong (amounts,
#: not days, years or numbers under 100: :func:`tracker.anchors.is_weak_figure`). A
#: translation into another script shares no word with its source, but keeps its figures; the
#: candidate is verified by :mod:`tracker.crosslang`. Only between articles whose scripts are
#: known and differ, or whose languages are known and differ (a German translation of an
#: English story with few rare names), so that within one language figures never add
#: candidates. The test's
#: Russian translation of a council story shares 6 (2 strong) with it, and a Russian story of
#: the same meeting 3 (none strong); an English football report and a Russian weather report
#: of the same day share 4, none strong.
CROSS_SCRIPT_FIGURES = 4
CROSS_SCRIPT_STRONG = 2

class LSHIndex:
    """Candidate index for all shingle families.

    Args:
        config: the tracker configuration (thresholds, bands, num_perm).
    """

    def __init__(self, config: TrackerConfig) -> None:
        self.config = config
        self._bands = lsh_bands(config)
        self._params = {f: params_id(config, f) for f in ("verbatim", "content", "sentence", "anchors")}
        # Anchor hash -> positions of the articles that hold it, and their weights for it
        # (typed arrays: compact, and read by numpy without a copy at query time).
        self._anchors: dict[int, array[int]] = defaultdict(lambda: array("i"))
        self._anchor_weight: dict[int, array[float]] = defaultdict(lambda: array("f"))
        # (text code, figure hash) -> positions of the articles of that script and language
        # that state it (a query reads only the postings of other scripts and languages).
        self._figures: dict[tuple[int, int], array[int]] = defaultdict(lambda: array("i"))
        self._script_counts: dict[int, int] = defaultdict(int)  # text code (script, language) -> articles
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        num_perm = config.minhash.num_perm
        self._sigs = {f: np.zeros((1024, num_perm), dtype=np.uint32) for f in DOC_FAMILIES}
        self._sizes = {f: np.zeros(1024, dtype=np.int64) for f in DOC_FAMILIES}
        self._n_sentences: dict[int, int] = {}
        self._tables = {
            f: BandTable(bands, rows, config.minhash.sentence_num_perm if f == "sentence" else num_perm)
            for f, (bands, rows) in self._bands.items()
        }

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._pos

    def _check(self, sig: Signature) -> None:
        if sig.params_id != self._params[sig.family]:
            raise ParamsMismatch(
                f"signature of {sig.article_id} ({sig.family}) has params {sig.params_id!r}, "
                f"the index expects {self._params[sig.family]!r}; re-sign with 'tracker reindex' (with the same --config)"
            )

    def add(self, article_id: str, signatures: Iterable[Signature]) -> None:
        """Index one article's signatures (idempotent for an id already present)."""
        if article_id in self._pos:
            return
        pos = len(self._ids)
        self._ids.append(article_id)
        self._pos[article_id] = pos
        for sig in signatures:
            self._check(sig)
            if sig.family == "anchors":
                self._add_anchors(pos, sig)
                continue
            values = from_bytes(sig.values)
            if sig.family in DOC_FAMILIES:
                self._grow(sig.family, pos)
                self._sigs[sig.family][pos] = values
                self._sizes[sig.family][pos] = sig.n_shingles
                if sig.n_shingles:
                    self._tables[sig.family].insert(values, pos)
            elif sig.n_shingles:
                self._n_sentences[pos] = sig.n_shingles
                self._tables["sentence"].insert_many(values.reshape(sig.n_shingles, -1),
                                                     np.full(sig.n_shingles, pos, dtype=np.int32))

    def _add_anchors(self, pos: int, sig: Signature) -> None:
        hashes, weights, script, strong, weak = decode_anchors(sig.values)
        for h, w in zip(hashes.tolist(), weights.tolist()):
            self._anchors[h].append(pos)
            self._anchor_weight[h].append(w)
        if script:
            self._script_counts[script] += 1
            for h in (*strong.tolist(), *weak.tolist()):
                self._figures[(script, h)].append(pos)

    def _grow(self, family: str, pos: int) -> None:
        sigs = self._sigs[family]
        if pos >= len(sigs):
            size = max(2 * len(sigs), pos + 1)
            more = size - len(sigs)
            self._sigs[family] = np.concatenate([sigs, np.zeros((more, sigs.shape[1]), sigs.dtype)])
            self._sizes[family] = np.concatenate([self._sizes[family], np.zeros(more, np.int64)])

    def query(self, signatures: Iterable[Signature], exclude: str | None = None) -> list[Candidate]:
        """Indexed articles that may be related to the signed article.

        A candidate either collides in a document family and reaches ``min_candidate_jaccard``
        there, or has at least ``min_sentence_hits`` of the query's sentences colliding with
        its sentences, or shares at least ``min_anchor_weight`` of rare-term weight, or has one
        colliding sentence and ``hit_anchor_weight`` (a reworded passage whose other sentences
        were merged or garbled). Buckets larger than ``max_bucket`` (formulaic sentences shared
        by hundreds of stories) are skipped.

        Returns:
            Candidates sorted by id.
        """
        lsh = self.config.lsh
        figures: dict[int, tuple[int, int]] = {}
        best_jaccard: dict[int, float] = {}
        hits: dict[int, int] = defaultdict(int)
        shared: dict[int, float] = defaultdict(float)
        doc_values: dict[str, NDArray[np.uint32]] = {}
        n_query_sentences = 0
        for sig in signatures:
            self._check(sig)
            if sig.family == "anchors":  # (figures count even when no rare term does)
                hashes, weights, script, strong, weak = decode_anchors(sig.values)
                for pos, weight in self._shared_anchor_weight(hashes, weights).items():
                    shared[pos] += weight
                figures = self._shared_figures(script, strong, weak)
                continue
            if sig.n_shingles == 0:
                continue
            values = from_bytes(sig.values)
            if sig.family in DOC_FAMILIES:
                doc_values[sig.family] = values
            else:
                n_query_sentences = sig.n_shingles
                ids, counts = self._tables["sentence"].query_counts(values.reshape(sig.n_shingles, -1),
                                                                    max_bucket=lsh.max_bucket)
                for pos, n in zip(ids.tolist(), counts.tolist()):
                    hits[pos] += n
        for family, cands in self._doc_candidates(doc_values).items():
            if not len(cands):
                continue
            est = (self._sigs[family][cands] == doc_values[family]).mean(axis=1)
            for pos, j in zip(cands.tolist(), est.tolist()):
                if j >= lsh.min_candidate_jaccard and j > best_jaccard.get(pos, -1.0):
                    best_jaccard[pos] = j
        positions = (set(best_jaccard) | {p for p, n in hits.items() if n >= lsh.min_sentence_hits}
                     | {p for p, w in shared.items() if w >= lsh.min_anchor_weight
                        or (w >= lsh.hit_anchor_weight and p in hits)}
                     | {p for p, (n, strong) in figures.items()
                        if n >= CROSS_SCRIPT_FIGURES and strong >= CROSS_SCRIPT_STRONG})
        def share(p: int) -> float:
            shorter = min(n_query_sentences, self._n_sentences.get(p, 0))
            return round(min(1.0, hits.get(p, 0) / max(1, shorter)), 4)

        out = [
            Candidate(self._ids[p], round(best_jaccard.get(p, 0.0), 4), hits.get(p, 0),
                      round(shared.get(p, 0.0), 2), share(p), figures.get(p, (0, 0))[0])
            for p in positions
            if self._ids[p] != exclude
        ]
        return sorted(out, key=lambda c: c.article_id)

    def _shared_anchor_weight(self, hashes: NDArray[np.uint32], weights: NDArray[np.float32]) -> dict[int, float]:
        """Position -> summed ``min(query weight, indexed weight)`` over the anchors both hold.

        Anchors held by more than ``max_anchor_postings`` articles are skipped. The sums are
        added in the order of the query's anchors, then of each posting list.
        """
        limit = self.config.lsh.max_anchor_postings
        found = [(posting, self._anchor_weight[h], w)
                 for h, w in zip(hashes.tolist(), weights.tolist())
                 if 0 < len(posting := self._anchors.get(h, _NO_POSTING)) <= limit]
        if not found:
            return {}
        positions = np.concatenate([np.frombuffer(posting, np.int32) for posting, _, _ in found])
        theirs = np.concatenate([np.frombuffer(held_w, np.float32) for _, held_w, _ in found])
        ours = np.repeat(np.array([w for _, _, w in found], dtype=np.float32),
                         [len(posting) for posting, _, _ in found])
        held, where = np.unique(positions, return_inverse=True)
        sums = np.bincount(where, weights=np.minimum(ours, theirs).astype(np.float64))
        return dict(zip(held.tolist(), sums.tolist()))

    def _shared_figures(self, script: int, strong: NDArray[np.uint32], weak: NDArray[np.uint32]
                        ) -> dict[int, tuple[int, int]]:
        """Position -> (distinct figures, strong ones) shared with the query, over the articles
        whose script is known and differs from the query's, or whose language is known and
        differs from the query's (:func:`tracker.anchors.other_text`; none when the query's
        script is unknown, or when no article of another script or language is indexed).
        A figure held by more than ``max_anchor_postings`` articles of one script and language
        is skipped for it. Only the postings of the other texts are read: on a corpus mostly in
        one language, a query of that language reads the few articles of the others."""
        others = [code for code in self._script_counts if other_text(code, script)] if script else []
        if not others or len(strong) < CROSS_SCRIPT_STRONG or len(strong) + len(weak) < CROSS_SCRIPT_FIGURES:
            return {}
        limit = self.config.lsh.max_anchor_postings
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for hashes, is_strong in ((strong, 1), (weak, 0)):
            for h in hashes.tolist():
                for code in others:
                    posting = self._figures.get((code, h), _NO_POSTING)
                    if len(posting) <= limit:
                        for pos in posting:
                            found = counts[pos]
                            found[0] += 1
                            found[1] += is_strong
        return {pos: (n, k) for pos, (n, k) in counts.items()}

    def _doc_candidates(self, values: dict[str, NDArray[np.uint32]]) -> dict[str, NDArray[np.int32]]:
        """Ids colliding with each document-family signature (band values checked, so the
        candidates are exactly datasketch's); both families in one lookup when both are given."""
        if len(values) == 2:
            first, second = DOC_FAMILIES
            found = BandTable.query_pair(self._tables[first], values[first], self._tables[second],
                                         values[second], check1=self._sigs[first], check2=self._sigs[second])
            return dict(zip(DOC_FAMILIES, found))
        return {f: self._tables[f].query(v, check=self._sigs[f]) for f, v in values.items()}

    @classmethod
    def rebuild(cls, config: TrackerConfig, signatures: Iterable[Signature]) -> LSHIndex:
        """An index holding every given signature, built in bulk (start-up).

        Signatures are decoded into one matrix per family and each band table is built in
        one O(n) pass, instead of article by article (1M articles: seconds, not minutes).
        An article's position is the order of its first signature, as with :meth:`add`.
        """
        index = cls(config)
        blobs: dict[str, tuple[list[bytes], list[int], list[int]]] = {
            f: ([], [], []) for f in (*DOC_FAMILIES, "sentence")
        }
        seen: set[tuple[str, str]] = set()
        for sig in signatures:
            index._check(sig)
            if (sig.article_id, sig.family) in seen:
                continue
            seen.add((sig.article_id, sig.family))
            pos = index._pos.get(sig.article_id)
            if pos is None:
                pos = index._pos[sig.article_id] = len(index._ids)
                index._ids.append(sig.article_id)
            if sig.family == "anchors":
                index._add_anchors(pos, sig)
                continue
            family_blobs, positions, sizes = blobs[sig.family]
            family_blobs.append(sig.values)
            positions.append(pos)
            sizes.append(sig.n_shingles)
        num_perm = config.minhash.num_perm
        for family in DOC_FAMILIES:
            family_blobs, positions, sizes = blobs[family]
            pos_arr = np.asarray(positions, dtype=np.int64)
            index._grow(family, len(index._ids))
            index._sigs[family][pos_arr] = from_bytes_many(family_blobs).reshape(-1, num_perm)
            index._sizes[family][pos_arr] = sizes
            kept = pos_arr[np.asarray(sizes, dtype=np.int64) > 0]
            index._tables[family].insert_many(index._sigs[family][kept], kept.astype(np.int32))
        family_blobs, positions, sizes = blobs["sentence"]
        index._n_sentences = {p: n for p, n in zip(positions, sizes) if n}
        rows = from_bytes_many(family_blobs).reshape(-1, config.minhash.sentence_num_perm)
        index._tables["sentence"].insert_many(rows, np.repeat(np.asarray(positions, dtype=np.int32), sizes))
        return index
