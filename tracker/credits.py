"""Pure: what became of a source's credits in a derived text (the ``credits`` of ``tracker explain``)."""

from __future__ import annotations

import re
from typing import Any

from tracker.attribution import attributions, taken_mentions
from tracker.text import outlet_key, same_brand

#: A wire story's reporting line, "(Reporting by Elsa Brandvik; Editing by Tom Harrow)": it
#: credits people, not an outlet, and page cleaning drops it from the sentences.
_REPORTING = re.compile(r"\((?:(?:Additional )?[Rr]eporting|Writing|Compiled|Edited|Editing) by [^()\n]{2,200}\)")


_RIGHTS = re.compile(r"©|\([cC]\)|(?i:copyright)")
#: The people a reporting line names first ("Reporting by Chanda Mwale and Tom Hale;").
_REPORTERS = re.compile(r"^\((?:[Rr]eporting|Writing|Compiled) by ([^;()]+)")


def _reporter(line: str) -> str | None:
    """The first reporter a reporting line names ("Chanda Mwale" of "(Reporting by Chanda Mwale
    and Tom Hale; ...)")."""
    found = _REPORTERS.match(line)
    return re.split(r",|\s+and\s+|\s+in\s+", found.group(1).strip())[0].strip() if found else None


def credit_changes(derived_text: str, source_text: str, derived_source: str | None,
                   source_source: str | None = None) -> dict[str, Any]:
    """What became of the source's credits in the derived text (``tracker explain``).

    Returns:
        ``{"kept": [...], "dropped": [...], "added": [...], "derived": [...], "cited": [...]}``: the source's attributions
        (an outlet's name, the kind of signal and its words; a reporting line too) that the
        derived text still credits, those it does not (by name or by citing it), and the
        outlets the derived text credits itself: by a name that looks like an outlet's, or
        by a name it cites that is the source's outlet or one the source credits (a person
        it quotes is no outlet). A credit of the derived article's own outlet is neither. A
        kept outlet's ``derived_evidence`` is how the derived text credits it (its words,
        which may differ from the source's: "Source: Reuters" for a dropped dateline).
        ``added`` holds the outlets of ``derived`` that the source neither is nor credits, each
        with the derived text's words for it (``{"outlet", "evidence"}``).
        ``cited`` holds the keys of the other names the derived text reports from or signs
        with (a person, an outlet no table knows). A name the derived text mentions only in
        sentences it took from the source ("the minister told Reuters", kept by a reprint) is
        neither kept nor credited: it is the source's reporting.
    """
    own = outlet_key(derived_source)
    cited: list[str] = []
    # How the derived text credits each outlet (its first signal): a copy may keep a credit in
    # another form ("Source: Reuters" for the dateline it dropped).
    derived_as: dict[str, str] = {}
    cited_as: dict[str, str] = {}
    # A mention of the source's own outlet that the derived text took from it (a wire story's
    # "the minister told Reuters") is the source's reporting, not a credit the derived text
    # gives (uncredited_copies says alike). One of another outlet, taken with the source's
    # sentence (a rewrite's "Reuters reported", kept by a copy of the rewrite), is that
    # credit, kept. (With the source's outlet unknown, every taken mention is its reporting.)
    theirs = outlet_key(source_source)
    taken = {k for k in taken_mentions(derived_text, source_text) if theirs is None or same_brand(k, theirs)}
    # A rights line ("(c) 2026 Eastern Review") is the derived page's own footer: no credit it adds.
    footers: set[str] = set()
    for a in attributions(derived_text, cited, cited_as):
        if a.outlet not in taken:
            derived_as.setdefault(a.outlet, a.evidence)
            if a.kind == "credit_line" and _RIGHTS.search(a.evidence):
                footers.add(a.outlet)
    cited[:] = [key for key in cited if key not in taken]
    source_outlets = [a.outlet for a in attributions(source_text)] + [k for k in [outlet_key(source_source)] if k]
    # A cited name is an outlet's credit when it names the source's outlet or one it credits.
    for key in cited:
        if key not in derived_as and any(same_brand(key, o) for o in source_outlets):
            derived_as[key] = cited_as.get(key, "")
    keys = set(derived_as)
    kept: list[dict[str, str]] = []
    dropped: list[dict[str, str]] = []
    seen: set[str] = set()
    for a in attributions(source_text):
        # A rights line ("(c) 2026 ...") is the source page's own footer, not part of the story.
        if a.outlet in seen or a.outlet == own or a.kind == "credit_line" and _RIGHTS.search(a.evidence):
            continue
        seen.add(a.outlet)
        entry = {"name": a.name, "kind": a.kind, "evidence": a.evidence}
        if a.outlet in keys or any(same_brand(k, a.outlet) for k in keys):
            said = derived_as.get(a.outlet) or next(
                (e for k, e in derived_as.items() if same_brand(k, a.outlet)), "")
            kept.append({**entry, "derived_evidence": said})
        else:
            dropped.append(entry)
    lines = list(dict.fromkeys(_REPORTING.findall(derived_text)))
    same_outlet = same_brand(own, theirs)
    for line in dict.fromkeys(_REPORTING.findall(source_text)):
        entry = {"name": line, "kind": "reporting", "evidence": line}
        # An update by the same outlet, with its own reporting line naming the story's first
        # reporter first, keeps the credit however its other names changed (a copy elsewhere
        # that cut a name from the line dropped that credit).
        reporter = _reporter(line) if same_outlet else None
        same = line if line in lines else next(
            (d for d in lines if reporter is not None and _reporter(d) == reporter), None)
        if same is not None:
            kept.append({**entry, "derived_evidence": same})
        else:
            dropped.append(entry)
    # Credits the derived text gives that its source neither is nor gives ("Additional
    # reporting by AFP" in a copy of a Reuters story).
    added = [{"outlet": k, "evidence": derived_as[k]} for k in sorted(keys)
             if k not in footers and not same_brand(k, own) and not any(same_brand(k, o) for o in source_outlets)]
    return {"kept": kept, "dropped": dropped, "added": added,
            "derived": sorted(c for c in keys if not same_brand(c, own)),
            "cited": sorted({c for c in cited if c not in keys and not same_brand(c, own)})}
