"""tracker.index: candidates from LSH over every family, params checks, rebuild, exclude."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tracker.config import TrackerConfig, load_config, params_id
from tracker.errors import ParamsMismatch
from tracker.index import LSHIndex
from tracker.model import Signature
from tracker.shingle import extract
from tracker.signature import sign, to_bytes

# Fictional stories written for these tests.
STORY = """Ferry services between the island of Lunde and the mainland were suspended on Wednesday
after a storm damaged the main pier, the operator Nordsund Lines said.

About 2,400 passengers a day use the route, which links the island's two villages with the
rail station at Kerrby.

Engineers found cracks in three of the pier's concrete supports during an inspection on
Wednesday morning, the company said in a statement.

"Safety comes first, and we will not reopen the route until the pier has been certified,"
chief executive Lena Haug told reporters.

Repairs could take up to two weeks and will cost an estimated 1.8 million crowns, according to
the regional transport authority.

A temporary passenger service using a smaller boat from the fishing harbour will start on
Friday, with six crossings a day."""

NEAR_COPY = (
    STORY.replace("Nordsund Lines", "Nordsund Lines AB").replace(
        "Repairs could take", "Repair work could take"
    )
    + "\n\nSubscribe to our newsletter."
)

UNRELATED = """A violinist from Oster Vale has won the Hallam International Music Competition, the
jury announced on Sunday evening after a final round in the city's concert hall.

The 19-year-old student played a concerto by a little-known eighteenth-century composer, a
choice the jury described as brave and deeply researched.

She will receive a cash prize and a year of concert engagements with orchestras in four
countries, the organisers said.

"I did not expect to get past the first round," she said after the ceremony, holding the
trophy above her head."""


@pytest.fixture(scope="module")
def cfg() -> TrackerConfig:
    return load_config(env={}, overrides={"store": {"path": ":memory:"}})


def signed(article_id: str, text: str, config: TrackerConfig) -> list[Signature]:
    return sign(article_id, extract(text, config.shingle), config)


def ids(candidates: list) -> list[str]:  # type: ignore[type-arg]
    return [c.article_id for c in candidates]


@pytest.fixture(scope="module")
def index(cfg: TrackerConfig) -> LSHIndex:
    idx = LSHIndex(cfg)
    idx.add("story", signed("story", STORY, cfg))
    idx.add("music", signed("music", UNRELATED, cfg))
    return idx


def test_near_copy_is_a_candidate(index: LSHIndex, cfg: TrackerConfig) -> None:
    found = index.query(signed("copy", NEAR_COPY, cfg))
    assert ids(found) == ["story"]
    assert found[0].estimated_jaccard >= 0.7
    assert found[0].sentence_hits >= 4


def test_unrelated_article_is_not_a_candidate(cfg: TrackerConfig) -> None:
    idx = LSHIndex(cfg)
    idx.add("story", signed("story", STORY, cfg))
    assert idx.query(signed("music", UNRELATED, cfg)) == []


def test_article_finds_itself_unless_excluded(index: LSHIndex, cfg: TrackerConfig) -> None:
    own = signed("story", STORY, cfg)
    found = index.query(own)
    assert ids(found) == ["story"]
    assert found[0].estimated_jaccard == 1.0
    assert index.query(own, exclude="story") == []
    assert ids(index.query(own, exclude="music")) == ["story"]


def test_candidates_are_sorted_by_id(cfg: TrackerConfig) -> None:
    idx = LSHIndex(cfg)
    for article_id in ["zeta", "alpha", "mid"]:
        idx.add(article_id, signed(article_id, STORY, cfg))
    assert ids(idx.query(signed("q", NEAR_COPY, cfg))) == ["alpha", "mid", "zeta"]


def test_len_contains_and_idempotent_add(cfg: TrackerConfig) -> None:
    idx = LSHIndex(cfg)
    sigs = signed("story", STORY, cfg)
    idx.add("story", sigs)
    idx.add("story", sigs)
    assert len(idx) == 1
    assert "story" in idx
    assert "other" not in idx
    assert len(idx.query(sigs)) == 1


def test_empty_article_is_indexed_but_never_a_candidate(cfg: TrackerConfig) -> None:
    idx = LSHIndex(cfg)
    idx.add("empty", signed("empty", "", cfg))
    idx.add("empty2", signed("empty2", "Home\n1496", cfg))
    assert len(idx) == 2
    # Empty signatures are all the same sentinel value: they must not collide with each other.
    assert idx.query(signed("q", "", cfg)) == []
    assert idx.query(signed("q", STORY, cfg)) == []


# --- params checks -------------------------------------------------------------------------


def other_config(cfg: TrackerConfig, **minhash: int) -> TrackerConfig:
    return dataclasses.replace(cfg, minhash=dataclasses.replace(cfg.minhash, **minhash))


@pytest.mark.parametrize("change", [{"num_perm": 64}, {"seed": 7}])
def test_query_with_other_params_raises(index: LSHIndex, cfg: TrackerConfig, change: dict[str, int]) -> None:
    with pytest.raises(ParamsMismatch, match="reindex"):
        index.query(signed("copy", NEAR_COPY, other_config(cfg, **change)))


def test_add_with_other_params_raises(cfg: TrackerConfig) -> None:
    idx = LSHIndex(cfg)
    with pytest.raises(ParamsMismatch, match="num_perm|params"):
        idx.add("x", signed("x", STORY, other_config(cfg, num_perm=64)))


# --- rebuild -------------------------------------------------------------------------------

CORPUS = {
    "c-copy": NEAR_COPY,
    "a-story": STORY,
    "m-music": UNRELATED,
    "b-half": "\n\n".join(STORY.split("\n\n")[:3]),
    "e-empty": "",
}


def test_rebuild_equals_incremental_index(cfg: TrackerConfig) -> None:
    incremental = LSHIndex(cfg)
    all_sigs: list[Signature] = []
    for article_id, text in CORPUS.items():  # arrival order
        sigs = signed(article_id, text, cfg)
        incremental.add(article_id, sigs)
        all_sigs.extend(sigs)
    # The store yields signatures ordered by article id, then family.
    stored = sorted(all_sigs, key=lambda s: (s.article_id, s.family))
    rebuilt = LSHIndex.rebuild(cfg, stored)
    assert len(rebuilt) == len(incremental) == len(CORPUS)
    assert all(article_id in rebuilt for article_id in CORPUS)
    for article_id, text in CORPUS.items():
        query = signed("query", text, cfg)
        assert rebuilt.query(query) == incremental.query(query)
        assert rebuilt.query(query, exclude=article_id) == incremental.query(query, exclude=article_id)
    assert ids(rebuilt.query(signed("q", STORY, cfg))) == ["a-story", "b-half", "c-copy"]


def test_rebuild_from_nothing(cfg: TrackerConfig) -> None:
    assert len(LSHIndex.rebuild(cfg, [])) == 0


def test_index_grows_past_its_initial_capacity(cfg: TrackerConfig) -> None:
    rng = np.random.default_rng(0)
    pid = params_id(cfg, "content")
    n = 1100  # more rows than the index preallocates
    values = rng.integers(0, 2**32, size=(n, cfg.minhash.num_perm), dtype=np.uint32)
    idx = LSHIndex(cfg)
    for i in range(n):
        idx.add(f"a{i:05d}", [Signature(f"a{i:05d}", "content", pid, to_bytes(values[i]), 50)])
    for i in (0, 1023, 1024, n - 1):
        found = idx.query([Signature("q", "content", pid, to_bytes(values[i]), 50)])
        assert ids(found) == [f"a{i:05d}"]
        assert found[0].estimated_jaccard == 1.0


# --- sentence family -----------------------------------------------------------------------


def test_sentence_buckets_larger_than_max_bucket_are_skipped(cfg: TrackerConfig) -> None:
    boiler = (
        "Nordsund Lines operates ferry routes to seven islands in the northern archipelago. "
        "The company carried 1.2 million passengers and 300,000 vehicles last year."
    )
    stories = [
        "Nordsund Lines will add a night crossing to Lunde from March, the company said.",
        "A Nordsund Lines ferry ran aground near Kerrby harbour, with no injuries reported.",
        "Nordsund Lines raised ticket prices by four percent, citing higher fuel costs.",
    ]
    query = [s for s in signed("q", boiler, cfg) if s.family == "sentence"]
    assert query[0].n_shingles == 2

    def build(max_bucket: int) -> LSHIndex:
        config = dataclasses.replace(cfg, lsh=dataclasses.replace(cfg.lsh, max_bucket=max_bucket))
        idx = LSHIndex(config)
        for i, lead in enumerate(stories):
            idx.add(f"s{i}", signed(f"s{i}", lead + "\n\n" + boiler, config))
        return idx

    assert ids(build(64).query(query)) == ["s0", "s1", "s2"]
    assert all(c.sentence_hits == 2 for c in build(64).query(query))
    # Both query sentences collide and the query is the shorter article: full containment.
    assert all(c.sentence_share == 1.0 for c in build(64).query(query))
    rebuilt = LSHIndex.rebuild(cfg, [s for i, lead in enumerate(stories)
                                     for s in signed(f"s{i}", lead + "\n\n" + boiler, cfg)])
    assert [(c.article_id, c.sentence_hits, c.sentence_share) for c in rebuilt.query(query)] == [
        (c.article_id, c.sentence_hits, c.sentence_share) for c in build(64).query(query)]
    assert build(2).query(query) == []


# --- two weak signals together ---------------------------------------------------------------

# One sentence of STORY kept word for word inside a page about something else, which also
# names the company's chief executive: one colliding sentence, a little anchor weight.
ONE_SENTENCE_AND_A_NAME = (
    "The choir of the music school gave its spring concert on Sunday, and the conductor Per Haug "
    "thanked the parents for their support.\n\n"
    "Engineers found cracks in three of the pier's concrete supports during an inspection on "
    "Wednesday morning, the company said in a statement.\n\n"
    "Tickets for the summer concert go on sale next month at the school office."
)


def test_one_colliding_sentence_with_some_anchor_weight_is_a_candidate(cfg: TrackerConfig) -> None:
    def build(**lsh: float) -> LSHIndex:
        config = dataclasses.replace(cfg, lsh=dataclasses.replace(cfg.lsh, **lsh))
        idx = LSHIndex(config)
        idx.add("story", signed("story", STORY, config))
        return idx

    query = signed("q", ONE_SENTENCE_AND_A_NAME, cfg)
    # What each family says on its own, with every threshold out of the way.
    [alone] = build(min_candidate_jaccard=1.0, min_anchor_weight=0.01, hit_anchor_weight=0.01).query(query)
    assert alone.sentence_hits == 1 < cfg.lsh.min_sentence_hits
    assert cfg.lsh.hit_anchor_weight <= alone.anchor_weight < cfg.lsh.min_anchor_weight
    # Neither signal passes alone; together they do.
    assert ids(build().query(query)) == ["story"]
    assert build(hit_anchor_weight=alone.anchor_weight + 0.1).query(query) == []


def test_shared_anchor_weight_sums_the_smaller_weight_of_each_common_anchor(cfg: TrackerConfig) -> None:
    from tracker.anchors import decode

    idx = LSHIndex(cfg)
    indexed = {"story": signed("story", STORY, cfg), "copy": signed("copy", NEAR_COPY, cfg)}
    for article_id, sigs in indexed.items():
        idx.add(article_id, sigs)
    query = signed("q", ONE_SENTENCE_AND_A_NAME, cfg)

    def anchors(sigs: list[Signature]) -> dict[int, float]:
        [blob] = [s.values for s in sigs if s.family == "anchors"]
        hashes, weights = decode(blob)
        return dict(zip(hashes.tolist(), weights.tolist()))

    ours = anchors(query)
    for article_id, sigs in indexed.items():
        theirs = anchors(sigs)
        expected = sum(min(w, theirs[h]) for h, w in ours.items() if h in theirs)
        [found] = [c for c in idx.query(query) if c.article_id == article_id]
        assert expected > 0 and found.anchor_weight == round(expected, 2)
