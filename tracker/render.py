"""Pure rendering of story families and divergence explanations for tools and people.

* A family tree (the nested dict of :func:`tracker.report.family_json`) becomes Graphviz DOT
  text (:func:`family_dot`) or a self-contained HTML page (:func:`family_html`).
* An :class:`~tracker.explanation.Explanation` becomes JSON-ready data (:func:`explanation_json`),
  plain text (:func:`explanation_text`) or a self-contained side-by-side HTML page
  (:func:`explanation_html`).

The pages load nothing from anywhere (no scripts, fonts or images) and escape every piece of
article text, so a hostile headline cannot inject markup. No I/O: the CLI writes what these
functions return.
"""

from __future__ import annotations

import datetime
import decimal
import html
import math
from collections import defaultdict
from typing import Any

from tracker.credits import credit_changes
from tracker.explanation import AlignedDiff, Change, ChangeKind, Explanation, WordDiff, as_dict, word_diff
from tracker.model import Article
from tracker.quotations import NO_LONGER_QUOTED
from tracker.report import article_ref

_RELATION_COLOURS = {
    "original": "#fde68a", "copy": "#fecaca", "rewrite": "#bfdbfe", "translation": "#ddd6fe",
    "summary": "#bbf7d0",
}
_KIND_LABELS = {
    "headline_changed": "Headline", "inserted": "Inserted", "dropped": "Dropped",
    "quote_changed": "Quotes changed", "number_changed": "Numbers changed",
    "name_changed": "Names changed", "claim_changed": "Claims changed (hedges, approximations, negations)",
}


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


# --- family: DOT -----------------------------------------------------------------------------
def _dot(text: str) -> str:
    """A DOT double-quoted string (backslashes, quotes and newlines escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{escaped}"'


def _nodes(tree: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(sorted(node.get("children", []), key=lambda c: c["id"], reverse=True))
    return out


def family_dot(tree: dict[str, Any], focus: str | None = None) -> str:
    """The family as a Graphviz digraph: origin at the top, edges labelled with relation and
    divergence, nodes with outlet and time; ``focus`` drawn with a thick border.

    Example:
        ``tracker lineage seed-004 --format dot | dot -Tsvg > family.svg``
    """
    lines = [
        "digraph family {",
        f"  graph [rankdir=TB, labelloc=t, fontname=Helvetica, label={_dot('Story family of ' + tree['id'])}];",
        '  node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize=10, fillcolor="#ffffff"];',
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for node in _nodes(tree):
        label = [node["id"]]
        if node.get("source"):
            label.append(str(node["source"]))
        if node.get("published_at"):
            label.append(str(node["published_at"]))
        if node.get("title"):
            label.append(_clip(str(node["title"]), 48))
        relation = "original" if node is tree else str(node.get("relation"))
        attrs = [f"label={_dot(chr(10).join(label))}",
                 f"fillcolor={_dot(_RELATION_COLOURS.get(relation, '#ffffff'))}"]
        if node["id"] == focus:
            attrs.append("penwidth=3")
        lines.append(f"  {_dot(node['id'])} [{', '.join(attrs)}];")
    for node in _nodes(tree):
        for child in sorted(node.get("children", []), key=lambda c: c["id"]):
            edge = f"{child['relation']}\n{float(child['divergence']):.2f}"
            lines.append(f"  {_dot(node['id'])} -> {_dot(child['id'])} [label={_dot(edge)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- family: HTML ----------------------------------------------------------------------------
_PAGE_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2rem;color:#1f2937}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
.meta{color:#4b5563;margin:.2rem 0 1rem}code{font-size:.92em}
table{border-collapse:collapse;width:100%}th,td{vertical-align:top;text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e5e7eb}
th{background:#f3f4f6;font-weight:600}
.tree,.tree ul{list-style:none;margin:0;padding-left:1.6rem}.tree{padding-left:0}
.tree li{position:relative;margin:.45rem 0}
.tree ul li::before{content:"";position:absolute;left:-1.1rem;top:-.45rem;height:1.6rem;width:.9rem;border-left:2px solid #9ca3af;border-bottom:2px solid #9ca3af}
.node{display:inline-block;border:1px solid #9ca3af;border-radius:.5rem;padding:.35rem .6rem;max-width:46rem}
.node.focus{border:3px solid #111827}.node .who{color:#4b5563;font-size:.86rem}
.edge{display:inline-block;font-size:.8rem;color:#374151;margin-right:.4rem}
.original{background:#fde68a}.copy{background:#fecaca}.rewrite{background:#bfdbfe}
.translation{background:#ddd6fe}.summary{background:#bbf7d0}
"""


def _page(title: str, body: str, css: str = _PAGE_CSS) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{_e(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _node_html(node: dict[str, Any], root: bool, focus: str | None) -> str:
    relation = "original" if root else str(node.get("relation"))
    who = " · ".join(_e(v) for v in (node.get("source"), node.get("published_at")) if v)
    edge = "" if root else (
        f'<span class="edge">{_e(relation)} · divergence {float(node["divergence"]):.2f}</span>')
    focus_class = " focus" if node["id"] == focus else ""
    card = (f'<div class="node {_e(relation)}{focus_class}" id="{_e("n-" + node["id"])}">'
            f"<code>{_e(node['id'])}</code>"
            + (f' <span class="who">{who}</span>' if who else "")
            + (f"<br>{_e(node['title'])}" if node.get("title") else "") + "</div>")
    kids = sorted(node.get("children", []), key=lambda c: c["id"])
    inner = "".join(f"<li>{_node_html(k, False, focus)}</li>" for k in kids)
    return edge + card + (f"<ul>{inner}</ul>" if inner else "")


def family_html(tree: dict[str, Any], focus: str | None = None) -> str:
    """The family as a self-contained HTML page: the tree, then a table of its members."""
    members = _nodes(tree)
    rows = "".join(
        "<tr>"
        f"<td><code>{_e(m['id'])}</code></td>"
        f"<td>{_e('original' if m is tree else m.get('relation'))}</td>"
        f"<td>{_e('' if m is tree else m.get('parent'))}</td>"
        f"<td>{'' if m is tree else format(float(m['divergence']), '.2f')}</td>"
        f"<td>{_e(m.get('source'))}</td><td>{_e(m.get('published_at'))}</td>"
        f"<td>{_e(m.get('title'))}</td></tr>"
        for m in members
    )
    body = (
        f"<h1>Story family of <code>{_e(tree['id'])}</code></h1>"
        f'<p class="meta">{len(members)} articles; the origin is at the root, each article under '
        "the one it was derived from (relation and divergence from it on the left).</p>"
        f'<ul class="tree"><li>{_node_html(tree, True, focus)}</li></ul>'
        "<h2>Members</h2><table><thead><tr><th>article</th><th>relation</th><th>parent</th>"
        "<th>divergence</th><th>outlet</th><th>published</th><th>title</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    return _page(f"Story family of {tree['id']}", body)


# --- explanation: data and text --------------------------------------------------------------
def explanation_json(
    derived: Article, source: Article, role: str, explanation: Explanation,
) -> dict[str, Any]:
    """The ``tracker explain --json`` object.

    Args:
        derived: the explained article.
        source: the article it is compared with.
        role: what ``source`` is to ``derived`` (``parent``, ``origin``, ``parent and origin``,
            ``other``).
        explanation: the explanation.
    """
    data = {"article": article_ref(derived), "against": article_ref(source), "role": role, **as_dict(explanation)}
    credits = credit_changes(derived.text, source.text, derived.source, source.source)
    if not data["verdict"]["related"]:
        # An article that took nothing from the other dropped none of its credits, nor added any.
        credits["dropped"] = credits["added"] = []
    return {**data, "credits": credits}


def _word_diff_text(diff: list[dict[str, str]]) -> str:
    parts = []
    for d in diff:
        if d["op"] == "equal":
            parts.append(d["derived"])
        else:
            if d["source"]:
                parts.append(f"[-{d['source']}-]")
            if d["derived"]:
                parts.append(f"{{+{d['derived']}+}}")
    return " ".join(parts)


def explanation_text(data: dict[str, Any], width: int = 160) -> str:
    """Human rendering of :func:`explanation_json`: the changes, then the aligned pairs with
    word changes marked ``[-removed-]{+added+}``."""
    art, src = data["article"], data["against"]
    lines = [
        f"{art['id']} against {src['id']} ({data['role']})",
        f"divergence {data['divergence']:.2f}   kept {data['kept']:.0%} of {src['id']}'s text   "
        f"new text {data['inserted_share']:.0%} of {art['id']}   aligned pairs {len(data['pairs'])}",
        f"verification: {'derived' if data['verdict']['related'] else 'not a derivation'} — "
        f"{data['verdict']['reason']}",
    ]
    stored = data.get("stored")
    if stored is not None and data["verdict"]["related"] != stored["pair"]:
        lines.append(
            "ingest: no verified pair is stored between them (the candidate search did not offer "
            "it, or it was stored before the rules changed: tracker reverify)" if data["verdict"]["related"]
            else "ingest: stored as a verified pair, which verification no longer takes (tracker reverify)")
    elif stored is not None and stored["pair"] and not stored["matched"]:
        lines.append("ingest: verified, but not kept as a match (a common source explains it)")
    credits = data.get("credits") or {}
    # Credits are dropped (or added) by a copy; an article that took nothing from the other
    # dropped none.
    if credits.get("dropped") and data["verdict"]["related"]:
        lines += ["", f"credits dropped ({len(credits['dropped'])}):"] + [
            f"  - {c['name']}: {c['kind'].replace('_', ' ')} \"{_clip(c['evidence'], width)}\"" if c["kind"] != "reporting"
            else f"  - {_clip(c['evidence'], width)}" for c in credits["dropped"]]
        if not credits.get("derived"):
            lines.append(f"  {art['id']} credits no outlet")
        else:
            lines.append(f"  {art['id']} credits {', '.join(credits['derived'])}")
    if credits.get("added") and data["verdict"]["related"]:
        lines += ["", f"credits added ({len(credits['added'])}):"] + [
            f"  + {c['outlet']}" + (f": \"{_clip(c['evidence'], width)}\"" if c["evidence"] else "")
            for c in credits["added"]]
    head = data["headline"]
    if head["changed"]:
        lines += ["", "headline changed:", f"  - {_clip(head['source'], width)}",
                  f"  + {_clip(head['derived'], width)}"]
    sections = [("inserted", "inserted in the copy"), ("dropped", "dropped from the source"),
                ("quotes", "quotes changed"), ("numbers", "numbers changed"),
                ("names", "names changed"), ("claims", "claims changed (hedges, approximations, negations)")]
    for key, title in sections:
        items = data[key]
        if not items:
            continue
        lines += ["", f"{title} ({len(items)}):"]
        for c in items:
            if key == "inserted":
                where = f"#{c['derived_index']}"
                lines.append(f"  + {where:>4} {_clip(c['derived'], width)}  [{c['detail']}]")
            elif key == "dropped":
                lines.append(f"  - {'#' + str(c['source_index']):>4} {_clip(c['source'], width)}")
            elif key == "quotes":
                lines.append(f"  - \"{_clip(c['source'], width)}\"")
                if _unquoted(c["detail"]):  # the derived side is the kept sentence, not a quote
                    lines.append(f"  + {'#' + str(c['derived_index']):>4} {_clip(c['derived'] or '', width)}")
                else:
                    lines.append(f"  + \"{_clip(c['derived'] or '', width)}\"")
                lines.append(f"    {_clip(c['detail'], width)}")
            elif key == "claims":
                lines.append(f"  - {'#' + str(c['source_index']):>4} {_clip(c['source'], width)}")
                lines.append(f"  + {'#' + str(c['derived_index']):>4} {_clip(c['derived'], width)}")
                lines.append(f"    {_clip(c['detail'], width)}")
            else:
                lines.append(f"  {_clip(c['detail'], width)}")
    if data["pairs"]:
        lines += ["", "aligned pairs (copy #derived ~ source #source [similarity]; [-source-]{+copy+}):"]
        for p in data["pairs"]:
            head = f"  #{p['derived_index']} ~ #{p['source_index']} [{p['score']:.2f}] "
            if p["diff"]:
                lines.append(head + _clip(_word_diff_text(p["diff"]), width * 2))
            else:  # two languages: no word is shared, so both sentences are shown
                lines += [head + _clip(p["derived"], width), " " * len(head) + "| " + _clip(p["source"], width)]
    return "\n".join(lines)


# --- explanation: HTML -----------------------------------------------------------------------
_SIDE_CSS = _PAGE_CSS + """
.side{table-layout:fixed}.side .n{width:3rem;color:#6b7280;font-size:.8rem;text-align:right}
del{background:#fecaca;text-decoration:line-through;text-decoration-color:#991b1b}
ins{background:#bbf7d0;text-decoration:none}
tr.dropped td.src{background:#fee2e2}tr.inserted td.der{background:#dcfce7}
tr.unmatched td.txt{color:#6b7280;font-style:italic}
td.gap{color:#9ca3af;font-size:.8rem;font-style:italic}
.badge{display:inline-block;font-size:.72rem;border-radius:.6rem;padding:0 .45rem;margin-left:.3rem;background:#fef3c7;color:#92400e;white-space:nowrap}
ul.changes{padding-left:1.2rem}ul.changes li{margin:.25rem 0}
.legend span{margin-right:1rem}.score{color:#6b7280;font-size:.75rem}
"""


def _diff_cells(diff: tuple[WordDiff, ...]) -> tuple[str, str]:
    src: list[str] = []
    der: list[str] = []
    for w in diff:
        if w.op == "equal":
            src.append(_e(w.source))
            der.append(_e(w.derived))
            continue
        if w.source:
            src.append(f"<del>{_e(w.source)}</del>")
        if w.derived:
            der.append(f"<ins>{_e(w.derived)}</ins>")
    return " ".join(src), " ".join(der)


def _badges(changes: list[Change]) -> str:
    names = {"inserted": "inserted passage", "quote_changed": "quote changed",
             "number_changed": "number changed", "name_changed": "name changed",
             "headline_changed": "headline"}
    seen = dict.fromkeys(names.get(c.kind, c.kind) for c in changes)
    return "".join(f'<span class="badge">{_e(label)}</span>' for label in seen)


def _side_rows(explanation: Explanation) -> str:
    by_derived: dict[int, list[AlignedDiff]] = defaultdict(list)
    for d in explanation.pairs:
        by_derived[d.pair.derived_index].append(d)
    on_pair: dict[tuple[int | None, int | None], list[Change]] = defaultdict(list)
    for c in explanation.changes:
        on_pair[(c.derived_index, c.source_index)].append(c)
    aligned_src = {d.pair.source_index for d in explanation.pairs}
    inserted = {c.derived_index for c in explanation.of_kind("inserted") if c.source_index is None}
    rows: list[str] = []
    shown_d: set[int] = set()
    for c in explanation.of_kind("headline_changed"):
        if c.source_index is not None and c.derived_index is not None:
            src_html, der_html = _diff_cells(word_diff(c.source_text or "", c.derived_text or ""))
            rows.append(
                f'<tr class="headline" id="headline"><td class="n">{c.source_index}</td>'
                f'<td class="txt src"><b>{src_html}</b></td><td class="n">{c.derived_index}</td>'
                f'<td class="txt der"><b>{der_html}</b><span class="badge">headline</span></td></tr>')
            aligned_src.add(c.source_index)
            shown_d.add(c.derived_index)
    pending = [s for s in explanation.source if s.index not in aligned_src]

    def source_only(until: int | None) -> None:
        while pending and (until is None or pending[0].index < until):
            s = pending.pop(0)
            kind = "dropped" if (None, s.index) in on_pair else "unmatched"
            badge = _badges(on_pair.get((None, s.index), []))
            rows.append(
                f'<tr class="{kind}" id="s{s.index}"><td class="n">{s.index}</td>'
                f'<td class="txt src">{_e(s.text)}{badge}</td><td class="n"></td>'
                f'<td class="txt gap">{"dropped" if kind == "dropped" else "headline"}</td></tr>')

    for s in explanation.derived:
        for d in by_derived.get(s.index, []):
            p = d.pair
            source_only(p.source_index)
            src_html, der_html = _diff_cells(d.words)
            badge = _badges(on_pair.get((p.derived_index, p.source_index), []))
            rows.append(
                f'<tr class="pair" id="d{p.derived_index}-s{p.source_index}" '
                f'data-derived="{p.derived_index}" data-source="{p.source_index}">'
                f'<td class="n">{p.source_index}</td><td class="txt src">{src_html}</td>'
                f'<td class="n">{p.derived_index}<br><span class="score">{p.score:.2f}</span></td>'
                f'<td class="txt der">{der_html}{badge}</td></tr>')
        if s.index not in by_derived and s.index not in shown_d:
            kind = "inserted" if s.index in inserted else "unmatched"
            rows.append(
                f'<tr class="{kind}" id="d{s.index}"><td class="n"></td>'
                f'<td class="txt gap">{"inserted" if kind == "inserted" else "headline"}</td>'
                f'<td class="n">{s.index}</td><td class="txt der">{_e(s.text)}</td></tr>')
    source_only(None)
    return "".join(rows)


def _unquoted(detail: str) -> bool:
    """A quote change whose derived side is the kept sentence that no longer quotes it."""
    return detail.startswith(NO_LONGER_QUOTED)


def _change_item(c: Change) -> str:
    if c.kind == "inserted":
        anchor = f"d{c.derived_index}" if c.source_index is None else f"d{c.derived_index}-s{c.source_index}"
        text = f"<ins>{_e(c.derived_text)}</ins> <span class=\"score\">({_e(c.detail)})</span>"
    elif c.kind == "dropped":
        anchor, text = f"s{c.source_index}", f"<del>{_e(c.source_text)}</del>"
    elif c.kind == "quote_changed":
        anchor = f"d{c.derived_index}-s{c.source_index}"
        kept = _e(c.derived_text) if _unquoted(c.detail) else f"“{_e(c.derived_text)}”"
        text = (f"<del>“{_e(c.source_text)}”</del> → <ins>{kept}</ins>"
                f" <span class=\"score\">({_e(c.detail)})</span>")
    elif c.kind == "claim_changed":
        anchor = f"d{c.derived_index}-s{c.source_index}"
        text = (f"<del>{_e(c.source_text)}</del> → <ins>{_e(c.derived_text)}</ins>"
                f" <span class=\"score\">({_e(c.detail)})</span>")
    elif c.kind == "headline_changed":
        anchor = "headline" if c.source_index is not None and c.derived_index is not None else ""
        text = f"<del>{_e(c.source_text)}</del> → <ins>{_e(c.derived_text)}</ins>"
    else:
        anchor, text = f"d{c.derived_index}-s{c.source_index}", _e(c.detail)
    link = f' <a href="#{_e(anchor)}">↓</a>' if anchor else ""
    return f'<li class="change {_e(c.kind)}">{text}{link}</li>'


def _credit_sections(data: dict[str, Any]) -> list[str]:
    """The credits a copy dropped and added, as the text report lists them."""
    credits = data.get("credits") or {}
    if not data["verdict"]["related"]:
        return []
    sections = []
    if credits.get("dropped"):
        items = "".join(f'<li class="change credit_dropped">{_e(c["name"])}: {_e(c["kind"].replace("_", " "))} '
                        f'<del>{_e(c["evidence"])}</del></li>' if c["kind"] != "reporting"
                        else f'<li class="change credit_dropped"><del>{_e(c["evidence"])}</del></li>'
                        for c in credits["dropped"])
        credited = ", ".join(credits.get("derived") or []) or "no outlet"
        sections.append(f'<h3>Credits dropped ({len(credits["dropped"])})</h3><ul class="changes">{items}</ul>'
                        f'<p class="meta">{_e(data["article"]["id"])} credits {_e(credited)}</p>')
    if credits.get("added"):
        items = "".join(f'<li class="change credit_added">{_e(c["outlet"])}'
                        + (f': <ins>{_e(c["evidence"])}</ins>' if c["evidence"] else "") + "</li>"
                        for c in credits["added"])
        sections.append(f'<h3>Credits added ({len(credits["added"])})</h3><ul class="changes">{items}</ul>')
    return sections


def explanation_html(data: dict[str, Any], explanation: Explanation) -> str:
    """A self-contained page: the changes, then the two texts side by side.

    Args:
        data: :func:`explanation_json` of the same explanation (ids, outlets, titles).
        explanation: the explanation.

    Each aligned pair is a row (``tr.pair``) with removed words struck through in the source
    column and added words highlighted in the copy's column; dropped source sentences and
    inserted sentences of the copy are rows of their own.
    """
    art, src = data["article"], data["against"]
    title = f"How {art['id']} differs from {src['id']}"

    def ref(r: dict[str, Any]) -> str:
        bits = [f"<code>{_e(r['id'])}</code>"] + [_e(r[k]) for k in ("source", "published_at") if r.get(k)]
        head = f"<br>{_e(r['title'])}" if r.get("title") else ""
        return " · ".join(bits) + head

    sections = _credit_sections(data)
    order: tuple[ChangeKind, ...] = ("headline_changed", "inserted", "dropped", "quote_changed",
                                     "number_changed", "name_changed", "claim_changed")
    for kind in order:
        items = explanation.of_kind(kind)
        if items:
            sections.append(f'<h3>{_e(_KIND_LABELS[kind])} ({len(items)})</h3>'
                            f'<ul class="changes">{"".join(_change_item(c) for c in items)}</ul>')
    body = (
        f"<h1>{_e(title)}</h1>"
        f'<p class="meta">{_e(src["id"])} is its {_e(data["role"])} · divergence '
        f"{data['divergence']:.2f} · kept {data['kept']:.0%} of the source's text · "
        f"{data['inserted_share']:.0%} of the copy is new · {len(explanation.pairs)} aligned pairs</p>"
        f'<p class="meta">verification: {"derived" if data["verdict"]["related"] else "not a derivation"} — '
        f"{_e(data['verdict']['reason'])}</p>"
        "<table><thead><tr><th>source</th><th>copy</th></tr></thead>"
        f"<tbody><tr><td>{ref(src)}</td><td>{ref(art)}</td></tr></tbody></table>"
        f'<section id="changes"><h2>What changed</h2>{"".join(sections) or "<p>Nothing.</p>"}</section>'
        '<section id="side"><h2>Side by side</h2>'
        '<p class="legend"><span><del>removed</del> from the source</span>'
        "<span><ins>added</ins> in the copy</span><span>numbers: sentence positions and similarity</span></p>"
        '<table class="side"><thead><tr><th class="n">#</th>'
        f"<th>source: {_e(src['id'])}</th><th class=\"n\">#</th><th>copy: {_e(art['id'])}</th></tr></thead>"
        f"<tbody>{_side_rows(explanation)}</tbody></table></section>"
    )
    return _page(title, body, _SIDE_CSS)


# --- query results ---------------------------------------------------------------------------
def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_cell(v) for v in value) + "]"
    if hasattr(value, "isoformat"):
        return str(value.isoformat()).replace("+00:00", "Z")
    return str(value)


def _jsonable(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if hasattr(value, "isoformat"):
        return str(value.isoformat()).replace("+00:00", "Z")
    if isinstance(value, float):
        return value if math.isfinite(value) else None  # JSON has no NaN or Infinity
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def rows_json(columns: list[str], rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Rows as JSON-ready objects (timestamps as ISO 8601 with ``Z``, blobs as hex, decimals as
    numbers, intervals as seconds; NaN and infinities, which JSON cannot write, as null)."""
    return [{c: _jsonable(v) for c, v in zip(columns, row)} for row in rows]


def rows_csv(columns: list[str], rows: list[tuple[Any, ...]]) -> str:
    """Rows as CSV with a header line (RFC 4180 quoting)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def rows_table(columns: list[str], rows: list[tuple[Any, ...]], width: int = 60) -> str:
    """Rows as a fixed-width text table; cells longer than ``width`` are clipped, newlines shown
    as spaces. Ends with the row count."""
    cells = [[_clip(_cell(v).replace("\n", " "), width) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
