"""The frozen configuration tree, built once at the edge and passed down.

Precedence, highest first: explicit overrides (CLI flags), environment variables
(``TRACKER_*``), a TOML file, then the defaults below. Derived values (LSH bands and rows)
are computed here, once. :func:`params_id` fingerprints every parameter that changes a
signature, and is stored beside each signature.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError

#: Bumped whenever normalisation or shingling changes the shingles a text produces; a
#: database signed with another version asks for ``tracker reindex``.
#: 2: run-on sentences are cut into pieces (tracker.text.split_long).
#: 3: an initialism's full stop ("then-U.S. Secretary", "Finance A.S. Is") ends no sentence.
#: 4: Chinese and Japanese read as character pairs and cut at their own full stops; a capital
#:    of any cased script or a caseless letter opens a sentence; a teaser list under an early
#:    marker ends the story; Japanese kana and kanji are one script.
#: 5: a link to another story under a label ("READ MORE: ...") and an embedded post with its
#:    signature are chrome; figures counted in ten thousands (万, 亿) are figures' anchors.
#: 6: the day of a lead's dateline is no figure of the lead.
FEATURES_VERSION = 6


@dataclass(frozen=True)
class ShingleConfig:
    """How text becomes shingle sets.

    Attributes:
        word_ngram: n of the verbatim family's word n-grams.
        min_sentence_terms: sentences with fewer content terms are not signed or aligned.
    """

    word_ngram: int = 5
    min_sentence_terms: int = 3

    def __post_init__(self) -> None:
        if not 1 <= self.word_ngram <= 12:
            raise ConfigError(f"shingle.word_ngram must be within [1, 12], got {self.word_ngram}")
        if not 1 <= self.min_sentence_terms <= 20:
            raise ConfigError(
                f"shingle.min_sentence_terms must be within [1, 20], got {self.min_sentence_terms}"
            )


@dataclass(frozen=True)
class MinHashConfig:
    """MinHash parameters (datasketch's ``affine32`` scheme).

    Attributes:
        num_perm: permutations for document families.
        sentence_num_perm: permutations for the per-sentence family. Twelve (six bands of two
            rows): a reworded sentence whose content terms keep Jaccard 0.5 collides with its
            source with probability 0.82 (0.68 with eight); on PAN this finds 3 more rewrites
            and 4 more translations than eight permutations, and no false link, while other
            Reuters stories linked go from 2,704 to 2,710 of 19k (benchmarks/README.md,
            "Calibration").
        seed: seed of the permutations and of the shingle hash.
    """

    num_perm: int = 128
    sentence_num_perm: int = 12
    seed: int = 1

    def __post_init__(self) -> None:
        for name in ("num_perm", "sentence_num_perm"):
            value = getattr(self, name)
            if not 2 <= value <= 1024:
                raise ConfigError(f"minhash.{name} must be within [2, 1024], got {value}")
        if not 0 <= self.seed < 2**32:
            raise ConfigError(f"minhash.seed must be within [0, 2**32), got {self.seed}")


@dataclass(frozen=True)
class LSHConfig:
    """LSH banding per family.

    Thresholds are Jaccard levels where a pair has about even odds of colliding; bands and
    rows are derived from them and ``num_perm``. Low on purpose: rewrites and translations
    share only 0.26-0.35 of their content words with the original (DESIGN.md), and the
    verification stage, not LSH, decides.

    Attributes:
        verbatim_threshold: word n-gram family.
        content_threshold: content-word family.
        sentence_bands: bands of the per-sentence family (rows = sentence_num_perm / bands).
        max_bucket: buckets holding more entries than this are treated as stop buckets
            (formulaic sentences) and ignored when querying.
        min_candidate_jaccard: a document-family candidate must reach this estimated Jaccard.
        min_sentence_hits: a sentence-family candidate needs this many colliding sentences.
        min_anchor_weight: an anchor candidate must share this much anchor weight (about four
            rare terms).
        hit_anchor_weight: a candidate with one colliding sentence (fewer than
            ``min_sentence_hits``) is kept when it also shares this much anchor weight: two
            weak signals from independent families.
        max_anchor_postings: anchors held by more indexed articles than this are skipped
            when querying (a name in every story of the week says nothing).
    """

    verbatim_threshold: float = 0.3
    content_threshold: float = 0.2
    sentence_bands: int = 6
    max_bucket: int = 64
    min_candidate_jaccard: float = 0.1
    min_sentence_hits: int = 2
    min_anchor_weight: float = 16.0
    hit_anchor_weight: float = 8.0
    max_anchor_postings: int = 2000

    def __post_init__(self) -> None:
        for name in ("verbatim_threshold", "content_threshold", "min_candidate_jaccard"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ConfigError(f"lsh.{name} must be within (0, 1], got {value}")
        if self.sentence_bands < 1 or self.max_bucket < 2 or self.min_sentence_hits < 1:
            raise ConfigError("lsh.sentence_bands, max_bucket and min_sentence_hits must be positive")
        if not 0.0 < self.hit_anchor_weight <= self.min_anchor_weight:
            raise ConfigError(f"lsh.hit_anchor_weight must be within (0, min_anchor_weight = "
                              f"{self.min_anchor_weight}], got {self.hit_anchor_weight}")
        if self.max_anchor_postings < 1:
            raise ConfigError(f"lsh.max_anchor_postings must be positive, got {self.max_anchor_postings}")


@dataclass(frozen=True)
class StoreConfig:
    """Where the database lives.

    Attributes:
        path: DuckDB file; ``:memory:`` for a throw-away database.
    """

    path: str = ""


@dataclass(frozen=True)
class DaemonConfig:
    """The ingest daemon's batching.

    Attributes:
        batch_size: a batch is processed once it holds this many items...
        batch_age_s: ...or once its oldest item waited this long.
        listen: ``host:port`` of the local HTTP API.
    """

    batch_size: int = 64
    batch_age_s: float = 1.0
    listen: str = "127.0.0.1:8765"

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.batch_age_s <= 0:
            raise ConfigError("daemon.batch_size and daemon.batch_age_s must be positive")


@dataclass(frozen=True)
class TrackerConfig:
    """Everything configurable, in one tree."""

    shingle: ShingleConfig = field(default_factory=ShingleConfig)
    minhash: MinHashConfig = field(default_factory=MinHashConfig)
    lsh: LSHConfig = field(default_factory=LSHConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    daemon: DaemonConfig = field(default_factory=DaemonConfig)


def as_toml(config: TrackerConfig) -> str:
    """The configuration as a TOML file that ``--config`` reads back to the same values
    (``tracker config`` prints it: a starting point for one's own file)."""
    lines: list[str] = []
    for section in fields(config):
        lines.append(f"[{section.name}]")
        table = getattr(config, section.name)
        for item in fields(table):
            value = getattr(table, item.name)
            if isinstance(value, bool):
                shown = "true" if value else "false"
            elif isinstance(value, str):
                shown = _toml_string(value, f"[{section.name}] {item.name}")
            else:
                shown = repr(value)
            lines.append(f"{item.name} = {shown}")
        lines.append("")
    return "\n".join(lines)


def _toml_string(value: str, name: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, control characters as ``\\uXXXX``.

    Raises:
        ConfigError: the value holds bytes that are no text (a path that is not UTF-8).
    """
    out = []
    for ch in value:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            raise ConfigError(f"{name} holds bytes that are not UTF-8 ({value!r}): TOML cannot write it")
        out.append("\\" + ch if ch in '"\\' else f"\\u{code:04x}" if code < 0x20 or code == 0x7F else ch)
    return '"' + "".join(out) + '"'


def default_db_path(env: Mapping[str, str]) -> str:
    """The documented default database path: ``$XDG_DATA_HOME/tracker/tracker.duckdb``."""
    base = env.get("XDG_DATA_HOME") or os.path.join(env.get("HOME", "."), ".local", "share")
    return os.path.join(base, "tracker", "tracker.duckdb")


def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows whose S-curve crosses 1/2 closest to ``threshold``.

    The collision probability of a pair at Jaccard ``s`` is ``1 - (1 - s**r)**b``; we pick
    the ``(b, r)`` with ``b * r <= num_perm`` whose half-way point is nearest ``threshold``,
    preferring more bands (higher recall above it).

    Example:
        >>> optimal_bands(0.2, 128)
        (42, 3)
    """
    best: tuple[float, int, int] | None = None
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if bands < 1:
            break
        midpoint = (1 - 0.5 ** (1 / bands)) ** (1 / rows)
        key = (abs(midpoint - threshold), -bands, rows)
        if best is None or key < best:
            best = key
    assert best is not None
    return -best[1], best[2]


def params_id(config: TrackerConfig, family: str) -> str:
    """Short fingerprint of every parameter that shapes a family's signature values."""
    from tracker.hashing import hash64

    num_perm = {"sentence": config.minhash.sentence_num_perm, "anchors": 0}.get(family, config.minhash.num_perm)
    parts = [
        f"f={family}",
        f"v={FEATURES_VERSION}",
        f"n={config.shingle.word_ngram if family == 'verbatim' else 0}",
        f"t={config.shingle.min_sentence_terms}",
        f"p={num_perm}",
        f"s={config.minhash.seed}",
        "h=xxh32" if family == "anchors" else "h=xxh32+affine32",
    ]
    text = ";".join(parts)
    return f"{family[:1]}{num_perm}-{hash64(text, 0):016x}"[:20]


_ENV_KEYS: dict[str, tuple[str, str, type]] = {
    "TRACKER_DB": ("store", "path", str),
    "TRACKER_NUM_PERM": ("minhash", "num_perm", int),
    "TRACKER_SEED": ("minhash", "seed", int),
    "TRACKER_LISTEN": ("daemon", "listen", str),
    "TRACKER_BATCH_SIZE": ("daemon", "batch_size", int),
}


#: How a setting's type reads in a message ("must be a whole number").
_KIND = {"int": "a whole number", "float": "a number", "str": "a string", "bool": "true or false"}


def load_config(
    file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> TrackerConfig:
    """Build the configuration from defaults, a TOML file, the environment and overrides.

    Args:
        file: optional TOML file with ``[shingle]``, ``[minhash]``, ``[lsh]``, ``[store]``,
            ``[daemon]`` tables.
        env: the environment to read ``TRACKER_*`` variables from (pass ``os.environ``
            at the edge; tests pass a dict).
        overrides: ``{"section": {"key": value}}`` applied last.

    Returns:
        The frozen configuration.

    Raises:
        ConfigError: unknown sections or keys, wrong types, values out of range.
    """
    env = env or {}
    sections: dict[str, dict[str, Any]] = {f.name: {} for f in dataclasses.fields(TrackerConfig)}
    if file is not None:
        try:
            data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {file}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"cannot read config file {file}: not UTF-8 text "
                              f"(byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
                              "TOML files are UTF-8") from exc
        _merge(sections, data, f"config file {file}")
    for var, (section, key, kind) in _ENV_KEYS.items():
        if var in env:
            try:
                sections[section][key] = kind(env[var])
            except ValueError as exc:
                raise ConfigError(f"{var}={env[var]!r} is not a valid {kind.__name__}") from exc
    if overrides:
        _merge(sections, {k: dict(v) for k, v in overrides.items()}, "overrides")
    if not sections["store"].get("path"):
        sections["store"]["path"] = default_db_path(env)
    built: dict[str, Any] = {}
    for f in dataclasses.fields(TrackerConfig):
        cls = {"shingle": ShingleConfig, "minhash": MinHashConfig, "lsh": LSHConfig,
               "store": StoreConfig, "daemon": DaemonConfig}[f.name]
        _check_types(f.name, cls, sections[f.name])
        try:
            built[f.name] = cls(**sections[f.name])
        except TypeError as exc:
            raise ConfigError(f"[{f.name}]: {exc}") from exc
    return TrackerConfig(**built)


def _check_types(section: str, cls: type, values: dict[str, Any]) -> None:
    """Refuse a value whose type does not match the field's default (64.5 for an int)."""
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    for key, value in values.items():
        if key not in defaults:
            close = difflib.get_close_matches(key, list(defaults), n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise ConfigError(f"unknown key {key} in [{section}]; {hint}known: {', '.join(sorted(defaults))}")
        want = type(defaults[key])
        ok = isinstance(value, want) and not isinstance(value, bool)
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            ok = True
        if not ok:
            raise ConfigError(
                f"[{section}] {key} must be {_KIND.get(want.__name__, 'a ' + want.__name__)}, got {value!r} "
                f"({type(value).__name__})"
            )
        if want is float and not math.isfinite(value):
            # nan passes every range check (all its comparisons are false) and inf is no setting.
            raise ConfigError(f"[{section}] {key} must be a finite number, got {value!r}")


def _merge(sections: dict[str, dict[str, Any]], data: Mapping[str, Any], where: str) -> None:
    for section, values in data.items():
        if section not in sections:
            raise ConfigError(f"unknown section [{section}] in {where}; known: {sorted(sections)}")
        if not isinstance(values, Mapping):
            raise ConfigError(f"[{section}] in {where} must be a table")
        sections[section].update(values)


def lsh_bands(config: TrackerConfig) -> dict[str, tuple[int, int]]:
    """Bands and rows per family, derived from the thresholds."""
    sent_rows = max(1, config.minhash.sentence_num_perm // config.lsh.sentence_bands)
    return {
        "verbatim": optimal_bands(config.lsh.verbatim_threshold, config.minhash.num_perm),
        "content": optimal_bands(config.lsh.content_threshold, config.minhash.num_perm),
        "sentence": (config.lsh.sentence_bands, sent_rows),
    }


def threshold_of(bands: int, rows: int) -> float:
    """The Jaccard level at which a pair has even odds of colliding."""
    return (1 - 0.5 ** (1 / bands)) ** (1 / rows) if bands and rows else math.nan
