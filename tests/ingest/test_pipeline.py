"""The batch pipeline: lineage in, rows out; order invariance; bad input; restarts."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from ingest.parse import RawItem
from ingest.pipeline import MAX_CANDIDATES, Pipeline, choose_candidates
from tracker.config import TrackerConfig
from tracker.model import Candidate, Rejected
from tracker.store import Store


def _items(records: list[dict[str, Any]]) -> list[RawItem]:
    return [RawItem(f"test:{i}", json.dumps(r).encode(), "json", i) for i, r in enumerate(records)]


def _lineage(store: Store) -> dict[str, tuple[str, str | None, str]]:
    _, rows = store.run_sql("SELECT article_id, origin_id, parent_id, relation FROM lineage")
    return {a: (o, p, r) for a, o, p, r in rows}


def _ingest(config: TrackerConfig, records: list[dict[str, Any]], batch: int = 1) -> dict[str, tuple[str, str | None, str]]:
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        items = _items(records)
        for i in range(0, len(items), batch):
            pipeline.process(items[i:i + batch])
        return _lineage(store)


def test_example_family_is_linked_to_the_wire_story(config: TrackerConfig, example_records: list[dict[str, Any]],
                                                    example_labels: dict[str, dict[str, Any]]) -> None:
    got = _ingest(config, example_records, batch=4)
    for article_id in ("ex-copy", "ex-rewrite", "ex-translation", "ex-summary"):
        want = example_labels[article_id]
        assert got[article_id][0] == want["origin"], article_id
        assert got[article_id][2] == want["relation"], article_id
    assert got["ex-wire"] == ("ex-wire", None, "original")
    for article_id in ("ex-offtopic-1", "ex-offtopic-2", "ex-offtopic-3"):
        assert got[article_id] == (article_id, None, "original")


def test_a_three_letter_language_code_is_the_same_language(config: TrackerConfig,
                                                           example_records: list[dict[str, Any]]) -> None:
    # "eng" (ISO 639-2, as some feeds write it) is English: the copy is no translation.
    # Nor are same-event stories of other desks compared as translations (names and figures).
    records = [dict(r, lang="eng") if r["id"] != "ex-wire" else r for r in example_records]
    got = _ingest(config, records, batch=4)
    assert got["ex-copy"] == ("ex-wire", "ex-wire", "copy") and got["ex-rewrite"][2] == "rewrite"
    assert all(got[f"ex-other-{n}"][1] is None for n in range(1, 7))


def test_example_family_is_rooted_at_the_wire_story_by_its_text_alone(
        config: TrackerConfig, example_records: list[dict[str, Any]],
        example_labels: dict[str, dict[str, Any]]) -> None:
    # Publication times are often missing: without them the text and the family's
    # resemblance decide, and the wire story is still the origin of its copy, rewrite,
    # translation and summary.
    untimed = [{k: v for k, v in r.items() if k != "published_at"} for r in example_records]
    got = _ingest(config, untimed, batch=len(untimed))
    assert got["ex-wire"] == ("ex-wire", None, "original")
    for article_id in ("ex-copy", "ex-rewrite", "ex-translation", "ex-summary"):
        assert got[article_id][0] == "ex-wire", article_id
        assert got[article_id][2] == example_labels[article_id]["relation"], article_id


@pytest.mark.parametrize("order", [0, 1, 2, 3, 4, 5])
def test_example_lineage_does_not_depend_on_order(config: TrackerConfig, example_records: list[dict[str, Any]],
                                                  order: int) -> None:
    family = [r for r in example_records if not str(r["id"]).startswith("ex-offtopic")]
    baseline = _ingest(config, family, batch=len(family))
    shuffled = list(reversed(family)) if order == 0 else family[order:] + family[:order]
    assert _ingest(config, shuffled, batch=1) == baseline


@pytest.fixture
def cached_extract(monkeypatch: pytest.MonkeyPatch) -> None:
    """Feature extraction is pure: memoise it so that 120 ingests re-use the work."""
    import functools

    import ingest.pipeline

    monkeypatch.setattr(ingest.pipeline, "extract", functools.lru_cache(maxsize=64)(ingest.pipeline.extract))


@pytest.mark.usefixtures("cached_extract")
def test_seeds_in_every_order(config: TrackerConfig, seed_records: list[dict[str, Any]],
                              seed_labels: dict[str, dict[str, Any]]) -> None:
    """Acceptance: all 120 orders give the labelled lineage, identically.

    Every order is ingested as one batch (articles are matched in arrival order against
    those before them); every fourth order also one article per batch, so that families
    are re-decided across commits as later articles arrive.
    """
    results = set()
    for n, perm in enumerate(itertools.permutations(seed_records)):
        got = _ingest(config, list(perm), batch=1 if n % 4 == 0 else len(perm))
        for article_id, want in seed_labels.items():
            origin, parent, relation = got[article_id]
            assert origin == want["origin"], (article_id, [r["id"] for r in perm])
            assert relation == want["relation"], (article_id, [r["id"] for r in perm])
            accepted = {want["parent"], *want.get("parent_also_accepted", [])}
            assert parent in accepted, (article_id, parent)
        results.add(tuple(sorted(got.items())))
    assert len(results) == 1


def test_copy_before_original_is_reparented(config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    by_id = {r["id"]: r for r in example_records}
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items([by_id["ex-copy"]]))
        assert _lineage(store)["ex-copy"] == ("ex-copy", None, "original")
        pipeline.process(_items([by_id["ex-wire"]]))
        lineage = _lineage(store)
        assert lineage["ex-copy"] == ("ex-wire", "ex-wire", "copy")
        assert lineage["ex-wire"] == ("ex-wire", None, "original")
        _, rows = store.run_sql("SELECT article_id, source_id, relation FROM matches")
        assert ("ex-copy", "ex-wire", "copy") in rows


def test_a_copy_stamped_early_that_credits_the_wires_brand_is_not_its_origin(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    # The agency's datelines say "(Meridian)", its domain meridiannews.example; an aggregator's
    # copy keeps the dateline and is stamped 40 minutes before the wire (a wrong clock). The
    # dateline is the agency's own on its page, and the copy's credit of it.
    by_id = {r["id"]: r for r in example_records}
    wire = {**by_id["ex-wire"], "source": "meridiannews.example", "url": "https://meridiannews.example/a",
            "text": str(by_id["ex-wire"]["text"]).replace("(Meridian Press)", "(Meridian)")}
    copy = {**by_id["ex-copy"], "published_at": "2026-03-04T08:35:00Z",
            "text": str(by_id["ex-copy"]["text"]).replace("(Meridian Press)", "(Meridian)")}
    assert "(Meridian)" in str(copy["text"])
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items([copy, wire]))
        assert _lineage(store)["ex-copy"] == ("ex-wire", "ex-wire", "copy")
        assert store.run_query("uncredited_copies") == []
        _, rows = store.run_sql("SELECT credits FROM articles WHERE article_id = 'ex-wire'")
        assert "meridian" not in rows[0][0], "the agency's own dateline credits nobody"


def test_a_copy_dated_by_its_day_alone_is_not_taken_for_the_origin(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    # The wire story was filed at 09:15; a page states only the day ("2026-03-04", stored at
    # midnight). Midnight is not its time: it copied the wire.
    by_id = {r["id"]: r for r in example_records}
    copy = {**by_id["ex-copy"], "published_at": "2026-03-04"}
    for batch in (1, 2):
        got = _ingest(config, [copy, by_id["ex-wire"]], batch=batch)
        assert got["ex-copy"] == ("ex-wire", "ex-wire", "copy"), batch
    # Two days before the wire's day is before it, in any time zone.
    early = _ingest(config, [{**copy, "published_at": "2026-03-02"}, by_id["ex-wire"]])
    assert early["ex-wire"][0] == "ex-copy"


def test_stored_candidates_are_read_in_one_query_per_new_article(
        config: TrackerConfig, example_records: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    # A fresh process (an empty feature cache) on a stored database: a new article's stored
    # candidates are read together, not one query each, and give the same links.
    by_id = {r["id"]: r for r in example_records}
    late = [by_id["ex-summary"]]
    with Store(":memory:") as store:
        Pipeline(store, config).process(_items([r for r in example_records if r["id"] != "ex-summary"]))
        reads: list[int] = []
        real = store.articles
        monkeypatch.setattr(store, "article", lambda article_id: pytest.fail(f"one query for {article_id}"))
        monkeypatch.setattr(store, "articles", lambda ids: reads.append(len(ids)) or real(ids))
        Pipeline(store, config).process(_items(late))
        got = _lineage(store)
    assert len(reads) == 1 and reads[0] >= 2
    assert got["ex-summary"][0] == "ex-wire" and got["ex-summary"][2] == "summary"


def test_reingest_is_a_noop(config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        first = pipeline.process(_items(example_records[:3]))
        again = pipeline.process(_items(example_records[:3]))
        assert len(first.accepted) == 3
        assert again.accepted == [] and sorted(again.duplicates) == sorted(first.accepted)
        assert store.stats()["articles"] == 3


def test_a_text_without_an_id_that_repeats_a_stored_article_is_that_article_again(config: TrackerConfig) -> None:
    text = "The council approved the new harbour budget on Tuesday after a long debate. " * 3
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items([{"id": "x1", "text": text, "url": "https://a.example/1"}]))
        # No id and no address: the text is all it is, and x1 has it.
        bare = pipeline.process([RawItem("copy.txt", text.encode(), "text", 0)])
        assert bare.accepted == [] and bare.duplicates == ["x1"]
        # The same text at the same address, from a page without an id.
        same = pipeline.process(_items([{"text": text, "url": "https://a.example/1"}]))
        assert same.accepted == [] and same.duplicates == ["x1"]
        # The same text at another address is a republication: kept, and linked as a copy.
        elsewhere = pipeline.process(_items([{"text": text, "url": "https://b.example/9"},
                                             {"text": text, "url": "https://c.example/3"}]))
        assert len(elsewhere.accepted) == 2 and elsewhere.duplicates == []
        # A record that names its own id is its own article, whatever its text.
        named = pipeline.process(_items([{"id": "x2", "text": text}]))
        assert named.accepted == ["x2"]
        assert store.stats()["articles"] == 4
        assert {r[0] for r in store.run_sql("SELECT relation FROM lineage WHERE parent_id IS NOT NULL")[1]} == {"copy"}


def test_a_text_saved_with_other_line_breaks_or_its_headline_on_top_is_the_record_again(
        config: TrackerConfig) -> None:
    title = "Council approves harbour budget after long debate"
    body = ("The council approved the new harbour budget on Tuesday after a long debate.\n\n"
            "The budget sets aside money for dredging the harbour and for new cranes at the docks.")
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items([{"id": "x1", "title": title, "text": body}]))
        for n, saved in enumerate([body + "\n", "\n" + body.replace("\n\n", "\n") + "\n\n",
                                   f"{title}\n\n{body}\n", body.replace("debate.", "debate.\r\n")]):
            again = pipeline.process([RawItem(f"saved{n}.txt", saved.encode(), "text", 0)])
            assert again.accepted == [] and again.duplicates == ["x1"], saved
        # The record sent again with a trailing newline is a duplicate, not new content.
        resent = pipeline.process(_items([{"id": "x1", "title": title, "text": body + "\n\n"}]))
        assert resent.duplicates == ["x1"] and resent.rejected == []
        # A record whose text opens with its headline, sent again under an edited headline, is
        # a duplicate: its text is what it sent.
        opened = pipeline.process(_items([{"id": "x3", "title": title, "text": f"{title}\n\n{body}"}]))
        assert opened.accepted == ["x3"]
        edited = pipeline.process(_items([{"id": "x3", "title": "Council passes harbour budget",
                                           "text": f"{title}\n\n{body}"}]))
        assert edited.duplicates == ["x3"] and edited.rejected == []
        # Other words are another article, and a first line that is not the headline counts.
        other = pipeline.process([RawItem("other.txt", f"Harbour news\n\n{body}".encode(), "text", 0)])
        assert len(other.accepted) == 1
        assert store.stats()["articles"] == 3


def test_find_answers_a_republication_as_ingest_would_store_it(config: TrackerConfig) -> None:
    text = "The council approved the new harbour budget on Tuesday after a long debate. " * 3
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items([{"id": "x1", "text": text, "url": "https://a.example/1"}]))
        same = pipeline.find(_items([{"text": text}])[0])
        assert not isinstance(same, Rejected) and same.stored and same.article.article_id == "x1"
        # The same text at another address is not the stored article, but a copy in its family
        # (without times, which of two identical texts came first is a tie).
        elsewhere = pipeline.find(_items([{"text": text, "url": "https://b.example/9"}])[0])
        assert not isinstance(elsewhere, Rejected) and not elsewhere.stored
        assert elsewhere.article.article_id != "x1" and elsewhere.edge.family_size == 2


def test_two_texts_without_ids_in_one_batch_are_one_article(config: TrackerConfig) -> None:
    text = "The council approved the new harbour budget on Tuesday after a long debate. " * 3
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        result = pipeline.process(_items([{"id": "x1", "text": text}, {"text": text},
                                          {"text": text, "url": "https://b.example/9"},
                                          {"text": text, "url": "https://b.example/9", "title": "Again"}]))
        assert len(result.accepted) == 2 and result.accepted[0] == "x1"
        assert result.duplicates == ["x1", result.accepted[1]]


def test_same_id_with_other_content_is_rejected(config: TrackerConfig) -> None:
    text = "The council approved the new harbour budget on Tuesday after a long debate. " * 3
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items([{"id": "x1", "text": text}]))
        result = pipeline.process(_items([{"id": "x1", "text": text + " A late amendment passed."}]))
        assert result.rejected and result.rejected[0].field == "id"
        assert "'x1' is already stored with different content" in result.rejected[0].reason
        # Twice in one batch: the second is refused for the first, which is not stored yet.
        twice = pipeline.process(_items([{"id": "x2", "text": text}, {"id": "x2", "text": text + " More."}]))
        assert twice.accepted == ["x2"]
        assert "'x2' was taken by an earlier item of this batch with different content" in twice.rejected[0].reason


BAD_INPUTS: list[tuple[str, bytes, str, str]] = [
    ("empty text", json.dumps({"id": "e", "text": "   "}).encode(), "json", "text"),
    ("missing text", json.dumps({"id": "m", "title": "No body"}).encode(), "json", "text"),
    ("malformed json", b'{"id": "j", "text": "unterminated', "json", "json"),
    ("not an object", b'["a", "list"]', "json", "record"),
    ("bad date", json.dumps({"id": "d", "text": "A sentence about the port strike today.", "published_at": "last Tuesday"}).encode(), "json", "published_at"),
    ("text not a string", json.dumps({"id": "t", "text": 42}).encode(), "json", "text"),
    ("invalid utf-8", b"The harbour \xff\xfe strike continued on Monday. " * 4, "text", "text"),
    ("binary junk", bytes(range(256)) * 8, "text", "text"),
    ("only chrome", json.dumps({"id": "c", "text": "Home\nNews\n1496\n0\nSign in"}).encode(), "json", "text"),
]


@pytest.mark.parametrize("name,payload,kind,field", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_dead_lettered_and_the_rest_ingested(config: TrackerConfig, example_records: list[dict[str, Any]],
                                                          name: str, payload: bytes, kind: str, field: str) -> None:
    good = _items(example_records[:2])
    bad = RawItem(f"bad:{name}", payload, kind)
    with Store(":memory:") as store:
        result = Pipeline(store, config).process([good[0], bad, good[1]])
        assert len(result.accepted) == 2
        assert len(result.rejected) == 1
        rejected: Rejected = result.rejected[0]
        assert rejected.field == field, rejected
        assert rejected.reason
        _, rows = store.run_sql("SELECT origin, field, reason FROM rejects")
        assert rows == [(f"bad:{name}", field, rejected.reason)]


def test_huge_document_is_rejected(config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    huge = json.dumps({"id": "huge", "text": "word " * 10_000_000}).encode()  # 50 MB
    with Store(":memory:") as store:
        result = Pipeline(store, config).process([RawItem("big", huge, "json"), *_items(example_records[:1])])
        assert [r.field for r in result.rejected] == ["text"]
        assert "MB" in result.rejected[0].reason
        assert len(result.accepted) == 1


def test_restart_rebuilds_index_from_stored_signatures(config: TrackerConfig, example_records: list[dict[str, Any]],
                                                       tmp_path: Path) -> None:
    by_id = {r["id"]: r for r in example_records}
    path = str(tmp_path / "r.duckdb")
    with Store(path) as store:
        Pipeline(store, config).process(_items([by_id["ex-wire"], by_id["ex-offtopic-1"]]))
    with Store(path) as store:
        pipeline = Pipeline(store, config)
        assert len(pipeline.index) == 2
        result = pipeline.process(_items([by_id["ex-copy"]]))
        assert result.lineage["ex-copy"].origin_id == "ex-wire"


def test_checkpoint_commits_with_the_batch(config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items(example_records[:2]), checkpoint=("spool", 2))
        assert store.checkpoint("spool") == 2
        assert store.checkpoint("other") is None


def test_find_gives_the_same_origin_before_and_after_ingest(config: TrackerConfig,
                                                            example_records: list[dict[str, Any]]) -> None:
    family = [r for r in example_records if r["id"] != "ex-summary"]
    summary = next(r for r in example_records if r["id"] == "ex-summary")
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items(family))
        before = pipeline.find(_items([summary])[0])
        assert not isinstance(before, Rejected)
        assert not before.stored and before.edge.origin_id == "ex-wire"
        pipeline.process(_items([summary]))
        after = pipeline.find(_items([summary])[0])
        assert not isinstance(after, Rejected)
        assert after.stored and after.edge.origin_id == "ex-wire"
        assert after.edge.relation == before.edge.relation == "summary"


def test_find_says_why_the_nearest_candidates_are_not_sources(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    # Next year's report of the same company: the sentences match, the figures do not. It
    # derives from nothing, and find-origin says which stored item came closest and why not.
    report = next(r for r in example_records if r["id"] == "ex-other-2")
    paragraphs = report["text"].split("\n\n")[:6]
    edits = [("11 percent", "7 percent"),
             ("$96 million from $108 million", "$103 million from $96 million"),
             ("2 percent to $1.12 billion", "4 percent to $1.17 billion"),
             ("3 percent to 1.26", "2 percent to 1.22")]
    text = "\n\n".join(paragraphs)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items(example_records))
        found = pipeline.find(RawItem("next-year", text.encode(), "text"))
        assert not isinstance(found, Rejected)
        assert found.edge.parent_id is None and found.matches == []
        assert [cid for cid, _ in found.refused] == ["ex-other-2"]
        assert found.refused[0][1].startswith("a recurring report: 4 sentences match in words")
        # A stored article with a source has no refusals to report; a copy is not refused.
        copy = pipeline.find(_items([next(r for r in example_records if r["id"] == "ex-copy")])[0])
        assert not isinstance(copy, Rejected) and copy.refused == []
        # A family's origin derives from nothing: the stored items refused as its sources are
        # named, as for an article alone (a story of seven weeks earlier for the strike story).
        wire = pipeline.find(_items([next(r for r in example_records if r["id"] == "ex-wire")])[0])
        assert not isinstance(wire, Rejected) and wire.edge.parent_id is None and wire.edge.family_size > 1
        assert [cid for cid, _ in wire.refused] == ["ex-other-1"]


def test_a_story_weeks_later_with_the_same_background_is_not_a_derivation(
        config: TrackerConfig, example_records: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    # A story of a month later that repeats two background paragraphs of the strike story.
    wire = next(r for r in example_records if r["id"] == "ex-wire")["text"].split("\n\n")
    background = [p for p in wire if p.startswith(("At the centre of the dispute", "Port Alder handled"))]
    assert len(background) == 2
    text = "\n\n".join([
        "PORT ALDER, April 6 (Harbour Times) - Dockworkers at Port Alder voted on Monday to accept "
        "a new two-year pay deal with Kestrel Logistics, ending a month of rolling stoppages.",
        "The agreement gives union members a 7 percent rise over two years and delays the first "
        "automated cranes at Aldersgate until 2029, union officials said.",
        *background,
        "Shipping lines said they expected the backlog of vessels to clear by the end of April.",
    ])

    def found(published_at: str | None = None, fetched_at: str | None = None) -> Any:
        record = {"id": "follow-up", "text": text}
        if published_at:
            record["published_at"] = published_at
        fields = (("fetched_at", fetched_at),) if fetched_at else ()
        result = pipeline.find(RawItem("test", json.dumps(record).encode(), "json", fields=fields))
        assert not isinstance(result, Rejected)
        return result

    with Store(":memory:") as store:
        Pipeline(store, config).process(_items(example_records))
        # A fresh pipeline: the stored articles' times are read back from the store.
        pipeline = Pipeline(store, config)
        monkeypatch.setattr("ingest.pipeline.REFUSED_SHOWN", 10)
        later = found("2026-04-06T10:00:00Z")
        assert later.edge.parent_id is None
        # The translation has no time: it verifies, and the lineage explains it through the
        # story; it is not a refusal.
        # The story first among those that align as many sentences: its copy next.
        assert [cid for cid, _ in later.refused] == ["ex-wire", "ex-copy", "ex-rewrite", "ex-summary"]
        assert later.refused[0][1] == ("published 33 days apart with 4 aligned sentences "
                                       "(5 needed 7 days or more apart)")
        # Published the next day, it is an update built on the story.
        assert found("2026-03-05T10:00:00Z").edge.parent_id == "ex-wire"
        # A crawler's fetch time is not a publication time: the text alone decides.
        assert found(fetched_at="2026-04-06T10:00:00Z").edge.parent_id == "ex-wire"


def test_the_order_pages_were_fetched_in_does_not_decide_the_origin(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    # A page about harbour tourism that embeds eight paragraphs of the strike story was
    # crawled a day before the story itself. Fetch times are all either page has; the text
    # says which embeds which. The two are ingested apart, in both orders, so each one's facts
    # come from the store once.
    wire = next(r for r in example_records if r["id"] == "ex-wire")
    paragraphs = wire["text"].split("\n\n")
    page = "\n\n".join([
        "Cruise lines calling at Port Alder this summer will berth at the new Quarry Point "
        "passenger terminal, the harbour authority said in its visitor guide.",
        "The guide lists walking tours of the old customs house, ferry trips to the lighthouse "
        "and a seafood market held every Saturday on the quay.",
        *paragraphs[1:9],
        "Hotels near the waterfront expect their busiest season since the terminal opened, and "
        "two new restaurants will open on the promenade in June.",
        "The visitor centre on Harbour Street is open daily from nine in the morning.",
        "A new cycle path along the old railway line links the marina with the botanical "
        "gardens, and bicycles can be hired at both ends for a small fee.",
        "The maritime museum reopens in May after a two-year renovation, with a gallery on the "
        "sailing ships that once carried timber and wool from the port.",
        "Evening concerts in the cathedral square run every Friday in July and August.",
    ])

    def item(article_id: str, text: str, fetched: str) -> RawItem:
        return RawItem(article_id, text.encode(), "text", hint_id=article_id,
                       fields=(("fetched_at", fetched),))

    guide, story = item("guide", page, "2026-03-03T08:00:00Z"), item("story", wire["text"], "2026-03-04T08:00:00Z")
    for first, second in ((guide, story), (story, guide)):
        with Store(":memory:") as store:
            pipeline = Pipeline(store, config)
            pipeline.process([first])
            pipeline.process([second])
            lineage = _lineage(store)
            assert lineage["guide"] == ("story", "story", "copy")
            assert lineage["story"] == ("story", None, "original")


def test_reverify_drops_pairs_the_rules_refuse_and_re_decides_their_families(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    from tracker.explain import explainer
    from tracker.lineage import decide
    from tracker.model import PairEvidence

    with Store(":memory:") as store:
        Pipeline(store, config).process(_items(example_records))
        before = _lineage(store)
        # A pair stored by older rules: the marathon story "derived from" the bee study.
        stale = PairEvidence("ex-offtopic-1", "ex-offtopic-2", 0.5, "rewrite", "rewrite", 0.3, 0.4, 0.4,
                             0.5, 0.5, 0.9, 0.3, 2)
        members = {"ex-offtopic-1", "ex-offtopic-2"}
        edges, matches = decide(members, [stale], store.facts(sorted(members)))
        with store.transaction():
            store.save_pairs([stale])
            store.replace_lineage(edges, matches)
            store.refresh_explanations(edges, explainer(Pipeline(store, config).features))
        assert _lineage(store)["ex-offtopic-1"] == ("ex-offtopic-2", "ex-offtopic-2", "rewrite")
        explained = "SELECT count(*) FROM explanations WHERE article_id = 'ex-offtopic-1'"
        assert store.run_sql(explained)[1] == [(1,)]
        result = Pipeline(store, config).reverify()
        assert result.dropped == [("ex-offtopic-1", "ex-offtopic-2")]
        assert result.checked == len(store.pairs()) + 1 and result.changed == 0
        assert result.lineage_changed == 1
        assert _lineage(store) == before
        assert store.matches_of("ex-offtopic-1") == []
        assert store.run_sql(explained)[1] == [(0,)]
        # Nothing left to change.
        again = Pipeline(store, config).reverify()
        assert again.dropped == [] and again.changed == 0 and again.lineage_changed == 0
        assert again.credits_changed == 0


def test_reverify_reads_the_credits_of_linked_articles_again(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    # Credits stored by older rules (here: none at all) are read again from the text, as the
    # families are decided again with them.
    with Store(":memory:") as store:
        Pipeline(store, config).process(_items(example_records))
        read = "SELECT credits, cited, mentions FROM articles WHERE article_id = 'ex-summary'"
        fresh = store.run_sql(read)[1]
        assert "ex-summary" not in {r["article_id"] for r in store.run_query("uncredited_copies")}
        store.run_sql("UPDATE articles SET credits = [], cited = [], mentions = NULL WHERE article_id = 'ex-summary'")
        assert "ex-summary" in {r["article_id"] for r in store.run_query("uncredited_copies")}
        result = Pipeline(store, config).reverify()
        assert result.credits_changed == 1 and result.lineage_changed == 0
        assert store.run_sql(read)[1] == fresh
        assert "ex-summary" not in {r["article_id"] for r in store.run_query("uncredited_copies")}


def test_ingest_and_reverify_read_the_same_credits(example_records: list[dict[str, Any]]) -> None:
    from ingest.pipeline import _cited, _credits, _mentions
    from tracker.attribution import page_credits
    from tracker.config import ShingleConfig
    from tracker.shingle import extract

    for r in example_records:
        feats = extract(str(r.get("text") or r.get("html")), ShingleConfig(), r.get("title"), source=r.get("source"))
        assert page_credits(str(r.get("text") or r.get("html")), r.get("source")) == (
            _credits(feats), _cited(feats), _mentions(feats)), r["id"]


def test_seed_files_find_origin_before_and_after_ingest(config: TrackerConfig, seed_records: list[dict[str, Any]]) -> None:
    """Acceptance 2: find-origin on each seed file, not yet ingested and ingested."""
    from tests.conftest import shared_path

    seeds_dir = shared_path("seeds")
    labels = json.loads((seeds_dir / "labels.json").read_text())["articles"]
    for article_id, label in labels.items():
        others = [r for r in seed_records if r["id"] != article_id]
        payload = (seeds_dir / label["file"]).read_bytes()
        with Store(":memory:") as store:
            pipeline = Pipeline(store, config)
            pipeline.process(_items(others))
            before = pipeline.find(RawItem(label["file"], payload, "text"))
            pipeline.process(_items([r for r in seed_records if r["id"] == article_id]))
            after = pipeline.find(RawItem(label["file"], payload, "text"))
        assert not isinstance(before, Rejected) and not isinstance(after, Rejected)
        assert after.stored and after.article.article_id == article_id
        assert after.edge.origin_id == label["origin"], article_id
        if label["origin"] == article_id:
            # Not yet stored, the original is its own origin (under its content-derived id).
            assert before.edge.origin_id == before.article.article_id and before.edge.parent_id is None
        else:
            assert before.edge.origin_id == label["origin"], article_id


def test_choose_candidates_keeps_a_contained_short_source_among_many() -> None:
    # Long same-topic pages collide in more sentences; the short source collides in all of
    # its own. Ranked by containment, it is verified; ranked by raw hits it would be cut.
    crowd = [Candidate(f"page-{i:03d}", 0.0, 20 + i % 7, 0.0, 0.05) for i in range(3 * MAX_CANDIDATES)]
    source = Candidate("source", 0.0, 5, 0.0, 1.0)
    chosen = choose_candidates([*crowd, source])
    assert "source" in [c.article_id for c in chosen]
    assert len(chosen) <= 3 * (MAX_CANDIDATES // 2)
    assert [c.article_id for c in chosen] == sorted(c.article_id for c in chosen)
    assert choose_candidates([]) == []


CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


@pytest.mark.parametrize("times", [True, False], ids=["with-times", "text-alone"])
def test_golden_corpus_is_linked_as_labelled(config: TrackerConfig, times: bool) -> None:
    # The corpus the SQL cookbook and the query golden tests are written for: ingested
    # through the pipeline, every article gets the origin, parent and relation of labels.json
    # (its times say, among others, that a copy of a translation came after the translation).
    # Without its times the text alone orders each family the same way: among others, the
    # council summary, whose sentence joins two of the rewrite's, condenses the rewrite and
    # is not a passage that the wire, its copy and the rewrite embed.
    records = [json.loads(line) for path in sorted(CORPUS.glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not times:
        for record in records:
            record.pop("published_at", None)
    labels = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))["articles"]
    got = _ingest(config, records, batch=len(records))
    want = {}
    for article_id, label in labels.items():
        origin = article_id
        while labels[origin]["parent"] is not None:
            origin = labels[origin]["parent"]
        want[article_id] = (origin, label["parent"], label["relation"])
    assert {a: got.get(a) for a in want} == want


def test_without_times_a_copy_of_a_translation_is_still_downstream_of_it(config: TrackerConfig) -> None:
    # The translation says it is one; its copy left the note out. The note's evidence (the
    # translation derives from the other members) holds for the copy too: the two carry one
    # text, and only their own pair orders them.
    records = [json.loads(line) for line in (CORPUS / "wind.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    for record in records:
        record.pop("published_at", None)
    got = _ingest(config, records, batch=len(records))
    assert got["wind-translation-copy"][1:] == ("wind-translation", "copy")
    assert got["wind-translation"][2] == "translation"
    assert got["wind-translation"][1] not in ("wind-translation-copy", None)
    # ...and the wire story is the origin, not the three-paragraph summary that the excerpt
    # rule takes each longer telling for a page embedding (see lineage._condensed_story_pairs).
    assert {a: o for a, (o, _, _) in got.items()} == dict.fromkeys(got, "wind-wire")
    assert got["wind-summary"][1:] == ("wind-wire", "summary")


def test_a_page_credits_other_outlets_not_itself(config: TrackerConfig) -> None:
    text = ("The council of Port Vell approved a budget for a new tram line on Monday, according to "
            "Meridian Press.\n\nThe line will run along the harbour front to the university.\n\n"
            "© 2026 Harbour Herald. All rights reserved.")
    with Store(":memory:") as store:
        Pipeline(store, config).process(_items([
            {"id": "herald-tram", "text": text, "source": "www.harbourherald.com"},
            {"id": "herald-named", "text": text, "source": "Harbour Herald"},
            {"id": "unsourced", "text": text},
        ]))
        _, rows = store.run_sql("SELECT article_id, credits FROM articles ORDER BY article_id")
    assert dict(rows) == {"herald-named": ["meridianpress"], "herald-tram": ["meridianpress"],
                          "unsourced": ["harbourherald", "meridianpress"]}


def test_a_copy_that_credits_an_outlet_named_by_name_is_credited(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    # The wire's source given as a name, as feeds and spreadsheets give it, not as its domain.
    records = [dict(r, source="Meridian Press") if r["id"] == "ex-wire" else r for r in example_records]
    with Store(":memory:") as store:
        Pipeline(store, config).process(_items(records))
        uncredited = {r["article_id"] for r in store.run_query("uncredited_copies")}
        _, credits = store.run_sql("SELECT credits FROM articles WHERE article_id = 'ex-summary'")
    assert credits == [(["meridianpress"],)]
    # All credit Meridian Press (the translation in its day-first dateline, "4 March").
    assert uncredited == set()


def test_a_copy_that_cites_its_origins_outlet_by_a_name_no_table_knows_credits_it(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    # "Northwire" is in no list of outlets, and a weak pattern ("X reported") does not take an
    # unknown name for an outlet; but it names the origin's own outlet, northwire.example.
    def edit(r: dict[str, Any]) -> dict[str, Any]:
        if r["id"] == "ex-wire":
            return dict(r, source="https://www.northwire.example/business/strike")
        if r["id"] == "ex-rewrite":
            return dict(r, text=str(r["text"]) + "\n\nThe walkout was first reported by Northwire.")
        return r

    with Store(":memory:") as store:
        Pipeline(store, config).process(_items([edit(r) for r in example_records]))
        uncredited = {r["article_id"] for r in store.run_query("uncredited_copies")}
        _, rows = store.run_sql("SELECT credits, cited FROM articles WHERE article_id = 'ex-rewrite'")
        syndication = store.run_query("daily_syndication", {"since": "2026-03-04", "until": "2026-03-05"})
    assert rows == [(["meridianpress"], ["northwire"])]
    assert "ex-rewrite" not in uncredited and {"ex-copy", "ex-summary", "ex-translation"} <= uncredited
    assert sum(r["credited"] for r in syndication) == 1


def test_an_undated_brief_of_a_dated_story_hangs_under_it_and_moves_nothing(config: TrackerConfig) -> None:
    from tests.tracker.test_verify import TRAM_BRIEF, TRAM_WIRE, TRAM_WIRE_TITLE

    wire = {"id": "tram-wire", "source": "tidewire.example", "published_at": "2026-11-12T09:15:00Z",
            "title": TRAM_WIRE_TITLE, "text": TRAM_WIRE}
    brief = {"id": "tram-brief", "source": "briefly.example", "title": "Vellmar tram strike: what you need to know",
             "text": TRAM_BRIEF}
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items([wire]))
        found = pipeline.find(_items([brief])[0])
        assert not isinstance(found, Rejected) and found.edge.parent_id == "tram-wire"
        late = pipeline.process(_items([brief]))
        assert late.relinked == []
        assert _lineage(store)["tram-brief"] == ("tram-wire", "tram-wire", "summary")


def test_a_batch_names_the_stored_articles_whose_origin_parent_or_relation_it_changed(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    by_id = {r["id"]: r for r in example_records}
    rest = [r for r in example_records if r["id"] != "ex-wire"]
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        first = pipeline.process(_items(rest))
        before = _lineage(store)
        late = pipeline.process(_items([by_id["ex-wire"]]))
        after = _lineage(store)
        again = pipeline.process(_items([by_id["ex-other-1"]]))  # a duplicate: nothing changes
    assert first.relinked == [] and again.relinked == []
    changed = sorted(i for i in before if before[i] != after[i])
    assert late.relinked == changed and "ex-wire" not in late.relinked
    assert {"ex-copy", "ex-summary", "ex-translation"} <= set(changed)


def test_merged_batches_name_only_articles_stored_before_them_that_end_changed() -> None:
    from ingest.pipeline import BatchResult
    from tracker.model import LineageEdge

    def edge(article_id: str, origin: str, parent: str | None) -> LineageEdge:
        return LineageEdge(article_id, origin, parent, "copy" if parent else "original", 1.0, 1.0, 0.0, 0, 1)

    # The first batch stores "a"; the second gives "a" a new parent: "a" was not stored before.
    first = BatchResult(accepted=["a"], lineage={"a": edge("a", "a", None)})
    second = BatchResult(accepted=["w"], lineage={"a": edge("a", "w", "w")}, relinked=["a"],
                         previous={"a": ("a", None, "original")})
    total = BatchResult()
    total.merge(first)
    total.merge(second)
    assert total.relinked == []
    # A stored article moved by one batch and moved back by the next ends unchanged.
    moved = BatchResult(accepted=["b"], lineage={"x": edge("x", "b", "b")}, relinked=["x"],
                        previous={"x": ("x", None, "original")})
    back = BatchResult(accepted=["c"], lineage={"x": edge("x", "x", None)}, relinked=["x"],
                       previous={"x": ("b", "b", "copy")})
    total = BatchResult()
    total.merge(moved)
    assert total.relinked == ["x"]
    total.merge(back)
    assert total.relinked == []


def test_a_reprint_that_keeps_the_wires_own_told_mention_has_not_credited_the_wire(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    # The wire's own reporting ("... told Meridian Press on Wednesday") is in every verbatim
    # copy of it. A reprint without the dateline credits the agency by nothing of its own; a
    # reprint that adds "according to Meridian Press" in a sentence of its own does.
    by_id = {r["id"]: r for r in example_records}
    told = ("Kestrel's chief executive, Annika Sorell, told Meridian Press on Wednesday that the "
            "automation plan would go ahead whatever the outcome of the strike.")
    lead = "PORT ALDER, March 4 (Meridian Press) - "
    wire = dict(by_id["ex-wire"], text=str(by_id["ex-wire"]["text"]).replace(
        "\n\nBy mid-morning", f"\n\n{told}\n\nBy mid-morning", 1))
    assert told in wire["text"] and lead in wire["text"]
    body = str(wire["text"]).replace("By Ruth Calloway\n\n", "").replace(lead, "PORT ALDER, March 4 - ")
    reprint = {"id": "reprint", "source": "portnewsdaily.example", "published_at": "2026-03-04T12:00:00Z",
               "title": "Port Alder dockworkers strike", "text": body}
    credited = {"id": "credited", "source": "baynews.example", "published_at": "2026-03-04T12:30:00Z",
                "title": "Port Alder dockworkers strike",
                "text": body + "\n\nThe strike was reported earlier, according to Meridian Press."}
    with Store(":memory:") as store:
        Pipeline(store, config).process(_items([wire, reprint, credited]))
        lineage = _lineage(store)
        uncredited = {r["article_id"] for r in store.run_query("uncredited_copies")}
        _, rows = store.run_sql("SELECT article_id, credits, mentions FROM articles "
                                "WHERE article_id IN ('reprint', 'credited') ORDER BY article_id")
        syndication = store.run_query("daily_syndication", {"since": "2026-03-04", "until": "2026-03-05"})
    assert lineage["reprint"][1:] == ("ex-wire", "copy") and lineage["credited"][0] == "ex-wire"
    # Both credit the agency only by mentions: the kept one, and the credited page's own.
    told_words = ("kestrel s chief executive annika sorell", "told meridian press",
                  "on wednesday that the automation plan")
    assert [(i, c, sorted((m["before"], m["words"], m["after"]) for m in ms if m["outlet"] == "meridianpress"))
            for i, c, ms in rows] == [
        ("credited", ["meridianpress"], [told_words, ("the strike was reported earlier", "according to meridian press", "")]),
        ("reprint", ["meridianpress"], [told_words])]
    assert uncredited == {"reprint"}
    assert sum(r["credited"] for r in syndication) == 1


def _update_of(wire: dict[str, Any], number: int, vessels: str) -> dict[str, Any]:
    text = str(wire["text"])
    lead = "PORT ALDER, March 4 (Meridian Press) - "
    assert lead in text and "23 vessels" in text
    text = text.replace(lead, lead + (
        "Mediators called both sides back to talks on Wednesday afternoon as the number of ships "
        "waiting off Port Alder rose through the day, the state mediation office said.\n\n"))
    text = text.replace("23 vessels", f"{vessels} vessels")
    later = ["The mediation office said the talks would continue overnight and that both sides had "
             "agreed not to speak to the press.",
             "Late on Wednesday the harbour authority asked shipping lines to hold vessels at their "
             "previous ports of call until the talks end."][:number]
    text = text.replace("(Reporting by", "\n\n".join(later) + "\n\n(Reporting by")
    return dict(wire, id=f"ex-wire-{number}", text=text, title=f"UPDATE {number}-{wire['title']}")


@pytest.mark.parametrize("order", ["wire first", "updates first"])
def test_updates_derive_from_the_version_they_update_by_their_marks_alone(
        config: TrackerConfig, example_records: list[dict[str, Any]], order: str) -> None:
    # Without times, the first version is all in its update, so the text alone would make it the
    # update's excerpt; the "UPDATE n-" marks say which came later.
    wire = {k: v for k, v in example_records[0].items() if k != "published_at"}
    first, second = _update_of(wire, 1, "31"), _update_of(wire, 2, "34")
    records = [wire, first, second] if order == "wire first" else [second, first, wire]
    got = _ingest(config, records)
    assert got["ex-wire"][:2] == ("ex-wire", None)
    assert got["ex-wire-1"][:2] == ("ex-wire", "ex-wire")
    # The second update is as close to the first version as to the first update: the parent
    # rule then keeps the origin (lineage.PARENT_MARGIN).
    assert got["ex-wire-2"][0] == "ex-wire" and got["ex-wire-2"][1] in ("ex-wire", "ex-wire-1")


def test_a_copy_made_after_a_correction_derives_from_the_correction(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    wire = example_records[0]
    text = str(wire["text"])
    assert "$410 million" in text
    corrected = text.replace("$410 million", "$440 million")
    correction = dict(wire, id="ex-wire-corrected", title=f"CORRECTED-{wire['title']}",
                      published_at="2026-03-04T11:00:00Z",
                      text=corrected.replace("(Reporting by", "(Corrects cost of the automation plan in "
                                             "paragraph 6 to $440 million, not $410 million)\n\n(Reporting by"))
    copy = {"id": "copy-after", "title": wire["title"], "source": "dailyscroll.example",
            "published_at": "2026-03-04T12:30:00Z", "text": corrected}
    with Store(":memory:") as store:
        Pipeline(store, config).process(_items([wire, correction, copy]))
        got = _lineage(store)
        _, changed = store.run_sql("SELECT source_id, detail FROM changes WHERE article_id = 'copy-after' "
                                   "AND kind = 'number_changed' ORDER BY source_id")
    assert got["ex-wire-corrected"][:2] == ("ex-wire", "ex-wire")
    assert got["copy-after"][:2] == ("ex-wire", "ex-wire-corrected")
    # Against its parent the copy changed no figure; against the origin, the corrected one.
    assert changed == [("ex-wire", "410 became 440")]


@pytest.mark.parametrize(("source", "linked"), [("valleypost.example", True), ("meridianpress.example", False),
                                                (None, False)])
def test_a_passage_taken_word_for_word_by_another_outlet_needs_no_shared_lead(
        config: TrackerConfig, example_records: list[dict[str, Any]], source: str | None, linked: bool) -> None:
    # An explainer under its own headline and lead sets two paragraphs (four sentences) of the
    # wire story in its text. Another outlet doing so reuses the story; the wire's own outlet
    # repeating them is a follow-up with its background lines, and so is an unnamed page.
    wire = example_records[0]
    paragraphs = str(wire["text"]).split("\n\n")
    taken = [p for p in paragraphs if p.startswith(("The union is seeking", "At the centre of the dispute"))]
    assert len(taken) == 2
    text = "\n\n".join([
        "Shoppers in the region may soon see gaps on supermarket shelves, retailers warned on Wednesday, "
        "as a strike at the port held up deliveries of fresh fruit and car parts.",
        "Here is what we know about the dispute and what it could mean for prices.", *taken,
        "Retail groups said most stores held about a week of stock of imported goods, and that prices "
        "were unlikely to rise unless the stoppage lasted into April."])
    explainer = {"id": "explainer", "title": "What the Port Alder strike means for your shopping",
                 "published_at": "2026-03-04T15:00:00Z", "text": text, **({"source": source} if source else {})}
    got = _ingest(config, [wire, explainer])
    assert got["explainer"][:2] == (("ex-wire", "ex-wire") if linked else ("explainer", None))


ZH_WIRE = [
    "新港社维兰5月4日电 周一,暴雨引发的洪水冲过湖边小镇维兰,造成12人死亡,约3500名居民被迫离开家园,地区官员说。",
    "连续两天创纪录的降雨后,河水在不到六小时内上涨4.2米,黎明前冲垮了旧铁路桥附近的一段土堤。",
    "救援人员使用船只和两架军用直升机,到下午已从屋顶和楼上救出214人,地区消防部门说。",
    "内政部长表示,政府将拨款4000万欧元用于紧急援助,并增派600名士兵协助疏散。",
    "气象部门预计周三前还会有更多降雨,并对下游三个城镇发布了橙色预警。",
]
ZH_OTHER = [
    "新港社维兰5月9日电 周六,地区议会批准了一项新的公路预算,用于修复维兰与省会之间的主要道路,官员说。",
    "这条道路去年秋天因山体滑坡关闭了两个月,给当地商户造成了严重损失。",
    "议会发言人表示,工程将于七月开工,预计耗资1800万欧元,明年春天完工。",
    "反对派议员批评该计划过于昂贵,并称政府应优先修建新的铁路线。",
]


def test_a_chinese_copy_is_linked_and_its_changed_figure_explained(config: TrackerConfig) -> None:
    from tracker.explain import explain_articles
    from tracker.model import Article

    copy = [ZH_WIRE[0].replace("12人", "15人"), *ZH_WIRE[1:4]]
    records = [
        {"id": "zh-wire", "source": "xingang.example", "text": "\n\n".join(ZH_WIRE),
         "published_at": "2026-05-04T08:00:00Z"},
        {"id": "zh-copy", "source": "portal.example", "text": "\n\n".join(copy),
         "published_at": "2026-05-04T11:00:00Z"},
        {"id": "zh-other", "source": "xingang.example", "text": "\n\n".join(ZH_OTHER),
         "published_at": "2026-05-09T08:00:00Z"},
    ]
    got = _ingest(config, records)
    assert got["zh-copy"] == ("zh-wire", "zh-wire", "copy")
    assert got["zh-other"] == ("zh-other", None, "original")
    found = explain_articles(Article("zh-copy", "\n\n".join(copy), "0" * 16),
                             Article("zh-wire", "\n\n".join(ZH_WIRE), "0" * 16), config.shingle)
    assert len(found.pairs) == 4
    assert [c.detail for c in found.of_kind("number_changed")] == ["12 became 15"]
    assert [c.source_text for c in found.of_kind("dropped")] == [ZH_WIRE[4]]


def test_a_page_with_no_body_is_dead_lettered_with_the_item_it_came_as(config: TrackerConfig) -> None:
    record = {"id": "menus", "html": "<html><body><nav>Home | News</nav><p>Login</p></body></html>"}
    good = {"id": "good", "text": "The harbour authority said on Tuesday it would close the northern terminal."}
    with Store(":memory:") as store:
        result = Pipeline(store, config).process(_items([record, good]))
    assert [r.article_id for r in result.rejected] == ["menus"]
    assert json.loads(result.rejected[0].payload) == record
    assert result.accepted == ["good"]


def test_each_item_is_matched_against_every_item_before_it_whatever_the_batching(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    # Candidate generation skips crowded buckets (a formulaic sentence shared by many items):
    # a bucket's size, and so the candidates, must not depend on how the items were batched.
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        seen: list[int] = []
        verify = pipeline._verify

        def counting(*args: Any, **kwargs: Any) -> Any:
            # the index an item's candidates came from (stored candidates are read ahead
            # for several items at once; they are asked for again when each is verified)
            seen.append(len(pipeline.index))
            return verify(*args, **kwargs)

        pipeline._verify = counting  # type: ignore[method-assign]
        pipeline.process(_items(example_records))
    assert seen == list(range(len(example_records)))


def test_reuters_links_do_not_depend_on_the_batch_size() -> None:
    from tests.conftest import shared_path
    from tracker.config import load_config

    path = shared_path("data", "reuters21578", "articles.jsonl")
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line, _ in zip(fh, range(1700))]
    cfg = load_config(None, {})

    def run(batch: int) -> tuple[dict[str, tuple[str, str | None, str]], list[tuple[str, str]]]:
        with Store(":memory:") as store:
            pipeline = Pipeline(store, cfg)
            items = _items(records)
            for i in range(0, len(items), batch):
                pipeline.process(items[i:i + batch])
            _, pairs = store.run_sql("SELECT a_id, b_id FROM pairs ORDER BY ALL")
            return _lineage(store), pairs

    # Two dividend notices of one company, among a hundred others of the same form, had been
    # linked when they came in one batch of 256 and not in batches of 64.
    big, small = run(256), run(64)
    assert big[1] == small[1] and big[0] == small[0]


def test_a_failed_batch_leaves_no_article_in_the_index(config: TrackerConfig,
                                                        example_records: list[dict[str, Any]]) -> None:
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)
        pipeline.process(_items(example_records[:1]))

        def fail(*args: object) -> None:
            raise RuntimeError("disk full")

        original = store.replace_lineage
        store.replace_lineage = fail  # type: ignore[method-assign]
        with pytest.raises(RuntimeError):
            pipeline.process(_items(example_records[1:3]))
        store.replace_lineage = original  # type: ignore[method-assign]
        assert example_records[1]["id"] not in pipeline.index and example_records[0]["id"] in pipeline.index
        pipeline.process(_items(example_records[1:3]))
        assert _lineage(store)[str(example_records[1]["id"])][0] == example_records[0]["id"]


def test_an_index_not_rebuilt_after_a_failure_is_rebuilt_by_the_next_batch(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    with Store(":memory:") as store:
        pipeline = Pipeline(store, config)

        def fail(*args: object) -> None:
            raise RuntimeError("disk full")

        lineage, signatures = store.replace_lineage, store.signatures
        store.replace_lineage = fail  # type: ignore[method-assign]
        store.signatures = fail  # type: ignore[method-assign,assignment]
        with pytest.raises(RuntimeError, match="disk full"):
            pipeline.process(_items(example_records[:2]))
        store.replace_lineage, store.signatures = lineage, signatures  # type: ignore[method-assign]
        assert example_records[0]["id"] in pipeline.index, "not rebuilt yet: the store could not be read"
        found = pipeline.find(_items(example_records[:1])[0])
        assert not isinstance(found, Rejected) and not found.stored
        assert example_records[0]["id"] not in pipeline.index
        pipeline.process(_items(example_records[:2]))
        assert _lineage(store)[str(example_records[1]["id"])][0] == example_records[0]["id"]


def test_the_stored_candidates_of_a_batch_are_read_in_one_query(
        config: TrackerConfig, example_records: list[dict[str, Any]]) -> None:
    # Reading stored texts scans the whole text column whatever the number of ids asked for:
    # the candidates of a batch's articles are read ahead together, not once per article.
    stories = [r for r in example_records if r["id"] in {"ex-wire", "ex-offtopic-1", "ex-offtopic-2", "ex-offtopic-3"}]
    copies = [{**r, "id": f"copy-of-{r['id']}", "source": "copier.example",
               "text": str(r["text"]).rsplit("\n\n", 1)[0]} for r in stories]
    with Store(":memory:") as store:
        Pipeline(store, config).process(_items(stories))
        reads: list[list[str]] = []
        articles, article = store.articles, store.article

        def many(ids: Any) -> Any:
            reads.append(list(ids))
            return articles(ids)

        def one(article_id: str) -> Any:
            reads.append([article_id])
            return article(article_id)

        store.articles, store.article = many, one  # type: ignore[method-assign]
        result = Pipeline(store, config).process(_items(copies))  # a new process: nothing cached
        assert len(reads) == 1 and {r["id"] for r in stories} <= set(reads[0])
        assert {c["id"]: result.lineage[c["id"]].origin_id for c in copies} == {
            c["id"]: r["id"] for c, r in zip(copies, stories)}
