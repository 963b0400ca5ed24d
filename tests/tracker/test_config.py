"""tracker.config: defaults, ranges, precedence (overrides > env > file > defaults), bands, params_id."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from tracker.config import (
    DaemonConfig,
    LSHConfig,
    MinHashConfig,
    ShingleConfig,
    TrackerConfig,
    default_db_path,
    load_config,
    lsh_bands,
    optimal_bands,
    params_id,
    threshold_of,
)
from tracker.errors import ConfigError, TrackerError


def write_toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tracker.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- defaults and ranges -------------------------------------------------------------------


def test_defaults_are_valid_and_frozen() -> None:
    config = TrackerConfig()
    assert config.shingle == ShingleConfig(word_ngram=5, min_sentence_terms=3)
    assert config.minhash.num_perm == 128
    assert config.minhash.seed == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.minhash.num_perm = 64  # type: ignore[misc]


def test_load_config_without_anything_gives_defaults_and_default_path() -> None:
    config = load_config(env={"HOME": "/home/u"})
    assert config.minhash == MinHashConfig()
    assert config.lsh == LSHConfig()
    assert config.daemon == DaemonConfig()
    assert config.store.path == os.path.join("/home/u", ".local", "share", "tracker", "tracker.duckdb")


def test_default_db_path_honours_xdg_data_home() -> None:
    assert default_db_path({"XDG_DATA_HOME": "/data", "HOME": "/home/u"}) == os.path.join(
        "/data", "tracker", "tracker.duckdb"
    )


@pytest.mark.parametrize(
    ("cls", "kwargs", "key"),
    [
        (ShingleConfig, {"word_ngram": 0}, "shingle.word_ngram"),
        (ShingleConfig, {"word_ngram": 13}, "shingle.word_ngram"),
        (ShingleConfig, {"min_sentence_terms": 0}, "shingle.min_sentence_terms"),
        (ShingleConfig, {"min_sentence_terms": 21}, "shingle.min_sentence_terms"),
        (MinHashConfig, {"num_perm": 1}, "minhash.num_perm"),
        (MinHashConfig, {"num_perm": 1025}, "minhash.num_perm"),
        (MinHashConfig, {"sentence_num_perm": 1}, "minhash.sentence_num_perm"),
        (MinHashConfig, {"seed": -1}, "minhash.seed"),
        (MinHashConfig, {"seed": 2**32}, "minhash.seed"),
        (LSHConfig, {"verbatim_threshold": 0.0}, "lsh.verbatim_threshold"),
        (LSHConfig, {"content_threshold": 1.5}, "lsh.content_threshold"),
        (LSHConfig, {"min_candidate_jaccard": -0.1}, "lsh.min_candidate_jaccard"),
        (LSHConfig, {"sentence_bands": 0}, "lsh.sentence_bands"),
        (LSHConfig, {"max_bucket": 1}, "max_bucket"),
        (LSHConfig, {"min_sentence_hits": 0}, "min_sentence_hits"),
        (LSHConfig, {"hit_anchor_weight": 0.0}, "lsh.hit_anchor_weight"),
        (LSHConfig, {"hit_anchor_weight": 20.0}, "lsh.hit_anchor_weight"),
        (LSHConfig, {"min_anchor_weight": 4.0}, "lsh.hit_anchor_weight"),
        (LSHConfig, {"max_anchor_postings": 0}, "lsh.max_anchor_postings"),
        (DaemonConfig, {"batch_size": 0}, "daemon.batch_size"),
        (DaemonConfig, {"batch_age_s": 0.0}, "batch_age_s"),
    ],
)
def test_out_of_range_values_raise_config_error_naming_the_key(
    cls: type, kwargs: dict[str, object], key: str
) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")) as info:
        cls(**kwargs)
    assert isinstance(info.value, TrackerError)
    # The message also shows the bad value where there is a single one.
    if len(kwargs) == 1 and "must be within" in str(info.value):
        assert str(next(iter(kwargs.values()))) in str(info.value)


@pytest.mark.parametrize(("value", "ok"), [(2, True), (1024, True), (0, False)])
def test_num_perm_bounds_are_inclusive(value: int, ok: bool) -> None:
    if ok:
        assert MinHashConfig(num_perm=value).num_perm == value
    else:
        with pytest.raises(ConfigError):
            MinHashConfig(num_perm=value)


def test_range_errors_surface_through_load_config() -> None:
    with pytest.raises(ConfigError, match=r"minhash\.num_perm"):
        load_config(env={}, overrides={"minhash": {"num_perm": 5000}})


# --- sources and precedence ----------------------------------------------------------------


def test_environment_variables() -> None:
    env = {
        "TRACKER_DB": "/srv/news.duckdb",
        "TRACKER_NUM_PERM": "64",
        "TRACKER_SEED": "42",
        "TRACKER_LISTEN": "127.0.0.1:9000",
        "TRACKER_BATCH_SIZE": "16",
    }
    config = load_config(env=env)
    assert config.store.path == "/srv/news.duckdb"
    assert config.minhash.num_perm == 64
    assert config.minhash.seed == 42
    assert config.daemon.listen == "127.0.0.1:9000"
    assert config.daemon.batch_size == 16


@pytest.mark.parametrize("var", ["TRACKER_NUM_PERM", "TRACKER_SEED", "TRACKER_BATCH_SIZE"])
def test_non_integer_environment_value_names_the_variable(var: str) -> None:
    with pytest.raises(ConfigError, match=var):
        load_config(env={var: "lots"})


def test_environment_range_is_checked() -> None:
    with pytest.raises(ConfigError, match=r"minhash\.num_perm"):
        load_config(env={"TRACKER_NUM_PERM": "1"})


def test_unrelated_environment_variables_are_ignored() -> None:
    assert (
        load_config(env={"TRACKER_COLOUR": "blue", "PATH": "/bin", "HOME": "/h"}).minhash == MinHashConfig()
    )


def test_toml_file(tmp_path: Path) -> None:
    path = write_toml(
        tmp_path,
        """
[shingle]
word_ngram = 4

[minhash]
num_perm = 256
sentence_num_perm = 16

[lsh]
content_threshold = 0.25

[store]
path = "/var/lib/tracker.duckdb"

[daemon]
batch_age_s = 2.5
""",
    )
    config = load_config(path, env={})
    assert config.shingle.word_ngram == 4
    assert config.minhash.num_perm == 256
    assert config.minhash.sentence_num_perm == 16
    assert config.lsh.content_threshold == 0.25
    assert config.store.path == "/var/lib/tracker.duckdb"
    assert config.daemon.batch_age_s == 2.5
    assert config.minhash.seed == 1  # untouched keys keep their defaults


def test_toml_unknown_section_is_rejected(tmp_path: Path) -> None:
    path = write_toml(tmp_path, "[minhsah]\nnum_perm = 64\n")
    with pytest.raises(ConfigError, match=r"unknown section \[minhsah\]") as info:
        load_config(path, env={})
    assert "minhash" in str(info.value)  # lists the known sections
    assert str(path) in str(info.value)


def test_toml_unknown_key_is_rejected(tmp_path: Path) -> None:
    path = write_toml(tmp_path, "[minhash]\nnum_perms = 64\n")
    with pytest.raises(ConfigError, match=r"unknown key num_perms in \[minhash\]; did you mean num_perm\?"):
        load_config(path, env={})


def test_toml_section_must_be_a_table(tmp_path: Path) -> None:
    path = write_toml(tmp_path, "minhash = 3\n")
    with pytest.raises(ConfigError, match=r"\[minhash\].*must be a table"):
        load_config(path, env={})


def test_toml_wrong_type_is_a_config_error(tmp_path: Path) -> None:
    path = write_toml(tmp_path, '[lsh]\ncontent_threshold = "low"\n')
    with pytest.raises(ConfigError):
        load_config(path, env={})


def test_toml_float_for_integer_key_is_a_config_error(tmp_path: Path) -> None:
    path = write_toml(tmp_path, "[minhash]\nnum_perm = 64.5\n")
    with pytest.raises(ConfigError):
        load_config(path, env={})


def test_unreadable_or_invalid_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path / "missing.toml", env={})
    bad = write_toml(tmp_path, "[minhash\nnum_perm = \n")
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(bad, env={})


def test_unknown_override_section_is_rejected() -> None:
    with pytest.raises(ConfigError, match="unknown section"):
        load_config(env={}, overrides={"cache": {"size": 1}})


def test_precedence_overrides_over_env_over_file_over_defaults(tmp_path: Path) -> None:
    path = write_toml(tmp_path, '[minhash]\nnum_perm = 64\nseed = 5\n[store]\npath = "/from/file"\n')
    env = {"TRACKER_NUM_PERM": "96", "TRACKER_DB": "/from/env"}
    overrides = {"minhash": {"num_perm": 32}}

    assert load_config(env={}).minhash.num_perm == 128
    assert load_config(path, env={}).minhash.num_perm == 64
    from_env = load_config(path, env=env)
    assert from_env.minhash.num_perm == 96
    assert from_env.minhash.seed == 5  # the file still supplies what the environment does not
    assert from_env.store.path == "/from/env"
    final = load_config(path, env=env, overrides=overrides)
    assert final.minhash.num_perm == 32
    assert final.minhash.seed == 5
    assert final.store.path == "/from/env"


def test_load_config_does_not_read_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_NUM_PERM", "64")
    assert load_config(env={}).minhash.num_perm == 128


# --- derived values ------------------------------------------------------------------------


def test_optimal_bands_docstring_example() -> None:
    assert optimal_bands(0.2, 128) == (42, 3)


@pytest.mark.parametrize("num_perm", [128, 256])
@pytest.mark.parametrize("threshold", [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
def test_optimal_bands_fit_and_midpoint_near_threshold(threshold: float, num_perm: int) -> None:
    bands, rows = optimal_bands(threshold, num_perm)
    assert bands >= 1 and rows >= 1
    assert bands * rows <= num_perm
    # Only rows x (num_perm // rows) grids are considered, so the midpoint is quantised;
    # 0.06 is the widest gap on this grid (0.2 at 128 permutations: 0.254).
    assert abs(threshold_of(bands, rows) - threshold) < 0.06


def test_optimal_bands_prefers_more_bands_and_more_rows_for_higher_thresholds() -> None:
    rows = [optimal_bands(t, 128)[1] for t in (0.1, 0.3, 0.5, 0.7, 0.9)]
    assert rows == sorted(rows)
    assert rows[0] < rows[-1]
    for t in (0.1, 0.5, 0.9):
        bands, r = optimal_bands(t, 128)
        assert bands == 128 // r


def test_threshold_of_matches_the_s_curve() -> None:
    bands, rows = 20, 5
    s = threshold_of(bands, rows)
    assert 1 - (1 - s**rows) ** bands == pytest.approx(0.5)


def test_lsh_bands_per_family() -> None:
    config = TrackerConfig()
    bands = lsh_bands(config)
    assert set(bands) == {"verbatim", "content", "sentence"}
    assert bands["content"] == optimal_bands(config.lsh.content_threshold, config.minhash.num_perm)
    assert bands["verbatim"] == optimal_bands(config.lsh.verbatim_threshold, config.minhash.num_perm)
    assert bands["sentence"] == (6, 2)
    for b, r in bands.values():
        assert b * r <= config.minhash.num_perm


# --- params_id -----------------------------------------------------------------------------


def with_(config: TrackerConfig, section: str, **changes: object) -> TrackerConfig:
    return dataclasses.replace(config, **{section: dataclasses.replace(getattr(config, section), **changes)})


FAMILY_NAMES = ["verbatim", "content", "sentence"]


def test_params_id_is_short_stable_and_per_family() -> None:
    config = TrackerConfig()
    ids = [params_id(config, f) for f in FAMILY_NAMES]
    assert len(set(ids)) == 3
    assert all(len(i) <= 20 for i in ids)
    assert ids == [params_id(TrackerConfig(), f) for f in FAMILY_NAMES]
    assert ids[0].startswith("v128-")
    assert ids[2].startswith("s12-")


@pytest.mark.parametrize("family", FAMILY_NAMES)
@pytest.mark.parametrize(
    ("section", "changes"), [("minhash", {"seed": 2}), ("shingle", {"min_sentence_terms": 4})]
)
def test_params_id_changes_for_every_family(family: str, section: str, changes: dict[str, object]) -> None:
    config = TrackerConfig()
    assert params_id(with_(config, section, **changes), family) != params_id(config, family)


@pytest.mark.parametrize("family", ["verbatim", "content"])
def test_params_id_changes_with_num_perm(family: str) -> None:
    config = TrackerConfig()
    assert params_id(with_(config, "minhash", num_perm=64), family) != params_id(config, family)


def test_params_id_of_sentence_family_follows_sentence_num_perm() -> None:
    config = TrackerConfig()
    assert params_id(with_(config, "minhash", sentence_num_perm=16), "sentence") != params_id(
        config, "sentence"
    )
    assert params_id(with_(config, "minhash", num_perm=64), "sentence") == params_id(config, "sentence")


def test_params_id_word_ngram_changes_only_the_verbatim_family() -> None:
    config = TrackerConfig()
    changed = with_(config, "shingle", word_ngram=3)
    assert params_id(changed, "verbatim") != params_id(config, "verbatim")
    assert params_id(changed, "content") == params_id(config, "content")


@pytest.mark.parametrize(
    ("section", "changes"),
    [
        ("lsh", {"content_threshold": 0.5, "verbatim_threshold": 0.6, "max_bucket": 10}),
        ("store", {"path": "/elsewhere.duckdb"}),
        ("daemon", {"batch_size": 3, "listen": "127.0.0.1:1"}),
    ],
)
def test_params_id_ignores_parameters_that_do_not_change_values(
    section: str, changes: dict[str, object]
) -> None:
    config = TrackerConfig()
    changed = with_(config, section, **changes)
    for family in FAMILY_NAMES:
        assert params_id(changed, family) == params_id(config, family)


@pytest.mark.parametrize("text", ["[daemon]\nbatch_age_s = nan\n", "[lsh]\nmin_anchor_weight = inf\n"])
def test_a_number_that_is_not_finite_is_refused(tmp_path: Path, text: str) -> None:
    # nan passes every range check (its comparisons are all false): a batch would never age.
    with pytest.raises(ConfigError, match="must be a finite number"):
        load_config(write_toml(tmp_path, text), env={})


def test_a_config_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes("# Caf\xe9\n[minhash]\nnum_perm = 64\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=r"cannot read config file .*latin1.toml: not UTF-8 text \(byte 0xe9"):
        load_config(path, env={})


def test_the_config_file_can_be_named_by_the_environment(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tracker.cli import main

    db = tmp_path / "from-config.duckdb"
    path = write_toml(tmp_path, f'[store]\npath = "{db}"\n')
    result = CliRunner().invoke(main, ["stats"], env={"TRACKER_CONFIG": str(path), "TRACKER_DB": None})
    # The store path came from the file the environment named.
    assert f"no database at {db}" in result.output
    missing = CliRunner().invoke(main, ["stats"], env={"TRACKER_CONFIG": str(tmp_path / "none.toml")})
    assert missing.exit_code == 2 and "none.toml" in missing.output
