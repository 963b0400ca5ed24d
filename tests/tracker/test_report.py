"""tracker.report: the find-origin JSON shape and text, and the family tree drawing."""

from __future__ import annotations

import dataclasses

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from tracker.model import Article, LineageEdge, Match
from tracker.report import article_ref, family_json, family_text, finding_json, finding_text

T0 = datetime(2025, 3, 14, 6, 0, tzinfo=timezone.utc)

WIRE = Article(
    "wire",
    "Dockworkers walked off the job.",
    "00000000000000aa",
    url="https://tidewater.example/1",
    source="tidewater.example",
    title="Port strike halts grain exports",
    published_at=T0,
)
COPY = Article("copy", "Dockworkers walked off the job.", "00000000000000aa", source="courier.example")
EDGE = LineageEdge("copy", "wire", "wire", "copy", 0.97, 0.99, 0.02, 1, 2)
ALONE = LineageEdge("copy", "copy", None, "original", 1.0, 1.0, 0.0, 0, 1)
MATCHES = [Match("copy", "wire", "copy", 0.97, 0.99, 0.02, 0.9)]
EVIDENCE = [("Dockworkers walked off the job.", "Dockworkers walked off the job on Thursday.", 0.91234)]

KEYS = {"article", "origin", "parent", "relation", "scores", "path", "family_size", "sources", "evidence",
        "refused"}


def found() -> dict[str, Any]:
    return finding_json(COPY, True, EDGE, WIRE, WIRE, ["wire", "copy"], MATCHES, EVIDENCE)


def test_finding_json_shape() -> None:
    data = found()
    assert set(data) == KEYS
    assert set(data["scores"]) == {"similarity", "containment", "divergence"}
    assert data["article"] == {
        "id": "copy",
        "source": "courier.example",
        "title": None,
        "url": None,
        "published_at": None,
        "stored": True,
    }
    assert data["origin"] == {
        "id": "wire",
        "source": "tidewater.example",
        "title": "Port strike halts grain exports",
        "url": "https://tidewater.example/1",
        "published_at": "2025-03-14T06:00:00Z",
    }
    assert data["parent"] == data["origin"]
    assert data["relation"] == "copy"
    assert data["scores"] == {"similarity": 0.97, "containment": 0.99, "divergence": 0.02}
    assert data["path"] == ["wire", "copy"]
    assert data["sources"] == [
        {"id": "wire", "relation": "copy", "similarity": 0.97, "containment": 0.99, "divergence": 0.02}
    ]
    assert data["evidence"] == [{"derived": EVIDENCE[0][0], "source": EVIDENCE[0][1], "score": 0.912}]
    json.dumps(data)  # JSON-ready


def test_finding_json_when_nothing_is_found() -> None:
    data = finding_json(COPY, False, ALONE, None, None, ["copy"], [], [])
    assert set(data) == KEYS
    assert data["origin"] is None
    assert data["parent"] is None
    assert data["relation"] == "original"
    assert data["scores"] == {"similarity": None, "containment": None, "divergence": None}
    assert data["article"]["stored"] is False
    assert data["sources"] == [] and data["evidence"] == [] and data["refused"] == []
    assert "none found" in finding_text(data)
    assert "nearest candidates" not in finding_text(data)


def test_finding_text_lists_the_refused_candidates_and_why() -> None:
    why = ("a recurring report: 2 sentences match in words but state other figures, "
           "against 3 aligned sentences")
    data = finding_json(COPY, False, ALONE, None, None, ["copy"], [], [], [("wire", why)])
    assert data["refused"] == [{"id": "wire", "reason": why}]
    assert finding_text(data).splitlines()[-2:] == [
        "nearest candidates, not taken for sources:", f"  wire: {why}"]


def test_finding_json_with_origin_not_loaded_keeps_its_id() -> None:
    data = finding_json(COPY, True, EDGE, None, None, ["wire", "copy"], MATCHES, [])
    assert data["origin"] == {"id": "wire", "source": None, "title": None, "url": None, "published_at": None}
    assert data["parent"]["id"] == "wire"


def test_article_ref() -> None:
    assert article_ref(None) is None
    assert article_ref(None, "x") == {
        "id": "x",
        "source": None,
        "title": None,
        "url": None,
        "published_at": None,
    }
    ref = article_ref(WIRE)
    assert ref is not None and ref["published_at"] == "2025-03-14T06:00:00Z"
    # A day given without its hour is shown as that day, not as midnight.
    day = dataclasses.replace(WIRE, published_at=WIRE.published_at.replace(hour=0) if WIRE.published_at else None,
                              meta=(("published_precision", "day"),))
    assert (article_ref(day) or {})["published_at"] == "2025-03-14"


def test_finding_text() -> None:
    text = finding_text(found())
    lines = text.splitlines()
    assert lines[0] == "article:     copy (stored)"
    assert lines[1] == "origin:      wire [tidewater.example] 2025-03-14T06:00:00Z"
    assert "relation:    copy (of the article to its parent)" in lines
    assert "scores:      similarity 0.970  containment 0.990  divergence 0.020" in lines
    assert "path:        wire -> copy" in lines
    assert "  [0.91] Dockworkers walked off the job." in lines


# --- family tree ---------------------------------------------------------------------------


def member(
    article_id: str, parent: str | None, relation: str, divergence: float, depth: int, **extra: Any
) -> dict[str, Any]:
    row = {
        "article_id": article_id,
        "parent_id": parent,
        "relation": relation,
        "similarity": 1 - divergence,
        "containment": 0.9,
        "divergence": divergence,
        "depth": depth,
        "source": None,
        "title": None,
        "url": None,
        "published_at": None,
    }
    row.update(extra)
    return row


# Rows as queries/cluster_members.sql returns them: by depth.
MEMBERS = [
    member(
        "wire", None, "original", 0.0, 0, source="tidewater.example", title="Port strike", published_at=T0
    ),
    member("rewrite", "wire", "rewrite", 0.3, 1),
    member("copy", "wire", "copy", 0.05, 1, source="courier.example"),
    member("summary", "rewrite", "summary", 0.61, 2),
]


def test_family_json_nests_children() -> None:
    tree = family_json("wire", MEMBERS)
    assert tree["id"] == "wire" and tree["parent"] is None
    assert [c["id"] for c in tree["children"]] == ["rewrite", "copy"]
    assert tree["children"][0]["children"][0]["id"] == "summary"
    assert tree["published_at"] == "2025-03-14T06:00:00Z"
    # The scores of the lineage table, containment included (as find-origin gives them).
    assert {"similarity", "containment", "divergence"} <= set(tree["children"][0])


def test_family_json_of_unknown_root() -> None:
    assert family_json("nobody", MEMBERS[1:2]) == {"id": "nobody", "children": []}


def test_family_text_draws_the_tree_origin_first() -> None:
    text = family_text(family_json("wire", MEMBERS), focus="summary")
    assert text.splitlines() == [
        'wire  original [tidewater.example] 2025-03-14T06:00:00Z "Port strike"',
        "├── copy  copy  divergence 0.05 [courier.example]",
        "└── rewrite  rewrite  divergence 0.30",
        "    └── summary *  summary  divergence 0.61",
    ]


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]])
def test_family_text_does_not_depend_on_row_order(order: list[int]) -> None:
    rows = [MEMBERS[i] for i in order]
    assert family_text(family_json("wire", rows)) == family_text(family_json("wire", MEMBERS))


def test_family_text_of_a_lone_origin() -> None:
    assert family_text(family_json("wire", MEMBERS[:1]), focus="wire") == (
        'wire *  original [tidewater.example] 2025-03-14T06:00:00Z "Port strike"'
    )


def test_long_titles_are_clipped() -> None:
    rows = [member("wire", None, "original", 0.0, 0, title="x" * 200)]
    line = family_text(family_json("wire", rows))
    assert line.endswith('x…"')
    assert len(line) < 100
