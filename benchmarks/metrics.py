"""Pure accuracy metrics for the quality benchmark.

Pair detection (precision, recall, F1 over directed or undirected pairs, per relation), a
confusion matrix, pair-counting scores and the adjusted Rand index of two partitions, and
label accuracy (origin, parent, relation). Pure: no I/O, no tracker imports, no
third-party libraries (the adjusted Rand index is computed from the contingency table here,
not taken from scikit-learn), so the numbers can be checked by hand (``test_accuracy.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

Pair = tuple[str, str]
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class PRF:
    """Counts of a detection task and the scores derived from them.

    Attributes:
        tp: true positives (predicted and in the gold set).
        fp: false positives (predicted, not in the gold set).
        fn: false negatives (in the gold set, not predicted).

    An empty denominator gives a score of 0.0, except that precision with nothing predicted
    and recall with nothing to find are 1.0 (nothing claimed wrongly, nothing missed).
    """

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Counts and rounded scores, JSON-ready."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def prf_from_sets(predicted: Collection[K], gold: Collection[K]) -> PRF:
    """Precision, recall and F1 of a predicted set against a gold set.

    Example:
        >>> prf_from_sets({1, 2, 3}, {2, 3, 4, 5}).as_dict()["f1"]
        0.5714
    """
    pred, want = set(predicted), set(gold)
    tp = len(pred & want)
    return PRF(tp=tp, fp=len(pred) - tp, fn=len(want) - tp)


def undirected(pair: Pair) -> Pair:
    """The pair with its two ids in sorted order (the key of an undirected pair)."""
    a, b = pair
    return (a, b) if a <= b else (b, a)


def pair_prf(predicted: Iterable[Pair], gold: Iterable[Pair], directed: bool) -> PRF:
    """Precision, recall and F1 of detected "derived from" pairs.

    Args:
        predicted: ``(derived, source)`` pairs the system claims.
        gold: ``(derived, source)`` pairs that are true.
        directed: when True a pair counts only in the labelled direction: a gold pair found
            reversed is both a false negative and (its reversed claim) a false positive. When
            False either direction counts, and ``(a, b)``/``(b, a)`` are one pair.

    Returns:
        The counts and scores.

    Example:
        >>> pair_prf([("a", "b"), ("d", "c")], [("a", "b"), ("c", "d")], directed=True).tp
        1
        >>> pair_prf([("a", "b"), ("d", "c")], [("a", "b"), ("c", "d")], directed=False).tp
        2
    """
    if directed:
        return prf_from_sets(set(predicted), set(gold))
    return prf_from_sets({undirected(p) for p in predicted}, {undirected(p) for p in gold})


def per_relation_prf(
    predicted: Mapping[Pair, str], gold: Mapping[Pair, str], directed: bool,
    relations: Sequence[str] | None = None, typed: bool = False,
) -> dict[str, PRF]:
    """Detection scores per relation.

    A gold pair belongs to its labelled relation; a wrongly predicted pair (not in the gold
    set in that sense) is charged to the relation the system predicted for it, so precision
    of ``copy`` falls when the system calls unrelated pairs copies.

    Args:
        predicted: ``(derived, source) -> predicted relation``.
        gold: ``(derived, source) -> labelled relation`` (positives only).
        directed: see :func:`pair_prf`.
        relations: relations to report (default: every relation in ``gold``, sorted).
        typed: when False (detection), a gold pair of relation ``r`` is a true positive of
            ``r`` whatever relation was predicted. When True (detection and classification),
            it is a true positive only if the predicted relation is also ``r``; otherwise it
            is a false negative of ``r`` and a false positive of the predicted relation.

    Returns:
        ``relation -> PRF``.
    """
    key = (lambda p: p) if directed else undirected
    pred: dict[Pair, str] = {}
    for pair, rel in sorted(predicted.items()):
        pred.setdefault(key(pair), rel)
    want: dict[Pair, str] = {}
    for pair, rel in sorted(gold.items()):
        want.setdefault(key(pair), rel)
    names = list(relations) if relations is not None else sorted(set(want.values()))
    out: dict[str, PRF] = {}
    for r in names:
        tp = fn = fp = 0
        for pair, rel in want.items():
            if rel != r:
                continue
            hit = pair in pred and (not typed or pred[pair] == r)
            tp += hit
            fn += not hit
        for pair, rel in pred.items():
            if rel != r:
                continue
            if pair not in want or (typed and want[pair] != r):
                fp += 1
        out[r] = PRF(tp=tp, fp=fp, fn=fn)
    return out


def confusion_matrix(
    pairs: Iterable[tuple[str, str]], rows: Sequence[str] | None = None, cols: Sequence[str] | None = None,
) -> dict[str, dict[str, int]]:
    """Counts of ``(labelled, predicted)`` label pairs as a nested dict.

    Args:
        pairs: one ``(labelled, predicted)`` tuple per item.
        rows: labelled values to list, in order (default: those seen, sorted).
        cols: predicted values to list, in order (default: those seen, sorted).

    Returns:
        ``matrix[labelled][predicted] = count``, with zeros filled in.

    Example:
        >>> confusion_matrix([("copy", "copy"), ("copy", "rewrite")])["copy"]
        {'copy': 1, 'rewrite': 1}
    """
    counts = Counter(pairs)
    row_names = list(rows) if rows is not None else sorted({g for g, _ in counts})
    col_names = list(cols) if cols is not None else sorted({p for _, p in counts})
    return {g: {p: counts.get((g, p), 0) for p in col_names} for g in row_names}


def accuracy(pairs: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """``(correct, total)`` of ``(labelled, predicted)`` pairs: correct when they are equal."""
    total = correct = 0
    for gold, pred in pairs:
        total += 1
        correct += gold == pred
    return correct, total


@dataclass(frozen=True)
class Score:
    """``correct`` out of ``total``.

    Attributes:
        correct: items judged right.
        total: items judged.
    """

    correct: int
    total: int

    @property
    def rate(self) -> float:
        """correct / total (0.0 when there is nothing to judge)."""
        return self.correct / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.correct}/{self.total}"


def label_accuracy(predicted: Mapping[str, str | None], gold: Mapping[str, str | None | Collection[str]]) -> Score:
    """How many items got an accepted label.

    Args:
        predicted: ``item -> predicted label`` (an item missing here is wrong).
        gold: ``item -> accepted label``, or a collection of accepted labels (``None`` is a
            label too: an origin has no parent).

    Returns:
        correct and total over the items of ``gold``.
    """
    correct = 0
    for item, accepted in gold.items():
        if item not in predicted:
            continue
        options = {accepted} if accepted is None or isinstance(accepted, str) else set(accepted)
        correct += predicted[item] in options
    return Score(correct, len(gold))


def origin_accuracy(predicted: Mapping[str, str], gold: Mapping[str, str | Collection[str]]) -> Score:
    """Share of articles whose predicted origin is the labelled one (or one of those accepted).

    Example:
        >>> str(origin_accuracy({"a": "a", "b": "a", "c": "c"}, {"a": "a", "b": "a", "c": "a"}))
        '2/3'
    """
    return label_accuracy(predicted, gold)


def comb2(n: int) -> int:
    """Number of unordered pairs among ``n`` items: n (n - 1) / 2."""
    return n * (n - 1) // 2


def contingency(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> Counter[tuple[Hashable, Hashable]]:
    """Contingency table of two partitions of the same items.

    Args:
        predicted: ``item -> cluster label``.
        gold: ``item -> cluster label``.

    Returns:
        ``(predicted cluster, gold cluster) -> number of items in both``. Items present in
        only one mapping are placed in a singleton cluster of their own on the other side.
    """
    table: Counter[tuple[Hashable, Hashable]] = Counter()
    for item in set(predicted) | set(gold):
        p = predicted.get(item, ("<alone>", item))
        g = gold.get(item, ("<alone>", item))
        table[(p, g)] += 1
    return table


def _pair_counts(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[int, int, int, int]:
    table = contingency(predicted, gold)
    rows: Counter[Hashable] = Counter()
    cols: Counter[Hashable] = Counter()
    for (p, g), n in table.items():
        rows[p] += n
        cols[g] += n
    together = sum(comb2(n) for n in table.values())
    pred_pairs = sum(comb2(n) for n in rows.values())
    gold_pairs = sum(comb2(n) for n in cols.values())
    return together, pred_pairs, gold_pairs, sum(table.values())


def pair_counting_prf(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> PRF:
    """Pairwise precision and recall of "same cluster".

    A pair of items is predicted positive when both are in one predicted cluster and gold
    positive when both are in one gold cluster; counted from the contingency table, so a
    family of 1,000 articles costs nothing extra.

    Example:
        >>> pair_counting_prf({"a": 1, "b": 1, "c": 1}, {"a": 1, "b": 1, "c": 2}).as_dict()["precision"]
        0.3333
    """
    together, pred_pairs, gold_pairs, _ = _pair_counts(predicted, gold)
    return PRF(tp=together, fp=pred_pairs - together, fn=gold_pairs - together)


def adjusted_rand_index(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> float:
    """Adjusted Rand index (Hubert and Arabie, 1985) of two partitions of the same items.

    With ``n_ij`` the contingency table, ``a_i`` its row sums and ``b_j`` its column sums::

        index    = sum_ij C(n_ij, 2)
        expected = sum_i C(a_i, 2) * sum_j C(b_j, 2) / C(n, 2)
        maximum  = (sum_i C(a_i, 2) + sum_j C(b_j, 2)) / 2
        ARI      = (index - expected) / (maximum - expected)

    1.0 for identical partitions, about 0.0 for independent ones, negative below chance.
    When ``maximum == expected`` (both partitions all singletons, or both one cluster) the
    partitions are identical and the result is 1.0.

    Example:
        >>> round(adjusted_rand_index({"a": 0, "b": 0, "c": 1, "d": 1}, {"a": 0, "b": 0, "c": 1, "d": 2}), 4)
        0.5714
    """
    together, pred_pairs, gold_pairs, n = _pair_counts(predicted, gold)
    all_pairs = comb2(n)
    if all_pairs == 0:
        return 1.0
    expected = pred_pairs * gold_pairs / all_pairs
    maximum = (pred_pairs + gold_pairs) / 2
    if maximum == expected:
        return 1.0
    return (together - expected) / (maximum - expected)


def threshold_sweep(scores: Sequence[float], labels: Sequence[bool], thresholds: Iterable[float]) -> list[tuple[float, PRF]]:
    """Scores of the decision ``score >= threshold`` at each threshold.

    Args:
        scores: one score per item.
        labels: True for a positive item.
        thresholds: thresholds to try.

    Returns:
        ``(threshold, PRF)`` per threshold, in the order given.
    """
    out = []
    for t in thresholds:
        tp = fp = fn = 0
        for s, positive in zip(scores, labels, strict=True):
            hit = s >= t
            tp += hit and positive
            fp += hit and not positive
            fn += positive and not hit
        out.append((t, PRF(tp, fp, fn)))
    return out


def best_threshold(scores: Sequence[float], labels: Sequence[bool]) -> tuple[float, PRF]:
    """The threshold with the highest F1 over every distinct score (ties: the higher threshold).

    Sorting once makes this O(n log n): lowering the threshold past a score value adds every
    item with that score to the predicted positives.
    """
    total_pos = sum(1 for x in labels if x)
    ordered = sorted(zip(scores, labels, strict=True), key=lambda t: -t[0])
    best = (float("inf"), PRF(0, 0, total_pos))
    tp = fp = 0
    i = 0
    while i < len(ordered):
        value = ordered[i][0]
        while i < len(ordered) and ordered[i][0] == value:
            tp += ordered[i][1]
            fp += not ordered[i][1]
            i += 1
        cand = PRF(tp, fp, total_pos - tp)
        if cand.f1 > best[1].f1:
            best = (value, cand)
    return best
