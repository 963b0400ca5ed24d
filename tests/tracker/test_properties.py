"""Hypothesis invariants across the core (STYLE.md section 12).

Signatures are deterministic and order-free; blobs round-trip; estimated Jaccard of identical
texts is 1 and the estimate is symmetric; verification does not depend on which article came
first; lineage is a forest and does not depend on the order of its inputs.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.config import TrackerConfig
from tracker.lineage import decide, families
from tracker.model import RELATIONS, ArticleFacts, LineageEdge, Match, PairEvidence
from tracker.shingle import extract
from tracker.signature import (
    DOC_FAMILIES,
    FORMAT_VERSION,
    estimate_jaccard,
    from_bytes,
    sign,
    sign_shingles,
    to_bytes,
)
from tracker.verify import evidence

# Modest and machine-independent: other jobs share the CPU, so no deadline and no speed check.
PROFILE = settings(
    max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
CONFIG = TrackerConfig()

# --- text strategies -----------------------------------------------------------------------

VOCABULARY = (
    "port strike union workers wheat grain ship harbour minister talks offer raise percent million "
    "said Thursday Calder Bay Brightwater Okafor Halvorsen board court farmers price bread terminal "
    "the a of to in and on for with by at from 42 2011 3,800 4.5"
).split()

sentences = st.lists(st.sampled_from(VOCABULARY), min_size=4, max_size=14).map(
    lambda words: " ".join(words).capitalize() + "."
)
texts = st.lists(sentences, min_size=1, max_size=8).map(lambda ss: "\n\n".join(ss))
shingle_lists = st.lists(st.text(min_size=0, max_size=12), min_size=0, max_size=40)


# --- signatures ----------------------------------------------------------------------------


@PROFILE
@given(shingles=shingle_lists, seed=st.integers(0, 2**32 - 1), data=st.data())
def test_signature_is_deterministic_and_order_free(
    shingles: list[str], seed: int, data: st.DataObject
) -> None:
    first = sign_shingles(shingles, 32, seed)
    assert np.array_equal(first, sign_shingles(list(shingles), 32, seed))
    shuffled = data.draw(st.permutations(shingles))
    assert np.array_equal(first, sign_shingles(shuffled + shingles[:3], 32, seed))


@PROFILE
@given(text=texts)
def test_sign_is_deterministic_for_texts(text: str) -> None:
    assert sign("x", extract(text, CONFIG.shingle), CONFIG) == sign(
        "x", extract(text, CONFIG.shingle), CONFIG
    )


@PROFILE
@given(values=st.lists(st.integers(0, 2**32 - 1), max_size=300))
def test_blob_round_trip(values: list[int]) -> None:
    array = np.array(values, dtype=np.uint32)
    blob = to_bytes(array)
    assert blob[0] == FORMAT_VERSION
    assert len(blob) == 1 + 4 * len(values)
    back = from_bytes(blob)
    assert back.dtype == np.uint32
    assert back.tolist() == values


@PROFILE
@given(text=texts)
def test_estimated_jaccard_of_identical_texts_is_one(text: str) -> None:
    one = {s.family: s for s in sign("one", extract(text, CONFIG.shingle), CONFIG)}
    two = {s.family: s for s in sign("two", extract(text, CONFIG.shingle), CONFIG)}
    for family in DOC_FAMILIES:
        if one[family].n_shingles:
            assert estimate_jaccard(one[family], two[family]) == 1.0
        else:
            assert estimate_jaccard(one[family], two[family]) == 0.0


@PROFILE
@given(a=texts, b=texts)
def test_estimated_jaccard_is_symmetric_and_bounded(a: str, b: str) -> None:
    sa = {s.family: s for s in sign("a", extract(a, CONFIG.shingle), CONFIG)}
    sb = {s.family: s for s in sign("b", extract(b, CONFIG.shingle), CONFIG)}
    for family in DOC_FAMILIES:
        forward = estimate_jaccard(sa[family], sb[family])
        assert forward == estimate_jaccard(sb[family], sa[family])
        assert 0.0 <= forward <= 1.0


@PROFILE
@given(a=texts, b=texts)
def test_verification_does_not_depend_on_arrival_order(a: str, b: str) -> None:
    fa, fb = extract(a, CONFIG.shingle), extract(b, CONFIG.shingle)
    assert evidence("a", fa, "b", fb) == evidence("b", fb, "a", fa)


# --- lineage -------------------------------------------------------------------------------

IDS = ["a", "b", "c", "d", "e", "f"]
T0 = datetime(2025, 3, 14, 6, 0, tzinfo=timezone.utc)
unit = st.floats(0.0, 1.0, allow_nan=False).map(lambda x: round(x, 4))  # evidence() rounds to 4 places
relations = st.sampled_from([r for r in RELATIONS if r != "original"])


@st.composite
def pair_evidence(draw: st.DrawFn, a_id: str, b_id: str) -> PairEvidence:
    return PairEvidence(
        a_id=a_id,
        b_id=b_id,
        a_from_b=round(draw(st.floats(-2.0, 2.0, allow_nan=False)), 4),
        relation=draw(relations),
        relation_reverse=draw(relations),
        similarity=draw(unit),
        a_coverage=draw(unit),
        b_coverage=draw(unit),
        a_divergence=draw(unit),
        b_divergence=draw(unit),
        order=draw(unit),
        lexical=draw(unit),
        n_aligned=draw(st.integers(1, 30)),
    )


@st.composite
def article_facts(draw: st.DrawFn, article_id: str) -> ArticleFacts:
    hours = draw(st.none() | st.integers(0, 3))  # few distinct times: ties happen
    return ArticleFacts(
        article_id=article_id,
        published_at=None if hours is None else T0 + timedelta(hours=hours),
        source=draw(
            st.none() | st.sampled_from(["reuters.com", "https://www.apnews.com/x", "courier.example"])
        ),
        n_words=draw(st.integers(0, 800)),
        credits=tuple(sorted(draw(st.sets(st.sampled_from(["reuters", "apnews", "courier"]), max_size=2)))),
    )


@st.composite
def family_inputs(draw: st.DrawFn) -> tuple[set[str], list[PairEvidence], dict[str, ArticleFacts]]:
    members = IDS[: draw(st.integers(1, len(IDS)))]
    possible = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(possible), unique=True)) if possible else []
    pairs = [draw(pair_evidence(a, b)) for a, b in chosen]
    facts = {m: draw(article_facts(m)) for m in members if draw(st.booleans())}
    return set(members), pairs, facts


def assert_forest(members: set[str], edges: list[LineageEdge], pairs: list[PairEvidence]) -> None:
    lineage = {e.article_id: e for e in edges}
    assert set(lineage) == members
    neighbours = {frozenset((p.a_id, p.b_id)) for p in pairs}
    for start, edge in lineage.items():
        node, steps = start, 0
        while lineage[node].parent_id is not None:
            parent = lineage[node].parent_id
            assert parent is not None
            assert frozenset((node, parent)) in neighbours
            node, steps = parent, steps + 1
            assert steps <= len(members), f"cycle through {start}"
        assert node == edge.origin_id
        assert lineage[node].relation == "original"
        assert steps == edge.depth
        assert edge.family_size == sum(1 for e in edges if e.origin_id == edge.origin_id)


def match_key(m: Match) -> tuple[str, str]:
    return m.article_id, m.source_id


@PROFILE
@given(inputs=family_inputs())
def test_lineage_is_acyclic(inputs: tuple[set[str], list[PairEvidence], dict[str, ArticleFacts]]) -> None:
    members, pairs, facts = inputs
    edges, matches = decide(members, pairs, facts)
    assert_forest(members, edges, pairs)
    # Matches are verified pairs (fewer when a common source explains a link), and every
    # parent edge is one of them.
    pair_ids = {frozenset((p.a_id, p.b_id)) for p in pairs}
    found = {frozenset((m.article_id, m.source_id)) for m in matches}
    assert found <= pair_ids and len(found) == len(matches)
    assert {frozenset((e.article_id, e.parent_id)) for e in edges if e.parent_id} <= found
    for m in matches:
        assert 0.0 <= m.confidence <= 1.0


@PROFILE
@given(inputs=family_inputs(), data=st.data())
def test_lineage_does_not_depend_on_ingest_order(
    inputs: tuple[set[str], list[PairEvidence], dict[str, ArticleFacts]], data: st.DataObject
) -> None:
    members, pairs, facts = inputs
    edges, matches = decide(members, pairs, facts)
    shuffled_pairs = data.draw(st.permutations(pairs))
    shuffled_facts = dict(data.draw(st.permutations(list(facts.items()))))
    edges2, matches2 = decide(
        set(data.draw(st.permutations(sorted(members)))), shuffled_pairs, shuffled_facts
    )
    assert edges2 == edges
    assert sorted(matches2, key=match_key) == sorted(matches, key=match_key)


@PROFILE
@given(inputs=family_inputs(), data=st.data())
def test_families_partition_the_paired_articles(
    inputs: tuple[set[str], list[PairEvidence], dict[str, ArticleFacts]], data: st.DataObject
) -> None:
    _, pairs, _ = inputs
    groups = families(pairs)
    paired = {i for p in pairs for i in (p.a_id, p.b_id)}
    assert set().union(*groups) == paired if groups else not paired
    assert sum(len(g) for g in groups) == len(paired)
    for p in pairs:
        assert any({p.a_id, p.b_id} <= g for g in groups)
    assert families(data.draw(st.permutations(pairs))) == groups
