"""Pure lineage rules: origin, parent and relation for every article of a story family.

A family is a connected set of articles joined by verified pairs (:class:`PairEvidence`).
The decision is a pure function of the family's pairs and facts, never of arrival order, so
ingesting the same articles in any order gives the same lineage, and a copy that arrived
before its original is re-parented when the original arrives (DESIGN.md, "Lineage rules").

Evidence that ``x`` derives from ``y``, strongest first: publication times (when both are
known and differ by more than a minute; a crawler's fetch time only bounds its page's
publication from above, so a page fetched before the other was published is the earlier one,
and nothing else follows from it), explicit credit (``x`` credits ``y``'s outlet and not
the reverse), then the text (:func:`tracker.verify.text_direction`). One exception: a page
that credits a related page's outlet and states a time at most :data:`CREDITED_SKEW` before
it cannot have taken its text first; between those two the times are set aside
(:func:`credit_overrides_time`) and the credit orders them. Every article gets a
rank: its similarity to the other members plus how strongly its neighbours derive from it
(copies of one whole text share their rank, and only their own pairs order them; text
evidence that several tellings of one story each embed a short page is weak there, see
:func:`_condensed_story_pairs`). The members
are ordered by rank, except that of two related articles whose times say which
came first, the earlier always comes first. Each edge is oriented from the later article in
that order to the earlier one, so the graph is acyclic by construction; an article with no
neighbour before it is an origin, and every other article's parent is its most similar
neighbour before it (the origin itself when it is nearly as close: a summary is credited
to the original rather than to a close rewrite of it, unless the rewrite is clearly closer).
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from datetime import datetime, timedelta
from functools import lru_cache

from tracker.model import ArticleFacts, LineageEdge, Match, PairEvidence, Relation
from tracker.text import outlet_key

# Publication times this close are treated as simultaneous (re-issues, clock skew). Known
# times outweigh every text signal (structural text evidence is 2.0, see tracker.verify).
TIME_TOLERANCE = timedelta(minutes=1)
DAY_SECONDS = 86_400
# A day without its hour, stored at midnight UTC, is some time between 12 hours before and 36
# hours after that midnight: the day itself, in any zone from UTC-12 to UTC+12.
DAY_WINDOW = (timedelta(hours=-12), timedelta(hours=36))
TIME_WEIGHT = 3.0
CREDIT_WEIGHT = 0.5
# Of two pages, one that states when it was published and one that states no time at all (a
# text pasted into find-origin, a scrape stripped of its metadata), the dated one is the
# likelier source: weak evidence, above the text's own (TEXT_WEIGHT) short of structural
# evidence. A near-copy posted without a date had become the origin of the dated story it
# copies when the text leaned its way by a few words.
DATED_WEIGHT = 0.3
# Text direction is weak evidence next to similarity to the rest of the family: the original
# is the member the others resemble most (the stemma principle). On the seeds the text alone
# would make the translation the source of the original (its dropped paragraphs lower the
# original's coverage); similarity to the three other members does not.
TEXT_WEIGHT = 0.25
# Text evidence beyond +-1 is structural (an excerpt embedded in another page, see
# tracker.verify.text_direction) and counts in full.
# Rank differences below this are noise (a few words of page chrome), not evidence.
RANK_TIE = 0.02
# A parent other than the origin must beat the origin's similarity by this much.
PARENT_MARGIN = 0.05
# A common source z explains an article's resemblance to y only if z covers at least this
# share of what y covers of the article. A page that embeds a passage of y and another of z
# is covered by each for a different part: on PAN this keeps 2 rewrites whose source shares
# an unrelated paragraph with another source of the same page; the seeds' pruned links
# (rewrites and a summary of one story) have ratios 1.0-1.09.
EXPLAINED_COVERAGE = 0.9
# Across three languages, a common source z explains an article's resemblance to y when z
# covers this much more of the article than y does (see _unexplained).
COVERED_MORE = 0.1
# A source that derives from another source of the article is not its parent when that other
# source covers this much more of the article: a trimmed copy of a wire story (its first five
# paragraphs) is more similar to a rewrite of the story than the whole story is, but it cannot
# be the parent of a rewrite that also tells the story's later paragraphs. (Any source covering
# more, related or not: 26 PAN pages that compile passages of several sources re-parented,
# mostly onto other compilations.)
PARENT_COVERAGE = 0.1
# An article this many times closer to z than to y resembles y through z, however little y
# resembles z (a translation and a summary of one wire story: 0.61 to the story, 0.13 to each
# other).
CLOSER = 3.0
# Two pages this similar tell one story (see _condensed_story_pairs).
STORY_SIMILARITY = 0.5
# Two articles are copies of one whole text when each covers at least this share of the other.
WHOLE_COPY = 0.8
# ...and a reprint that covers more of the article than the text it reprints does, by this
# share of the article's words, gave the article text of its own (a sentence it added, which
# the article carries too): it is a source, not explained by the text it reprints. A copy
# of a copy of a copy that carries both copies' added sentences had the first copy for its
# parent. PAN, the Reuters groups and the seeds: unchanged (every measure and match row).
# The same margin keeps such a source as parent against the origin (PARENT_MARGIN).
OWN_TEXT = 0.02
# A source closer than the origin by PARENT_MARGIN or more, that covers no more of the article
# (OWN_TEXT) and tells it in words no closer than the origin's (mean all-word Jaccard and mean
# similarity of the aligned sentences, each within this margin), is closer only by being
# shorter: a next-day story
# that carries the wire's background lines word for word had another outlet's brief of the
# wire as parent (similarity 0.39 against 0.25, the brief's lead reworded; the wire's lines
# 0.83 against 0.61), and a brief of the wire a trimmed copy of it. The origin is the parent,
# unless the article tells (nearly) all of that source (EXPLAINED_COVERAGE): a copy of a
# trimmed copy keeps the trim. On 19k Reuters stories 4 parents change (short versions of a
# story now hang under the story, not under another short version); PAN and the seeds:
# unchanged.
SAME_WORDING = 0.02
#: A source in the article's own language that tells this share of it is its parent over any
#: source in another language (see decide): across languages similarity is of names and
#: figures, on another scale.
OWN_LANGUAGE = 0.5


def later(a: ArticleFacts | None, b: ArticleFacts | None) -> int:
    """1 when the times say ``a`` was published after ``b``, -1 for the reverse, else 0.

    Both times must be known and differ by more than :data:`TIME_TOLERANCE`. A fetch or
    update time only bounds its article's publication from above: "fetched after the other
    was published" says nothing of which came first. A day given without its hour is some
    time of that day in the page's own zone (:data:`DAY_WINDOW`): a page dated "June 3" is not
    before a story filed at 08:30 UTC that day, nor after one filed at 01:00 UTC on June 4 (still
    June 3 in New York); it orders against times outside that window.
    """
    if a is None or b is None or not a.published_at or not b.published_at:
        return 0
    if a.day_only or b.day_only:
        a_first, a_last = _window(a)
        b_first, b_last = _window(b)
        if a_first >= b_last + TIME_TOLERANCE and not a.time_bound:
            return 1
        if b_first >= a_last + TIME_TOLERANCE and not b.time_bound:
            return -1
        return 0
    delta = a.published_at - b.published_at
    if delta > TIME_TOLERANCE and not a.time_bound:
        return 1
    if delta < -TIME_TOLERANCE and not b.time_bound:
        return -1
    return 0


#: How far before a related page a page that credits its outlet may be stamped and still be
#: taken for its copy: clocks and zones err by hours (a zone read as UTC is up to 14 hours
#: off), not days.
CREDITED_SKEW = timedelta(days=1)


def credit_overrides_time(a: ArticleFacts | None, b: ArticleFacts | None) -> bool:
    """``a`` credits ``b``'s outlet (and not the reverse), and states a publication time
    before ``b``'s by at most :data:`CREDITED_SKEW`: the times of the two are wrong, not the
    credit. A copy stamped two minutes before the wire story its dateline credits had become
    the story's origin, and the agency's own story an uncredited copy of it.

    Only between stated times to the minute (a fetch time, or a day without its hour, orders
    loosely anyway).
    """
    if a is None or b is None or later(a, b) >= 0 or a.time_bound or a.day_only or b.day_only:
        return False
    assert a.published_at is not None and b.published_at is not None
    a_outlet, b_outlet = outlet_key(a.source), outlet_key(b.source)
    return (b.published_at - a.published_at <= CREDITED_SKEW and a_outlet != b_outlet
            and a.credits_outlet(b_outlet) and not b.credits_outlet(a_outlet))


def _window(f: ArticleFacts) -> tuple[datetime, datetime]:
    """The earliest and latest time an article's ``published_at`` may stand for."""
    assert f.published_at is not None
    if f.day_only:
        return f.published_at + DAY_WINDOW[0], f.published_at + DAY_WINDOW[1]
    return f.published_at, f.published_at


def direction(pair: PairEvidence, facts: dict[str, ArticleFacts], bounds: bool = True) -> float:
    """Signed evidence that ``pair.a_id`` derives from ``pair.b_id`` (negative: the reverse).

    With ``bounds`` false, a fetch or update time does not count: the ranks leave it out. It
    orders its page before a later publication (:func:`_in_time_order`), but says nothing of
    which page is the story's source: as rank evidence it made a crawled excerpt "earlier" than
    the wire story's reprints, and so the family's origin, while the story shared its
    reprints' rank.
    """
    a, b = facts.get(pair.a_id), facts.get(pair.b_id)
    text = pair.a_from_b
    score = text if abs(text) > 1 else TEXT_WEIGHT * text
    if (bounds or not (a is not None and a.time_bound or b is not None and b.time_bound)) \
            and not credit_overrides_time(a, b) and not credit_overrides_time(b, a):
        score += TIME_WEIGHT * later(a, b)
    if a is not None and b is not None:
        if a.published_at is None and b.published_at is not None and not b.time_bound:
            score += DATED_WEIGHT
        elif b.published_at is None and a.published_at is not None and not a.time_bound:
            score -= DATED_WEIGHT
        a_outlet, b_outlet = outlet_key(a.source), outlet_key(b.source)
        a_credits_b = a.credits_outlet(b_outlet) and a_outlet != b_outlet
        b_credits_a = b.credits_outlet(a_outlet) and a_outlet != b_outlet
        if a_credits_b and not b_credits_a:
            score += CREDIT_WEIGHT
        elif b_credits_a and not a_credits_b:
            score -= CREDIT_WEIGHT
    return score


def families(pairs: list[PairEvidence]) -> list[set[str]]:
    """Connected components of the pair graph (articles with no pair are not listed)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for p in pairs:
        ra, rb = find(p.a_id), find(p.b_id)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = defaultdict(set)
    for node in list(parent):
        groups[find(node)].add(node)
    return sorted(groups.values(), key=lambda g: min(g))


def decide(
    members: set[str], pairs: list[PairEvidence], facts: dict[str, ArticleFacts]
) -> tuple[list[LineageEdge], list[Match]]:
    """Lineage of one family.

    Args:
        members: the family's article ids (a single id for an unrelated article).
        pairs: every verified pair among ``members``.
        facts: publication time, outlet and credits of each member.

    Returns:
        One :class:`LineageEdge` per member, and one :class:`Match` per pair, oriented from
        the derived article to its source.
    """
    pairs = _without_detours(pairs, facts)
    rank: dict[str, float] = {m: 0.0 for m in members}
    condensed = _condensed_story_pairs(pairs)
    for pair in pairs:
        d = direction(pair, facts, bounds=False)
        if (pair.a_id, pair.b_id) in condensed:
            d += TEXT_WEIGHT * (1 if pair.a_from_b > 0 else -1) - pair.a_from_b
        rank[pair.b_id] += d
        rank[pair.a_id] -= d
    # Similarity to the rest of the family is evidence of being its source only where the
    # family resembles one another: a pair inside a triangle. Two rewrites of a wire story
    # resemble each other as well as the wire story; the sources of a page that compiles
    # passages from several pages do not resemble one another, and that page, similar to all
    # of them, is no more their source than they are its (the text direction decides).
    neighbours: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        neighbours[pair.a_id].add(pair.b_id)
        neighbours[pair.b_id].add(pair.a_id)
    for pair in pairs:
        if neighbours[pair.a_id] & neighbours[pair.b_id]:
            rank[pair.a_id] += pair.similarity
            rank[pair.b_id] += pair.similarity
    _share_ranks_of_copies(rank, pairs, facts)
    # Ranks closer than RANK_TIE are a tie, broken by earlier publication (a stated time: the
    # order pages were fetched in is not the order they were published in), then the longer
    # body, then less page chrome around it (a wire service publishes clean text, an
    # aggregator wraps it), then id; all order-free.
    def key(m: str) -> tuple[float, float, int, int, str]:
        f = facts.get(m)
        ts = f.published_at.timestamp() if f and f.published_at and not f.time_bound else float("inf")
        if f and f.day_only:
            ts += DAY_SECONDS - 1  # by the end of its day: not before a same-day time that has its hour
        tie = round(rank[m] / RANK_TIE)
        return (-tie, ts, -(f.n_words if f else 0), f.raw_chars if f else 0, m)

    # (A credit does not overrule the text's structural evidence that the credited page took
    # from the crediting one: a roundup that embeds a story's paragraphs, which named the
    # roundup's agency in a sentence of background.)
    credited = sorted((x, y) for p in pairs for x, y in ((p.a_id, p.b_id), (p.b_id, p.a_id))
                      if credit_overrides_time(facts.get(x), facts.get(y))
                      and (p.a_from_b if p.a_id == y else -p.a_from_b) <= 1)
    excused = _credit_chains(credited, pairs, facts)
    order = _in_time_order(sorted(members, key=key), facts, excused, _dated_sources(pairs, facts), credited)
    position = {m: i for i, m in enumerate(order)}
    sources: dict[str, list[tuple[str, PairEvidence]]] = defaultdict(list)
    matches: list[Match] = []
    for pair in pairs:
        derived, source = (
            (pair.a_id, pair.b_id) if position[pair.a_id] > position[pair.b_id] else (pair.b_id, pair.a_id)
        )
        sources[derived].append((source, pair))
    # Prune against the unpruned lists, so that the result does not depend on the order of
    # the pairs. The highest-ranked source of an article can never be pruned.
    everything = {derived: list(found) for derived, found in sources.items()}
    for derived in sorted(everything):
        sources[derived] = _unexplained(everything[derived], everything, derived, facts)
        matches.extend(_match(derived, source, pair, facts) for source, pair in sources[derived])
    changed_between = {frozenset((p.a_id, p.b_id)): p.figures_changed for p in pairs}
    parent_of: dict[str, tuple[str, PairEvidence] | None] = {}
    origin_of: dict[str, str] = {}
    depth: dict[str, int] = {}
    for m in order:
        cands = sources.get(m, [])
        if not cands:
            parent_of[m] = None
            origin_of[m] = m
            depth[m] = 0
            continue
        # Not a source that itself derives from another source of the article which covers
        # clearly more of it: the article took from that one (a trimmed copy of a story is not
        # the parent of a rewrite that also tells the story's later paragraphs).
        # (Not a source in another language: across languages the coverage counts the sentences
        # paired by their names and figures, and a faithful translation whose other sentences
        # name nothing covers less of a back-translation than the original does.)
        covering = {source: _coverage(pair, source) for source, pair in cands}
        cands = [c for c in cands
                 if _across_languages(c[1])
                 or not any(z in covering and covering[z] >= covering[c[0]] + PARENT_COVERAGE
                            for z, _ in everything.get(c[0], ()))]
        # Not a source in another language that is a translation of a source in the article's
        # own language, or when one in its own language tells half of the article
        # (OWN_LANGUAGE): similarity across languages is of names and figures, on another
        # scale (a loose rewrite of the wire story resembles the wire's French translation
        # "more" than the wire itself; a summary of the wire a Spanish brief of it whose own
        # link to the wire was not made). A full translation keeps its source over a brief in
        # its own language, which tells little of it. A page that says it is a translation is
        # given its source in another language below.
        own_language = {c[0] for c in cands if not _across_languages(c[1])}
        closest = [c for c in cands if not (_across_languages(c[1]) and (
            any(z in own_language and _across_languages(zp) for z, zp in everything.get(c[0], ()))
            or any(covering[z] >= OWN_LANGUAGE for z in own_language)))] or cands
        best = max(closest, key=lambda c: (c[1].similarity, -position[c[0]]))
        # The origin of the closest source's line, not another root of the family: a later
        # summary linked to this article but not to the wire story is a root too, and is no
        # origin of what this article took from the wire through a rewrite.
        origins = [c for c in cands if origin_of[c[0]] == c[0] == origin_of[best[0]]
                   and not taken_from(facts, m, best[0], c[0])]
        if origins:
            top_origin = max(origins, key=lambda c: (c[1].similarity, -position[c[0]]))
            # ...unless the closest source covers more of the article than the origin does
            # (OWN_TEXT): the article carries text that source added (a copy of an
            # aggregator's copy keeps the aggregator's note).
            # A closer source that tells the article no more, in no closer words, and that
            # the article does not tell whole, is closer only by being shorter (a brief, a
            # trimmed copy): the article took from the origin (SAME_WORDING).
            if covering[best[0]] <= covering[top_origin[0]] + OWN_TEXT and (
                    best[1].similarity < top_origin[1].similarity + PARENT_MARGIN
                    or not _across_languages(best[1]) and not _across_languages(top_origin[1])
                    and best[1].lexical <= top_origin[1].lexical + SAME_WORDING
                    and _score(best[1]) <= _score(top_origin[1]) + SAME_WORDING
                    and _told(best[1], best[0]) < EXPLAINED_COVERAGE):
                best = top_origin
        # Of sources about as close (within PARENT_MARGIN), the one that tells the article's
        # figures: a copy made after a correction carries the corrected figure, one word, and
        # is as similar to the story as to its correction.
        agreeing = [c for c in cands if c[1].figures_changed < best[1].figures_changed
                    and c[1].similarity + PARENT_MARGIN >= best[1].similarity
                    and changed_between.get(frozenset((c[0], best[0])), 0)]
        if agreeing:
            best = min(agreeing, key=lambda c: (c[1].figures_changed, -c[1].similarity, position[c[0]]))
        # A page that says it is a translation (its note, its menus in another language) of a
        # source in its own language was translated from a source in another language: a
        # back-translation resembles the original in its own language more than the
        # translation it was made from, which similarity across languages cannot show.
        if not _across_languages(best[1]) and _relation(m, best[1]) == "translation":
            foreign = [c for c in cands if _across_languages(c[1]) and _relation(m, c[1]) == "translation"]
            if foreign:
                best = max(foreign, key=lambda c: (c[1].similarity, -position[c[0]]))
        parent_of[m] = best
        origin_of[m] = origin_of[best[0]]
        depth[m] = depth[best[0]] + 1
    sizes: dict[str, int] = defaultdict(int)
    for m in members:
        sizes[origin_of[m]] += 1
    edges = []
    for m in order:
        chosen = parent_of[m]
        if chosen is None:
            edges.append(LineageEdge(m, m, None, "original", 1.0, 1.0, 0.0, 0, sizes[m]))
            continue
        source, pair = chosen
        match = _match(m, source, pair, facts)
        edges.append(
            LineageEdge(m, origin_of[m], source, match.relation, match.similarity,
                        match.containment, match.divergence, depth[m], sizes[origin_of[m]])
        )
    return edges, matches


def _without_detours(pairs: list[PairEvidence], facts: dict[str, ArticleFacts]) -> list[PairEvidence]:
    """The pairs without the link of an article to a translation of a text in its own language
    that it is not linked to.

    A translation ``b`` of ``z`` (published after ``z``) tells ``z``'s names and figures in
    order, and so does an article ``a`` in ``z``'s language that retells ``z``'s story: the
    translation-side evidence (names and figures, :func:`tracker.verify.translation_evidence`)
    links ``a`` to ``b``. But what ``a`` shares with ``b`` it shares with ``z`` in its own
    words, where verification reads them whole; when that found no derivation, ``a`` took
    nothing from ``b`` either (an English retelling of a Reuters story had become the
    "translation" of its German translation, and a family English -> German -> English).
    Without ``b`` in the corpus, ``a`` would be unlinked: so it is with it. Only when ``b`` is
    clearly closer to ``z`` (:data:`PARENT_MARGIN`) than to ``a``: a back-translation of ``b``
    is as close to it as ``b`` is to ``z``, and a translation of one English story that shares
    a few names with another English story is far closer to its own.
    """
    linked = {frozenset((p.a_id, p.b_id)) for p in pairs}
    crossed: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for p in pairs:
        if _across_languages(p):
            crossed[p.a_id].append((p.b_id, p.similarity))
            crossed[p.b_id].append((p.a_id, p.similarity))

    def detour(a: str, b: str, similarity: float) -> bool:
        lang = facts[a].lang if a in facts else None
        return lang is not None and any(
            z != a and z in facts and facts[z].lang == lang and frozenset((a, z)) not in linked
            and later(facts.get(b), facts[z]) == 1 and zb >= similarity + PARENT_MARGIN for z, zb in crossed[b])

    return [p for p in pairs if not (_across_languages(p) and (detour(p.a_id, p.b_id, p.similarity)
                                                               or detour(p.b_id, p.a_id, p.similarity)))]


def _condensed_story_pairs(pairs: list[PairEvidence]) -> set[tuple[str, str]]:
    """Pairs whose structural text evidence ("this page embeds the other's passage") is
    contradicted by the family: the page and another page that also "embeds" the same small
    article resemble each other more than either resembles it.

    Two pages that each set a passage of one source among their own text share that passage
    and little else. Two pages that tell one story (a wire story and its copy or rewrite)
    share far more than a short summary of it shares with either: the summary condenses
    their story, it is not a passage they both embed. Such evidence counts as weak text
    evidence (:data:`TEXT_WEIGHT`), and similarity to the family decides. Returns the
    ``(a_id, b_id)`` of those pairs.
    """
    similarity: dict[frozenset[str], float] = {}
    linked: dict[str, dict[str, PairEvidence]] = defaultdict(dict)
    embedders: dict[str, dict[str, PairEvidence]] = defaultdict(dict)
    for pair in pairs:
        similarity[frozenset((pair.a_id, pair.b_id))] = pair.similarity
        linked[pair.a_id][pair.b_id] = linked[pair.b_id][pair.a_id] = pair
        if abs(pair.a_from_b) > 1:
            page, embedded = (pair.a_id, pair.b_id) if pair.a_from_b > 0 else (pair.b_id, pair.a_id)
            page_cov, embedded_cov = (pair.a_coverage, pair.b_coverage) if page == pair.a_id else \
                (pair.b_coverage, pair.a_coverage)
            # An excerpt reading: the small article is mostly in the page, which is mostly other
            # text (not a translation note's evidence, which says nothing of sizes).
            if embedded_cov >= 2 * page_cov:
                embedders[embedded][page] = pair
    found: set[tuple[str, str]] = set()
    for embedded, pages in embedders.items():
        for page, pair in pages.items():
            # Another telling linked to the small article, whether or not it too was read as
            # a page embedding it (a wire story whose rest reads on from the shared part).
            for other, other_pair in linked[embedded].items():
                together = similarity.get(frozenset((page, other)))
                if (other != page and together is not None and together >= STORY_SIMILARITY
                        and together > max(pair.similarity, other_pair.similarity)):
                    found.add((pair.a_id, pair.b_id))
                    break
    return found


def _share_ranks_of_copies(rank: dict[str, float], pairs: list[PairEvidence],
                           facts: dict[str, ArticleFacts]) -> None:
    """Give the members of a set of whole-text copies one rank, less what their own pairs say.

    Two pages that carry the same text stand in the same relation to the rest of the family:
    evidence that one of them derives from a third article (a translation note on one of
    them, which its copy left out) holds for both. Their common rank is the mean of theirs;
    between them, only the evidence of their own pairs orders them (times, the text).
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    inner: list[PairEvidence] = []
    for pair in pairs:
        if _whole_copies(pair):
            inner.append(pair)
            parent[find(pair.a_id)] = find(pair.b_id)
    groups: dict[str, list[str]] = defaultdict(list)
    for m in sorted({x for pair in inner for x in (pair.a_id, pair.b_id)}):  # sorted: a sum in fixed order
        groups[find(m)].append(m)
    own: dict[str, float] = defaultdict(float)
    for pair in inner:
        d = direction(pair, facts, bounds=False)
        own[pair.b_id] += d
        own[pair.a_id] -= d
    for group in groups.values():
        mean = sum(rank[m] for m in group) / len(group)
        for m in group:
            rank[m] = mean + own[m]


def _whole_copies(pair: PairEvidence) -> bool:
    """The two articles carry one whole text: ``copy`` both ways, each covering
    :data:`WHOLE_COPY` of the other."""
    return pair.relation == pair.relation_reverse == "copy" and min(pair.a_coverage, pair.b_coverage) >= WHOLE_COPY


def _dated_sources(pairs: list[PairEvidence], facts: dict[str, ArticleFacts]) -> list[tuple[str, str]]:
    """``(dated, undated)`` of each pair of a page that states its time and one that states
    none, where the pair's own evidence (:func:`direction`: the text, the dated one's weight,
    credits) takes the undated one for the copy: it comes after the dated one, as a dated
    member comes after an earlier one. The ranks alone did not say so when the dated page is
    itself a later version of a third member (an update of a wire story): its time behind
    that member, counted in its rank, had put an undated paste of it in front of it. An undated
    page that any dated page takes for its source gets no such constraint."""
    found: list[tuple[str, str]] = []
    sources: set[str] = set()  # undated pages that a pair with a dated page takes for the source
    for pair in pairs:
        a, b = facts.get(pair.a_id), facts.get(pair.b_id)
        if a is None or b is None or (a.published_at is None) == (b.published_at is None):
            continue
        undated, dated = (pair.a_id, b) if a.published_at is None else (pair.b_id, a)
        if dated.time_bound:
            continue
        d = direction(pair, facts, bounds=False)
        if (d > 0) == (undated == pair.a_id) and d:
            found.append((dated.article_id, undated))
        else:
            sources.add(undated)
    # A page that some dated page took from (its text says so: a blog dated 10:00 embeds a
    # passage of it) is not put after any dated page: after a later dated copy of it, it would
    # also come after that blog, through the times, against the blog's own evidence.
    return [(first, second) for first, second in found if second not in sources]


def _credit_chains(credited: list[tuple[str, str]], pairs: list[PairEvidence],
                   facts: dict[str, ArticleFacts]) -> set[frozenset[str]]:
    """The pairs whose times are set aside: each ``(x, y)`` of ``credited`` (``x`` stamped
    before the page ``y`` whose outlet it credits), and each page that credits ``x``'s outlet
    (or credits a page that does, and so on) and is stamped before ``y`` by at most
    :data:`CREDITED_SKEW`, with ``y``. A reprint of an early-stamped copy that credits the
    copy took the wire story's text too: its own early stamp does not put it before the wire
    story (it had kept the copy before the wire story, and the copy the family's origin)."""
    took: dict[str, set[str]] = defaultdict(set)  # page -> the related pages that credit its outlet
    for p in pairs:
        for x, y in ((p.a_id, p.b_id), (p.b_id, p.a_id)):
            fx, fy = facts.get(x), facts.get(y)
            if fx is None or fy is None:
                continue
            x_outlet, y_outlet = outlet_key(fx.source), outlet_key(fy.source)
            if x_outlet != y_outlet and fx.credits_outlet(y_outlet) and not fy.credits_outlet(x_outlet):
                took[y].add(x)
    excused = {frozenset(xy) for xy in credited}
    for first, credited_page in credited:
        seen: set[str] = set()
        stack = list(took[first])
        while stack:
            page = stack.pop()
            if page in seen or page == credited_page:
                continue
            seen.add(page)
            fp, fc = facts.get(page), facts.get(credited_page)
            if (fp is not None and fc is not None and fp.published_at and fc.published_at
                    and later(fp, fc) < 0 and fc.published_at - fp.published_at <= CREDITED_SKEW):
                excused.add(frozenset((page, credited_page)))
            stack.extend(took[page])
    return excused


def _in_time_order(ranked: list[str], facts: dict[str, ArticleFacts],
                   excused: set[frozenset[str]] | None = None,
                   dated_sources: list[tuple[str, str]] | None = None,
                   credited: list[tuple[str, str]] | None = None) -> list[str]:
    """The ranked members, reordered so that of two members whose times say which came first
    (:func:`later`), the earlier comes first: related or not, since derivation is transitive
    (a story published on the 12th cannot descend, through an undated rewrite, from one of the
    24th).

    The ranks sum every pair's evidence, so an article published after several members
    ranks low and could end up below a later one whose own text evidence pointed the wrong
    way (a summary that the excerpt rule takes for a passage embedded in a longer rewrite).
    Times orient the members they speak on, as the lineage rules say; elsewhere the rank order
    stands. The constraints follow the times, so they never form a cycle; the ``excused``
    pairs (a page and the related page whose outlet it credits, see
    :func:`credit_overrides_time`) are left to the ranks. ``dated_sources`` (see
    :func:`_dated_sources`) put an undated copy after the dated page it was taken from; they
    only ever put an undated member after a dated one, so they form no cycle either. Each of
    the ``credited`` pairs ``(x, y)`` puts ``x`` after the page ``y`` whose outlet it credits,
    unless the other constraints already put ``y`` after ``x``: two copies stamped in a wrong
    zone, both crediting the wire story, had made the earlier of them the family's origin
    (the time between the two copies outranked the credit of each).
    """
    position = {m: i for i, m in enumerate(ranked)}
    after: dict[str, set[str]] = defaultdict(set)
    dated = [m for m in ranked if (f := facts.get(m)) is not None and f.published_at]
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if excused and frozenset((a, b)) in excused:
                continue
            sign = later(facts[a], facts[b])
            if sign:
                first, second = (b, a) if sign > 0 else (a, b)
                after[second].add(first)
    for first, second in dated_sources or ():
        after[second].add(first)
    # Each credit against the times' and the dated sources' order alone, then those that close
    # a circle among themselves (pages crediting one another in turn) dropped together: the
    # answer does not depend on which credit is read first.
    kept = [(second, first) for second, first in credited or () if not _waits_for(first, second, after)]
    for second, first in kept:
        after[second].add(first)
    for second, first in [c for c in kept if _waits_for(c[1], c[0], after)]:
        after[second].discard(first)
    if not any(after.values()):
        return ranked
    waiting = {m: len(after[m]) for m in ranked}
    unlocks: dict[str, list[str]] = defaultdict(list)
    for second, firsts in after.items():
        for first in firsts:
            unlocks[first].append(second)
    # A member that an earlier-ranked one waits for takes that one's place in the queue: an
    # undated copy ranked below a dated story must not slip in front of it while the story
    # waits for a dated member of another branch (it had become the story's origin).
    place = dict(position)
    for m in reversed(_time_sorted(ranked, after)):
        for second in unlocks[m]:
            place[m] = min(place[m], place[second])
    ready = [(place[m], position[m]) for m in ranked if not waiting[m]]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        m = ranked[heapq.heappop(ready)[1]]
        order.append(m)
        for second in unlocks[m]:
            waiting[second] -= 1
            if not waiting[second]:
                heapq.heappush(ready, (place[second], position[second]))
    return order


def _waits_for(member: str, other: str, after: dict[str, set[str]]) -> bool:
    """``member`` comes after ``other`` through the constraints ``after`` (transitively)."""
    seen: set[str] = set()
    stack = [member]
    while stack:
        m = stack.pop()
        for first in after.get(m, ()):
            if first == other:
                return True
            if first not in seen:
                seen.add(first)
                stack.append(first)
    return False


def _time_sorted(members: list[str], after: dict[str, set[str]]) -> list[str]:
    """``members`` in an order where each comes after every member it waits for (``after``)."""
    done: set[str] = set()
    out: list[str] = []
    for start in members:
        stack = [(start, False)]
        while stack:
            m, expanded = stack.pop()
            if expanded:
                out.append(m)
            elif m not in done:
                done.add(m)
                stack.append((m, True))
                stack.extend((first, False) for first in after.get(m, ()) if first not in done)
    return out


def _unexplained(
    cands: list[tuple[str, PairEvidence]], sources: dict[str, list[tuple[str, PairEvidence]]],
    derived: str = "", facts: dict[str, ArticleFacts] | None = None,
) -> list[tuple[str, PairEvidence]]:
    """Drop the sources an article resembles only through a common source.

    Two rewrites of one wire story share text because both took it from the wire story: if
    ``y`` derives from ``z`` and resembles it clearly more (by :data:`PARENT_MARGIN`) than the
    article resembles ``y``, and ``z`` is also a source of the article at least as close as
    ``y`` (within :data:`PARENT_MARGIN`), the resemblance to ``y`` is explained by ``z`` and
    ``y`` is not a source. A page that
    embeds passages of two loosely related sources keeps both, and so does a page that shares
    one passage with ``y`` and another with ``z`` (``z`` covers less of it than ``y`` does,
    :data:`EXPLAINED_COVERAGE`). A summary made from a rewrite keeps the rewrite: it is
    clearly closer to it than to the original. A copy of a correction keeps the correction:
    ``z`` (the story) changes figures of the article that ``y`` does not. A copy that carries
    ``y``'s headline and not ``z``'s, or credits ``y``'s outlet and not ``z``'s, keeps ``y``
    (:func:`taken_from`): it was taken from ``y``'s page.
    """
    similarity = {source: pair.similarity for source, pair in cands}
    pairs_of = dict(cands)
    coverage = {source: _coverage(pair, source) for source, pair in cands}
    changed = {source: pair.figures_changed for source, pair in cands}
    whole = {source for source, pair in cands if _whole_copies(pair)}
    kept = []
    for source, pair in cands:
        # z explains the resemblance to `source` when `source` is mostly z (clearly closer to
        # z than the article is to `source`: two pages that embed one small passage resemble
        # each other about as little as they do their source), the article is about as close
        # to z as to `source`, and z covers about as much of the article as `source` does (the
        # same text, not another passage of the same page). Whole copies of one text (a wire
        # story and the outlets that reprint it) are all as close to each other: a reprint
        # derives from the story that the other reprints derive from, not from each of them.
        # Or `source` tells z's story (STORY_SIMILARITY) and the article is clearly closer to z
        # than to `source`: a translation of the wire story resembles a rewrite of it about as
        # much as the wire story does, through the wire story. Or the article is a whole copy
        # of z, and resembles `source` no more than z does: a reprint of the wire story
        # published after a loose rewrite of it (0.48 to the story) resembles the rewrite
        # exactly as the story does. (The pairs do not say which sentences each covers: a reprint
        # that also took a paragraph only the rewrite tells loses the rewrite too; one that adds
        # a line of its own, a credit, is the common case.) Or the article, `source` and z are in
        # three languages, and the article is closer to z than to `source`, which is at least
        # as close to z: two translations of one story share its names and figures because
        # both took them from it (similarity across languages is of names and figures, which
        # the margins calibrated within one language do not fit). Or `source` is a translation
        # of z, which is in the article's language, at least as close to z as the article is
        # to it: a rewrite of the wire story shares the names and figures of the wire's
        # translation through the wire (unless the article says it is a translation, below).
        # Or the three are in three languages and z covers clearly more of the article than
        # `source` does: a full translation of the wire story resembles a partial translation
        # of it by the names and figures the partial one took from the wire, and the longer
        # wire story's similarity, of all its names and figures, is lower (a Chinese
        # translation: 0.45 to the wire, 0.57 to a Swedish digest of it; the wire covers all
        # of it, the digest 0.78). A translation of a translation is covered alike by both.
        via = [(z, zp) for z, zp in sources.get(source, ())
               if z in similarity and (zp.similarity >= pair.similarity + PARENT_MARGIN
                                       or (zp.similarity >= STORY_SIMILARITY
                                           or similarity[z] >= CLOSER * pair.similarity + PARENT_MARGIN)
                                       and similarity[z] >= pair.similarity + PARENT_MARGIN
                                       or {z, source} <= whole and _whole_copies(zp)
                                       and zp.similarity + PARENT_MARGIN >= pair.similarity
                                       or z in whole and zp.similarity + PARENT_MARGIN >= pair.similarity
                                       and similarity[z] >= pair.similarity + PARENT_MARGIN
                                       or _across_languages(pair) and _across_languages(pairs_of[z])
                                       and _across_languages(zp) and zp.similarity >= pair.similarity
                                       and similarity[z] >= pair.similarity + PARENT_MARGIN
                                       or _across_languages(pair) and not _across_languages(pairs_of[z])
                                       and _across_languages(zp) and zp.similarity >= pair.similarity
                                       or _three_languages(pair, pairs_of[z], zp)
                                       and _covers_more(coverage[z], coverage[source], similarity[z],
                                                        pair.similarity))]
        # z does not explain a source that changed z's figures when the article tells the
        # changed figures (a copy of a correction resembles the corrected story through it,
        # but took its figures).
        # Nor does a text of which `source` is a whole copy explain it when the article, a
        # whole copy of both, carries text that `source` added (OWN_TEXT).
        if any((similarity[z] + PARENT_MARGIN >= pair.similarity
                and coverage[z] >= EXPLAINED_COVERAGE * coverage[source]
                # (across languages, similarity and coverage are of the names and figures of
                # the sentences they pair: not comparable with z's, in the article's language)
                or _across_languages(pair) and not _across_languages(pairs_of[z])
                or _three_languages(pair, pairs_of[z], zp)
                and _covers_more(coverage[z], coverage[source], similarity[z], pair.similarity))
               and not (zp.figures_changed and pair.figures_changed < changed[z])
               and not ({z, source} <= whole and _whole_copies(zp) and coverage[source] > coverage[z] + OWN_TEXT)
               and not taken_from(facts, derived, source, z)
               and not _translated_from(derived, pair, pairs_of[z])
               for z, zp in via):
            continue
        kept.append((source, pair))
    return kept


#: Headlines this alike (Jaccard of their words) are one headline; this unlike, another.
SAME_HEADLINE = 0.8
OTHER_HEADLINE = 0.5


def _covers_more(z_coverage: float, coverage: float, z_similarity: float, similarity: float) -> bool:
    """Across three languages, a common source covers clearly more of the article than the
    other source does (:data:`COVERED_MORE`), and is not far less like it (at least half its
    similarity: a translation of a digest, 0.95 like it, is not explained by the story it is
    0.30 like because the story covers a little more)."""
    return z_coverage >= coverage + COVERED_MORE and 2 * z_similarity >= similarity


def _three_languages(pair: PairEvidence, other: PairEvidence, between: PairEvidence) -> bool:
    """The article's pair with a source, its pair with another source and the pair of the two
    sources are each across two languages."""
    return _across_languages(pair) and _across_languages(other) and _across_languages(between)


def _translated_from(derived: str, pair: PairEvidence, other: PairEvidence) -> bool:
    """``derived`` says it is a translation (its relation to ``other``, a text in its own
    language, is ``translation``: a note, menus in another language) and ``pair`` links it to
    a text in another language: the page it was translated from, which the original in its
    own language does not explain ("Translated from the French" under an English
    back-translation resembles the English wire story more than the French page)."""
    return (_across_languages(pair) and not _across_languages(other)
            and _relation(derived, other) == "translation")


def taken_from(facts: dict[str, ArticleFacts] | None, derived: str, source: str, other: str) -> bool:
    """``derived`` says it was taken from ``source`` rather than ``other``: it carries
    ``source``'s headline and not ``other``'s (:func:`headline_from`), or credits ``source``'s
    outlet and not ``other``'s (:func:`credited_from`)."""
    return headline_from(facts, derived, source, other) or credited_from(facts, derived, source, other)


def credited_from(facts: dict[str, ArticleFacts] | None, derived: str, source: str, other: str) -> bool:
    """``derived`` credits ``source``'s outlet and not ``other``'s, of two other outlets: a
    reprint of a newspaper's copy of a wire story that says "This story first appeared in the
    Daily Ledger" is the newspaper's child, though its text is the wire story's too."""
    if not facts:
        return False
    d, s, o = facts.get(derived), facts.get(source), facts.get(other)
    if d is None or s is None or o is None:
        return False
    own, theirs, others = outlet_key(d.source), outlet_key(s.source), outlet_key(o.source)
    return (theirs is not None and others is not None and len({own, theirs, others}) == 3
            and d.credits_outlet(theirs) and not d.credits_outlet(others))


def headline_from(facts: dict[str, ArticleFacts] | None, derived: str, source: str, other: str) -> bool:
    """``derived`` carries ``source``'s headline and not ``other``'s: of two pages it resembles
    through one text (a wire story and an aggregator's copy of it, under the aggregator's own
    headline), it was taken from the one whose headline it has. A copy of a copy is the
    intermediate's child, not the wire story's."""
    if not facts:
        return False
    words = [_headline_words(facts.get(x)) for x in (derived, source, other)]
    if not all(words):
        return False
    return (_jaccard(words[0], words[1]) >= SAME_HEADLINE
            and _jaccard(words[0], words[2]) < OTHER_HEADLINE)


def _headline_words(f: ArticleFacts | None) -> frozenset[str]:
    return _title_words(f.title) if f and f.title else frozenset()


@lru_cache(maxsize=65536)
def _title_words(title: str) -> frozenset[str]:
    """A headline's words, case-folded (read once per headline: families compare them often)."""
    return frozenset(re.findall(r"\w+", title.casefold()))


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    return len(x & y) / len(x | y) if x | y else 0.0


def _score(pair: PairEvidence) -> float:
    """Mean similarity of the pair's aligned sentences (its similarity without the coverage,
    see :func:`tracker.verify.similarity_of`)."""
    covered = (pair.a_coverage + pair.b_coverage) / 2
    return pair.similarity / covered if covered > 0 else 0.0


def _told(pair: PairEvidence, source: str) -> float:
    """Share of ``source`` aligned with the other member of the pair (what the article tells of it)."""
    return pair.a_coverage if source == pair.a_id else pair.b_coverage


def _coverage(pair: PairEvidence, source: str) -> float:
    """Share of the derived article (the pair's member other than ``source``) aligned with ``source``."""
    return pair.b_coverage if source == pair.a_id else pair.a_coverage


def _across_languages(pair: PairEvidence) -> bool:
    """The pair was verified across two languages (:func:`tracker.verify.translation_evidence`:
    all words changed, lexical 0; within one language aligned sentences share words)."""
    return pair.lexical == 0.0 and pair.n_aligned > 0


def _relation(derived: str, pair: PairEvidence) -> Relation:
    """The relation of ``derived`` to the other article of ``pair``."""
    return pair.relation if derived == pair.a_id else pair.relation_reverse


def _match(derived: str, source: str, pair: PairEvidence, facts: dict[str, ArticleFacts]) -> Match:
    a_is_derived = derived == pair.a_id
    relation = _relation(derived, pair)
    containment = pair.a_coverage if a_is_derived else pair.b_coverage
    divergence = pair.a_divergence if a_is_derived else pair.b_divergence
    d = direction(pair, facts)
    confidence = min(1.0, abs(d) / 2 + 0.5) if (d > 0) == a_is_derived else max(0.0, 0.5 - abs(d) / 2)
    return Match(derived, source, relation, round(pair.similarity, 4), round(containment, 4),
                 round(divergence, 4), round(confidence, 3))
