"""Pure formatting of findings and families for people (text) and machines (JSON-ready dicts).

No I/O: the CLI prints what these functions return.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.model import Article, LineageEdge, Match


def article_ref(article: Article | None, article_id: str | None = None) -> dict[str, Any] | None:
    """The ``{"id", "source", "title", "url", "published_at"}`` object of the JSON output."""
    if article is None:
        return None if article_id is None else {
            "id": article_id, "source": None, "title": None, "url": None, "published_at": None}
    return {
        "id": article.article_id, "source": article.source, "title": article.title,
        "url": article.url, "published_at": _iso(article.published_at, article.day_only),
    }


def _iso(value: datetime | None, day_only: bool = False) -> str | None:
    """ISO 8601 in UTC; a day given without its hour as the day alone ("2026-06-04")."""
    if not value:
        return None
    return value.date().isoformat() if day_only else value.isoformat().replace("+00:00", "Z")


def finding_json(
    article: Article, stored: bool, edge: LineageEdge, origin: Article | None,
    parent: Article | None, path: list[str], matches: list[Match],
    evidence: list[tuple[str, str, float]], refused: list[tuple[str, str]] | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """The ``find-origin --json`` object. ``origin``/``parent`` are null when nothing is found.

    ``refused``: candidates that share aligned sentences with an article that derives from
    nothing, with the rule that refused each (``ingest.pipeline.Finding.refused``). ``note``:
    what the answer is about when it is not what was asked (``ingest.pipeline.Finding.note``);
    the key is there only then.
    """
    found = edge.parent_id is not None
    return {
        **({"note": note} if note else {}),
        "article": {**(article_ref(article) or {}), "stored": stored},
        "origin": article_ref(origin, edge.origin_id) if found else None,
        "parent": article_ref(parent, edge.parent_id) if found else None,
        "relation": edge.relation,
        "scores": {
            "similarity": edge.similarity if found else None,
            "containment": edge.containment if found else None,
            "divergence": edge.divergence if found else None,
        },
        "path": path,
        "family_size": edge.family_size,
        "sources": [
            {"id": m.source_id, "relation": m.relation, "similarity": m.similarity,
             "containment": m.containment, "divergence": m.divergence}
            for m in matches
        ],
        "evidence": [{"derived": d, "source": s, "score": round(score, 3)} for d, s, score in evidence],
        "refused": [{"id": cid, "reason": reason} for cid, reason in refused or []],
    }


def _label(ref: dict[str, Any] | None) -> str:
    if ref is None:
        return "-"
    bits = [ref["id"]]
    if ref.get("source"):
        bits.append(f"[{ref['source']}]")
    if ref.get("published_at"):
        bits.append(ref["published_at"])
    line = " ".join(bits)
    if ref.get("title"):
        line += f'\n             "{_clip(ref["title"], 90)}"'
    if ref.get("url"):
        line += f"\n             {ref['url']}"
    return line


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def finding_text(data: dict[str, Any]) -> str:
    """Human rendering of :func:`finding_json`."""
    art = data["article"]
    where = "stored" if art["stored"] else "not stored; matched against the database"
    lines = [f"note:        {data['note']}"] if data.get("note") else []
    lines.append(f"article:     {art['id']} ({where})")
    if data["origin"] is None:
        lines.append("origin:      none found: no stored article is a source of its text; "
                     "it is its own origin")
        size = data.get("family_size") or 1
        if art["stored"] and size > 1:
            lines.append(f"family:      it is the origin of a family of {size} "
                         f"(tracker lineage {art['id']}; who took from it: "
                         f"tracker query derivatives_of -p article_id={art['id']})")
        if data.get("refused"):
            lines.append("nearest candidates, not taken for sources:")
            lines += [f"  {r['id']}: {r['reason']}" for r in data["refused"]]
        return "\n".join(lines)
    scores = data["scores"]
    lines += [
        f"origin:      {_label(data['origin'])}",
        f"parent:      {_label(data['parent'])}",
        f"relation:    {data['relation']} (of the article to its parent)",
        f"scores:      similarity {scores['similarity']:.3f}  containment {scores['containment']:.3f}"
        f"  divergence {scores['divergence']:.3f}",
        f"path:        {' -> '.join(data['path'])}",
    ]
    others = [s for s in data["sources"] if s["id"] != data["parent"]["id"]]
    if others:
        lines.append("also from:   " + ", ".join(f"{s['id']} ({s['relation']}, {s['similarity']:.2f})" for s in others))
    if data["evidence"]:
        lines.append("evidence (article sentence | parent sentence):")
        for ev in data["evidence"]:
            lines.append(f"  [{ev['score']:.2f}] {_clip(ev['derived'], 110)}")
            lines.append(f"         | {_clip(ev['source'], 110)}")
    return "\n".join(lines)


def family_json(root: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    """A family as nested JSON: each node with its children."""
    nodes = {m["article_id"]: {**_member(m), "children": []} for m in members}
    for m in members:
        parent = m["parent_id"]
        if parent in nodes:
            nodes[parent]["children"].append(nodes[m["article_id"]])
    return nodes[root] if root in nodes else {"id": root, "children": []}


def _member(m: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": m["article_id"], "parent": m["parent_id"], "relation": m["relation"],
        "similarity": m["similarity"], "containment": m["containment"], "divergence": m["divergence"],
        "depth": m["depth"],
        "source": m["source"], "title": m["title"], "url": m["url"],
        "published_at": _iso(m["published_at"], bool(m.get("day_only"))),
    }


def family_text(tree: dict[str, Any], focus: str | None = None) -> str:
    """The family tree as indented text, the origin first; ``focus`` is marked with ``*``."""
    lines: list[str] = []

    def walk(node: dict[str, Any], prefix: str, last: bool, root: bool) -> None:
        mark = " *" if node["id"] == focus else ""
        who = " ".join(b for b in (f"[{node['source']}]" if node.get("source") else "",
                                    node.get("published_at") or "") if b)
        title = f' "{_clip(node["title"], 60)}"' if node.get("title") else ""
        if root:
            lines.append(f"{node['id']}{mark}  original {who}{title}".rstrip())
        else:
            branch = "└── " if last else "├── "
            lines.append(
                f"{prefix}{branch}{node['id']}{mark}  {node['relation']}  "
                f"divergence {node['divergence']:.2f} {who}{title}".rstrip()
            )
        kids = sorted(node["children"], key=lambda c: c["id"])
        for i, child in enumerate(kids):
            extension = "" if root else ("    " if last else "│   ")
            walk(child, prefix + extension, i == len(kids) - 1, False)

    walk(tree, "", True, True)
    return "\n".join(lines)
