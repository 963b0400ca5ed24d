"""Frozen records passed between the tracker's stages.

Every timestamp here is timezone-aware UTC. Ids are strings. Functions take and return these
records, never bare dicts or tuples; the store maps rows to them in one place per type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from tracker.text import same_brand

#: Values of ``meta.published_from`` for a ``published_at`` that only bounds the publication
#: from above: a crawler's fetch time (a WARC record of a page that states no date), and a
#: feed entry's update time (an Atom entry with ``<updated>`` and no ``<published>``). The
#: article existed by then; it may have been published days before.
BOUND_TIMES = ("fetched_at", "updated")

#: ``meta.published_precision`` of a ``published_at`` given as a day alone ("2026-06-03", a
#: page's date without its hour, a day in the URL): stored at midnight UTC, it means "some
#: time that day", and orders its article only against times of other days.
DAY_PRECISION = "day"

Relation = Literal["original", "copy", "rewrite", "translation", "summary"]
RELATIONS: tuple[Relation, ...] = ("original", "copy", "rewrite", "translation", "summary")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as accepted by intake.

    Attributes:
        article_id: stable id; given by the record or derived from the content hash.
        text: the article text as received (page chrome included, if any).
        url: where it was published, if known.
        source: the outlet (a domain or name), if known.
        title: the headline, if known.
        published_at: publication time in UTC, if known.
        lang: ISO 639-1 language code, if known.
        content_hash: 64-bit content hash of the normalised text, as 16 hex digits.
        meta: extra string fields kept from the record (author, site name...).
        id_given: the record (or its caller) named the id; ``False`` when it was derived from
            the content (``h-...``) or the page (``p-...``), so that the article has no
            identity beyond its text and address.
    """

    article_id: str
    text: str
    content_hash: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    lang: str | None = None
    meta: tuple[tuple[str, str], ...] = ()
    id_given: bool = True

    @property
    def day_only(self) -> bool:
        """``published_at`` is a day without its hour (see :data:`DAY_PRECISION`)."""
        return dict(self.meta).get("published_precision") == DAY_PRECISION

    @property
    def stated_time(self) -> datetime | None:
        """The publication time the article states; ``None`` when the only time known is a
        later one: when a crawler fetched the page, or when a feed last updated the entry
        (intake marks those with ``published_from`` in ``meta``, see :data:`BOUND_TIMES`)."""
        if dict(self.meta).get("published_from") in BOUND_TIMES:
            return None
        return self.published_at


@dataclass(frozen=True, slots=True)
class Rejected:
    """An intake item that could not be used, kept in the dead-letter table.

    Attributes:
        origin: where the item came from (file and line, ``stdin:12``, an HTTP request...).
        field: the field at fault (``json``, ``text``, ``published_at``...).
        reason: a human sentence naming the problem.
        payload: the raw item as text, truncated to a bounded size; bytes that are not UTF-8
            are written ``\\xNN`` and NUL bytes ``\\0``.
        payload_bytes: the same bounded raw item as bytes when ``payload`` cannot hold them
            exactly (they are not UTF-8, or hold NUL bytes); ``None`` when ``payload`` is
            the item itself.
        article_id: the id the item named (its record's ``id``, or one its source gave),
            when it named one.
    """

    origin: str
    field: str
    reason: str
    payload: str
    payload_bytes: bytes | None = None
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class Signature:
    """MinHash signatures of one article for one shingle family.

    Attributes:
        article_id: the article signed.
        family: shingle family name (``verbatim``, ``content``, ``sentence``).
        params_id: fingerprint of every parameter that shaped the values.
        values: for document families ``num_perm`` uint32 values; for the sentence family
            ``n_sentences * num_perm`` values, row-major.
        n_shingles: size of the shingle set (for containment estimates); for the sentence
            family, the number of sentences signed.
    """

    article_id: str
    family: str
    params_id: str
    values: bytes
    n_shingles: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """An indexed article that may be related to the one being processed.

    Attributes:
        article_id: the indexed article.
        estimated_jaccard: best document-level Jaccard estimate over the families.
        sentence_hits: how many sentences of the query collided with its sentences.
        anchor_weight: summed weight of the rare terms both articles hold.
        sentence_share: ``sentence_hits`` over the sentences of the shorter of the two (in
            [0, 1]): how much of the smaller article collides, the containment-oriented view
            that finds a short source inside a long page.
        shared_figures: for an article in another script, the distinctive figures both hold
            (see :data:`tracker.index.CROSS_SCRIPT_FIGURES`); 0 otherwise.
    """

    article_id: str
    estimated_jaccard: float
    sentence_hits: int
    anchor_weight: float = 0.0
    sentence_share: float = 0.0
    shared_figures: int = 0


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """One sentence of the derived article aligned to one sentence of its source.

    Attributes:
        derived_index: sentence position in the derived article.
        source_index: sentence position in the source article.
        derived_text: the derived sentence.
        source_text: the source sentence.
        score: content-word similarity in [0, 1].
        lexical: all-word Jaccard of the two sentences in [0, 1] (1 = same words).
    """

    derived_index: int
    source_index: int
    derived_text: str
    source_text: str
    score: float
    lexical: float


@dataclass(frozen=True, slots=True)
class Divergence:
    """How far a derived article moved from a source, and what changed.

    Attributes:
        score: overall divergence in [0, 1]; 0 means identical text.
        kept: share of the source's sentences found again in the derived article.
        inserted: share of the derived article's sentences that are new.
        quotes_changed: quotes of the source whose wording changed in the derived article.
        numbers_changed: numbers of the source's aligned sentences missing from the derived one.
        pairs: the aligned sentence pairs.
    """

    score: float
    kept: float
    inserted: float
    quotes_changed: tuple[tuple[str, str], ...] = ()
    numbers_changed: tuple[str, ...] = ()
    pairs: tuple[AlignedPair, ...] = ()


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """Verified evidence that two articles share text, before the family decides direction.

    ``a_id`` < ``b_id`` always, so the record does not depend on arrival order.

    Attributes:
        a_id: the lexically smaller id.
        b_id: the other id.
        a_from_b: text-only direction score; positive means ``a`` derives from ``b``.
        relation: relation of ``a`` to ``b`` if ``a`` is the derived one.
        relation_reverse: relation of ``b`` to ``a`` if ``b`` is the derived one.
        similarity: symmetric similarity in [0, 1].
        a_coverage: share of ``a``'s body aligned to ``b``.
        b_coverage: share of ``b``'s body aligned to ``a``.
        a_divergence: divergence of ``a`` from ``b`` in [0, 1].
        b_divergence: divergence of ``b`` from ``a`` in [0, 1].
        order: share of aligned pairs that keep their order.
        lexical: mean all-word Jaccard of aligned sentence pairs.
        n_aligned: number of aligned sentence pairs.
        figures_changed: sentences whose figures differ (one replaced by another), aligned
            or kept apart by the figure veto: which of two near-equal sources tells the
            article's figures.
    """

    a_id: str
    b_id: str
    a_from_b: float
    relation: Relation
    relation_reverse: Relation
    similarity: float
    a_coverage: float
    b_coverage: float
    a_divergence: float
    b_divergence: float
    order: float
    lexical: float
    n_aligned: int
    figures_changed: int = 0


@dataclass(frozen=True, slots=True)
class Match:
    """A verified "``article_id`` derives (at least in part) from ``source_id``".

    Attributes:
        article_id: the derived article.
        source_id: the article it derives from.
        relation: how it was derived.
        similarity: symmetric similarity in [0, 1].
        containment: share of the derived article's content found in the source.
        divergence: overall divergence from the source in [0, 1].
        confidence: confidence of the direction in [0, 1].
    """

    article_id: str
    source_id: str
    relation: Relation
    similarity: float
    containment: float
    divergence: float
    confidence: float


@dataclass(frozen=True, slots=True)
class LineageEdge:
    """Where one article sits in its story family.

    Attributes:
        article_id: the article.
        origin_id: the family's origin (equal to ``article_id`` for an origin).
        parent_id: the closest earlier article it derives from; ``None`` for an origin.
        relation: relation to the parent (``original`` for an origin).
        similarity: similarity to the parent (1.0 for an origin).
        containment: share of its content found in the parent (1.0 for an origin).
        divergence: divergence from the parent (0.0 for an origin).
        depth: number of edges from the origin.
        family_size: number of articles in the family.
    """

    article_id: str
    origin_id: str
    parent_id: str | None
    relation: Relation
    similarity: float
    containment: float
    divergence: float
    depth: int
    family_size: int


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What the lineage rules need to know of an article besides its matches.

    Attributes:
        article_id: the article.
        published_at: publication time in UTC, if known.
        source: outlet, if known.
        n_words: number of words after boilerplate removal.
        credits: outlets the text credits ("according to Reuters" gives ``reuters``).
        raw_chars: length of the text as received, page chrome included.
        time_bound: ``published_at`` is only a time the article existed by (a crawler's
            fetch time, a feed's update time; :attr:`Article.stated_time` is ``None``).
        day_only: ``published_at`` is a day without its hour (:data:`DAY_PRECISION`).
        cited: other names the text reports from ("Northwire reported" gives ``northwire``):
            a credit of an article whose outlet has that name.
        title: the headline, if known (a copy that carries one page's headline and not
            another's was taken from that page).
        lang: the article's language (ISO 639-1), if known.
    """

    article_id: str
    published_at: datetime | None = None
    source: str | None = None
    n_words: int = 0
    credits: tuple[str, ...] = field(default=())
    raw_chars: int = 0
    time_bound: bool = False
    day_only: bool = False
    cited: tuple[str, ...] = field(default=())
    title: str | None = None
    lang: str | None = None

    def credits_outlet(self, outlet: str | None) -> bool:
        """The text credits ``outlet`` (a key): by a known outlet's name, or by citing the name,
        or by its brand (a credit "Northlight" of northlightnews.example, see
        :func:`tracker.text.outlet_brand`)."""
        if outlet is None:
            return False
        return any(same_brand(c, outlet) for c in (*self.credits, *self.cited))
