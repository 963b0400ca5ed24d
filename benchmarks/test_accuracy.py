"""Tests of the quality benchmark: its metric functions against hand-computed values, its
scoring functions on hand-built database views, and a smoke run of both scripts on the tiny
fictional corpus in ``tests/data/quality/`` (no ``../shared`` needed), so they cannot rot."""

from __future__ import annotations

import doctest
import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest

from benchmarks import metrics as M
from benchmarks import quality as Q
from benchmarks import reuters_haystack as H

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "data" / "quality"


# --- metrics --------------------------------------------------------------------------------------


def test_metric_docstring_examples_hold() -> None:
    result = doctest.testmod(M)
    assert result.attempted >= 7
    assert result.failed == 0


def test_prf_from_sets_by_hand() -> None:
    # predicted {1,2,3}, gold {2,3,4,5}: tp 2, fp 1, fn 2; P = 2/3, R = 1/2, F1 = 2PR/(P+R) = 4/7.
    prf = M.prf_from_sets({1, 2, 3}, {2, 3, 4, 5})
    assert (prf.tp, prf.fp, prf.fn) == (2, 1, 2)
    assert prf.precision == pytest.approx(2 / 3)
    assert prf.recall == pytest.approx(1 / 2)
    assert prf.f1 == pytest.approx(4 / 7)


def test_prf_edge_cases() -> None:
    assert M.PRF(0, 0, 0).f1 == 1.0  # nothing to find, nothing claimed
    assert M.PRF(0, 0, 3).precision == 1.0 and M.PRF(0, 0, 3).f1 == 0.0
    assert M.PRF(0, 2, 0).recall == 1.0 and M.PRF(0, 2, 0).f1 == 0.0
    assert M.PRF(0, 2, 3).f1 == 0.0


def test_pair_prf_directed_and_undirected() -> None:
    gold = [("d1", "s1"), ("d2", "s2"), ("d3", "s3")]
    predicted = [("d1", "s1"), ("s2", "d2"), ("x", "y")]
    # Directed: only d1<-s1 is right; s2<-d2 (reversed) and x<-y are false; d2, d3 missed.
    d = M.pair_prf(predicted, gold, directed=True)
    assert (d.tp, d.fp, d.fn) == (1, 2, 2)
    # Undirected: d1-s1 and d2-s2 are right; x-y false; d3 missed. P = R = F1 = 2/3.
    u = M.pair_prf(predicted, gold, directed=False)
    assert (u.tp, u.fp, u.fn) == (2, 1, 1)
    assert u.f1 == pytest.approx(2 / 3)
    # Both directions predicted count once undirected.
    assert M.pair_prf([("a", "b"), ("b", "a")], [("a", "b")], directed=False) == M.PRF(1, 0, 0)


def test_per_relation_prf_detection_and_typed() -> None:
    gold = {("c1", "s"): "copy", ("c2", "s"): "copy", ("r1", "s"): "rewrite"}
    predicted = {("c1", "s"): "copy", ("c2", "s"): "rewrite", ("n1", "s"): "copy", ("n2", "s"): "rewrite"}
    det = M.per_relation_prf(predicted, gold, directed=True, relations=("copy", "rewrite", "summary"))
    # copy: c1, c2 found (any predicted relation) -> tp 2; n1 is a false link called copy -> fp 1.
    assert det["copy"] == M.PRF(2, 1, 0)
    # rewrite: r1 missed -> fn 1; n2 is a false link called rewrite -> fp 1.
    assert det["rewrite"] == M.PRF(0, 1, 1)
    assert det["summary"] == M.PRF(0, 0, 0)
    typed = M.per_relation_prf(predicted, gold, directed=True, relations=("copy", "rewrite"), typed=True)
    # copy: c1 right; c2 predicted rewrite -> fn of copy; n1 -> fp.
    assert typed["copy"] == M.PRF(1, 1, 1)
    # rewrite: r1 missed; c2 (a copy called rewrite) and n2 are fps.
    assert typed["rewrite"] == M.PRF(0, 2, 1)


def test_per_relation_prf_undirected_merges_directions() -> None:
    gold = {("d", "s"): "summary"}
    predicted = {("s", "d"): "rewrite"}
    assert M.per_relation_prf(predicted, gold, directed=False)["summary"] == M.PRF(1, 0, 0)
    assert M.per_relation_prf(predicted, gold, directed=True)["summary"] == M.PRF(0, 0, 1)


def test_confusion_matrix_and_accuracy() -> None:
    pairs = [("copy", "copy"), ("copy", "rewrite"), ("summary", "rewrite"), ("summary", "summary")]
    cm = M.confusion_matrix(pairs, rows=("copy", "summary"), cols=("copy", "rewrite", "summary"))
    assert cm == {"copy": {"copy": 1, "rewrite": 1, "summary": 0},
                  "summary": {"copy": 0, "rewrite": 1, "summary": 1}}
    assert M.accuracy(pairs) == (2, 4)
    assert M.confusion_matrix([]) == {}


def test_label_and_origin_accuracy() -> None:
    predicted = {"a": "a", "b": "a", "c": "b", "d": None}
    gold: dict[str, str | None | list[str]] = {"a": "a", "b": "a", "c": ["a", "b"], "d": None, "e": "a"}
    score = M.label_accuracy(predicted, gold)
    # a, b right; c accepted via the alternative; d's None is right; e missing from predicted.
    assert (score.correct, score.total) == (4, 5)
    assert score.rate == pytest.approx(0.8) and str(score) == "4/5"
    assert str(M.origin_accuracy({"x": "y"}, {"x": "x"})) == "0/1"
    assert M.Score(0, 0).rate == 0.0


def test_comb2_and_contingency() -> None:
    assert [M.comb2(n) for n in range(5)] == [0, 0, 1, 3, 6]
    table = M.contingency({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "y", "d": "y"})
    assert table[(1, "x")] == 1 and table[(1, "y")] == 1
    # c has no gold label and d no prediction: each sits alone on the missing side.
    assert sum(table.values()) == 4


def test_pair_counting_prf_by_hand() -> None:
    # Predicted {a,b,c}{d}; gold {a,b}{c,d}: predicted pairs ab, ac, bc; gold pairs ab, cd.
    prf = M.pair_counting_prf({"a": 1, "b": 1, "c": 1, "d": 2}, {"a": "x", "b": "x", "c": "y", "d": "y"})
    assert (prf.tp, prf.fp, prf.fn) == (1, 2, 1)


def test_ari_identical_partitions_is_one() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 3, "e": 3}
    assert M.adjusted_rand_index(gold, gold) == 1.0
    renamed = {k: f"cluster-{v}" for k, v in gold.items()}
    assert M.adjusted_rand_index(renamed, gold) == pytest.approx(1.0)
    singletons = {k: k for k in "abcd"}
    assert M.adjusted_rand_index(singletons, singletons) == 1.0
    assert M.adjusted_rand_index({}, {}) == 1.0


def test_ari_by_hand() -> None:
    # Gold {1,2,3}{4,5,6}; predicted {1,2}{3,4}{5,6}.
    # n_ij: 2,1,1,2 -> index = C(2,2)+0+0+C(2,2) = 2.
    # predicted sizes 2,2,2 -> sum C = 3; gold sizes 3,3 -> sum C = 6; C(6,2) = 15.
    # expected = 3 * 6 / 15 = 1.2; maximum = (3 + 6) / 2 = 4.5.
    # ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3 = 8/33 = 0.24242...
    gold = {"1": "A", "2": "A", "3": "A", "4": "B", "5": "B", "6": "B"}
    pred = {"1": 1, "2": 1, "3": 2, "4": 2, "5": 3, "6": 3}
    assert M.adjusted_rand_index(pred, gold) == pytest.approx(8 / 33)
    assert M.adjusted_rand_index(gold, pred) == pytest.approx(8 / 33)  # symmetric


def test_ari_known_values() -> None:
    # [0,0,1,1] vs [0,0,1,2]: index 1, sums 2 and 1, C(4,2)=6 -> (1-1/3)/(3/2-1/3) = 4/7.
    a = {"w": 0, "x": 0, "y": 1, "z": 1}
    assert M.adjusted_rand_index(a, {"w": 0, "x": 0, "y": 1, "z": 2}) == pytest.approx(4 / 7)
    # [0,0,1,1] vs [0,1,0,1]: index 0, expected 2/3, maximum 2 -> (0-2/3)/(4/3) = -0.5 (below chance).
    assert M.adjusted_rand_index(a, {"w": 0, "x": 1, "y": 0, "z": 1}) == pytest.approx(-0.5)


def test_threshold_sweep_and_best() -> None:
    scores = [0.9, 0.8, 0.6, 0.5, 0.3, 0.0]
    labels = [True, True, False, True, False, True]
    sweep = dict(M.threshold_sweep(scores, labels, [0.5, 0.7]))
    assert sweep[0.7] == M.PRF(2, 0, 2)
    assert sweep[0.5] == M.PRF(3, 1, 1)
    best_t, best = M.best_threshold(scores, labels)
    # At 0.5: P 3/4, R 3/4, F1 0.75; at 0.0: P 4/6, R 1, F1 0.8 -> best is 0.0.
    assert best_t == 0.0 and best == M.PRF(4, 2, 0)
    assert math.isclose(best.f1, 0.8)


# --- scoring on hand-built views --------------------------------------------------------------


def _view(lineage: dict[str, tuple[str, str | None, str]], matches: list[tuple[str, str, str]]) -> Q.DbView:
    return Q.DbView(
        lineage={a: (o, p, r, 1.0 if p is None else 0.5) for a, (o, p, r) in lineage.items()},
        matches=[(a, s, r, 0.5, 0.5) for a, s, r in matches],
        titles={a: a.upper() for a in lineage},
    )


def test_score_seeds() -> None:
    labels: dict[str, dict[str, Any]] = {
        "o": {"relation": "original", "origin": "o", "parent": None},
        "c": {"relation": "copy", "origin": "o", "parent": "o"},
        "r": {"relation": "rewrite", "origin": "o", "parent": "o", "parent_also_accepted": ["c"]},
    }
    view = _view({"o": ("o", None, "original"), "c": ("o", "o", "rewrite"), "r": ("o", "c", "rewrite")}, [])
    res = Q.score_seeds(view, labels)
    assert res["origin"] == {"correct": 3, "total": 3}
    assert res["relation"] == {"correct": 1, "total": 2}
    assert res["parent"] == {"correct": 2, "total": 2}
    assert "XX rewrite" in Q.format_seeds(res)


def test_score_pan() -> None:
    texts = {k: "" for k in ("s1", "s2", "s3", "d1", "d2", "d3", "n1")}
    texts["d3"] = texts["s3"] = "one two three four five six seven eight nine"
    labelled = [("d1", "s1", "copy"), ("d2", "s2", "summary"), ("n1", "s1", "none")]
    matches = [("d1", "s1", "copy"), ("s2", "d2", "rewrite"), ("n1", "s1", "copy"), ("d3", "s3", "copy")]
    res = Q.score_pan(_view({}, matches), labelled, texts)
    # Labelled: predicted d1-s1, d2-s2, n1-s1 (undirected); d1-s1 and d2-s2 right, n1-s1 false.
    assert res["undirected"]["tp"] == 2 and res["undirected"]["fp"] == 1 and res["undirected"]["fn"] == 0
    # Directed: d2<-s2 was found as s2<-d2, so it is a miss and a false claim.
    assert (res["directed"]["tp"], res["directed"]["fp"], res["directed"]["fn"]) == (1, 2, 1)
    assert res["reversed"] == 1
    assert res["none_detected"] == 1 and res["none_rate"] == 1.0
    # Strict: d3-s3 is an unlabelled link, counted false; it shares an 8-word run.
    assert res["strict"]["fp"] == 2 and res["other_links"] == 1 and res["other_verbatim"] == 1
    assert res["relation_accuracy"] == {"correct": 1, "total": 2, "rate": 0.5}
    assert res["confusion"]["summary"]["rewrite"] == 1
    assert res["per_relation"]["copy"]["undirected"]["fp"] == 1  # n1 called copy
    assert "false links to none pairs: 1/1" in Q.format_pan(res)


def test_score_reuters() -> None:
    stories = {
        "a1": Q.Story("A", Q._time("1987-03-01T10:00:00Z")), "a2": Q.Story("A", Q._time("1987-03-01T11:00:00Z")),
        "b1": Q.Story("B", None), "b2": Q.Story("B", None),
        "x": Q.Story("X", None), "y": Q.Story("Y", None), "z": Q.Story("Z", None),
    }
    groups = [["a1", "a2"], ["b1", "b2"]]
    lineage = {
        "a1": ("a1", None, "original"), "a2": ("a1", "a1", "copy"),
        "b1": ("b1", None, "original"), "b2": ("b2", None, "original"),  # group b split
        "x": ("x", None, "original"), "y": ("x", "x", "rewrite"), "z": ("z", None, "original"),
    }
    view = _view(lineage, [("a2", "a1", "copy"), ("y", "x", "rewrite")])
    res = Q.score_reuters(view, stories, groups)
    assert res["group_recall"] == {"correct": 1, "total": 2}
    assert res["copy_groups"] == {"correct": 1, "total": 2}
    assert res["origin_distinct"] == {"correct": 1, "total": 1}
    assert res["time_kinds"] == {"distinct": 1, "missing": 1}
    # Predicted pairs: a1a2, xy; gold pairs: a1a2, b1b2.
    assert (res["pairs"]["tp"], res["pairs"]["fp"], res["pairs"]["fn"]) == (1, 1, 1)
    assert res["other_linked"] == 2 and res["other_links"] == 1
    assert res["_other_rows"][0][:2] == ("y", "x")
    # ARI by hand: n_ij sums: index 1 (a); predicted sum C = 2 (a, xy); gold sum C = 2 (a, b);
    # C(7,2) = 21; expected = 4/21; maximum = 2 -> (1 - 4/21) / (2 - 4/21) = 17/38.
    assert res["ari"] == pytest.approx(17 / 38, abs=1e-4)
    assert res["other_by_headline"] == {"rewrite": {"unknown": 1}}  # "Y", "X": no content terms
    res.pop("_other_rows")
    assert "OTHER stories linked" in Q.format_reuters(res)
    assert "... rewrite, by headline" in Q.format_reuters(res)


def test_labelled_other_links_are_counted_in_either_direction(tmp_path: Path) -> None:
    labels = tmp_path / "labels.tsv"
    labels.write_text("article_id\tsource_id\tlabel\tconfidence\n"
                      "a\tb\tone_story\thigh\nc\td\tindependent\tlow\ne\tf\tseries\thigh\n"
                      "g\th\tfollow_up\tmedium\nq\tgone\tone_story\thigh\n", encoding="utf-8")
    labelled = Q.read_link_labels(labels, present={"a", "b", "c", "d", "e", "f", "g", "h", "q"})
    assert len(labelled) == 4  # the pair with a story that is not present is left out
    matches = [("b", "a", "copy", 0.9), ("c", "d", "rewrite", 0.2), ("x", "y", "copy", 1.0)]
    res = Q.score_link_labels(matches, labelled)
    assert res == {"one_story": {"correct": 1, "total": 1}, "follow_up": {"correct": 0, "total": 1},
                   "independent": {"correct": 1, "total": 1}, "series": {"correct": 0, "total": 1}}
    values = Q.summary_values({"reuters": {"groups": 0, "group_recall": {"correct": 0, "total": 0},
                                           "copy_groups": {"correct": 0, "total": 0},
                                           "origin_distinct": {"correct": 0, "total": 0},
                                           "pairs": {"precision": 0.0, "recall": 0.0}, "ari": 0.0,
                                           "other_linked": 0, "link_labels": res}})
    assert values["reuters.labelled_one_story"] == 1.0
    assert values["reuters.labelled_wrong"] == 0.5  # independent 1 of 1, series 0 of 1


def test_headline_agreement_counts_by_relation_and_headline() -> None:
    stories = {
        "item": Q.Story("HARBOUR ROPE <HRW> SETS PAYOUT", None),
        "fix": Q.Story("CORRECTED - HARBOUR ROPE <HRW> SETS PAYOUT", None),
        "raise": Q.Story("HARBOUR ROPE <HRW> RAISES PAYOUT", None),
        "other": Q.Story("KELP FARMS CUTS JOBS", None),
        "blank": Q.Story(None, None),
    }
    rows = [("fix", "item", "copy"), ("raise", "item", "copy"), ("other", "item", "rewrite"),
            ("blank", "item", "copy")]
    # The re-issue mark is not a word of the headline; "sets" / "raises" leaves 3 of 5 terms.
    assert Q.headline_agreement(rows, stories) == {
        "copy": {"agreeing": 1, "same": 1, "unknown": 1}, "rewrite": {"different": 1}}


def test_sentence_of_merges_split_sentences() -> None:
    from tracker.config import ShingleConfig

    s = Q.sentence_of("Grocers J.K. Bramble Co. Inc. and Ottering Mills Co. report sales on Monday.", ShingleConfig())
    assert "grocers" in s.words and "ottering" in s.words and "monday" in s.words


def test_summary_rows_pass_fail_skip() -> None:
    results: dict[str, dict[str, Any]] = {"msrp": {"at_threshold": {"f1": 0.9}, "best": {"f1": 0.95}},
               "pan": {"skipped": "skipped: not found"}}
    rows = {r["key"]: r for r in Q.summary_rows(results)}
    assert rows["msrp.f1"]["status"] == "PASS"
    assert rows["pan.f1.copy"]["status"] == "SKIP"
    results["msrp"]["at_threshold"]["f1"] = 0.5
    assert {r["key"]: r for r in Q.summary_rows(results)}["msrp.f1"]["status"] == "FAIL"


def test_table_is_fixed_width() -> None:
    text = Q.table(["name", "value"], [["copy", "0.951"], ["translation", "1.000"]])
    lines = text.splitlines()
    assert lines[0].startswith("name         value")
    assert lines[2] == "copy         0.951"


# --- smoke runs on the fictional fixture ------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the tiny fixture corpus in the test's temporary folder."""
    dst = tmp_path / "corpus"
    shutil.copytree(FIXTURE, dst)
    return dst


def test_quality_script_runs_on_fixture(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--data", str(corpus / "data"), "--seeds", str(corpus / "seeds"), "--json",
            "--workdir", str(tmp_path / "work"), "--sample", "3"]
    assert Q.main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    corpora = out["corpora"]
    assert set(corpora) == set(Q.CORPORA)
    assert corpora["seeds"]["origin"]["total"] == 5 and corpora["seeds"]["relation"]["total"] == 4
    pan = corpora["pan"]
    assert (pan["documents"], pan["positives"], pan["none_pairs"]) == (6, 3, 1)
    assert 0.0 <= pan["undirected"]["f1"] <= 1.0 and 0.0 <= pan["none_rate"] <= 1.0
    reuters = corpora["reuters"]
    assert (reuters["stories"], reuters["groups"], reuters["in_lineage"]) == (7, 2, 7)
    assert reuters["time_kinds"] == {"distinct": 1, "missing": 1}
    assert -1.0 <= reuters["ari"] <= 1.0
    msrp = corpora["msrp"]
    assert (msrp["pairs"], msrp["positives"]) == (8, 5)
    statuses = {r["key"]: r["status"] for r in out["summary"]}
    assert all(statuses[key] in ("PASS", "FAIL") for key, *_ in Q.TARGETS)
    assert set(out["header"]["params"]) == {"verbatim", "content", "sentence"}
    assert (tmp_path / "work" / "pan.duckdb").exists()


def test_quality_tables_and_skips(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(corpus / "data" / "pan13-dev")
    argv = ["--data", str(corpus / "data"), "--seeds", str(tmp_path / "absent"), "--only", "seeds,pan,msrp"]
    assert Q.main(argv) == 0
    text = capsys.readouterr().out
    assert "params: verbatim=" in text and "seed=" in text
    assert text.count("skipped: not found") == 2
    assert "MSRP F1 at SENTENCE_THRESHOLD" in text and "SKIP" in text
    with pytest.raises(SystemExit):
        Q.main(["--only", "nonsense"])


def test_haystack_script_runs_on_fixture(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--data", str(corpus / "data"), "--seeds", str(corpus / "seeds"), "--limit", "5",
            "--workdir", str(tmp_path / "hay")]
    code = H.main(argv)
    text = capsys.readouterr().out
    assert code in (0, 1)
    assert "no seed linked to a Reuters story" in text
    assert "ingested 10 articles (5 Reuters + seeds)" in text
    assert H.main(["--data", str(tmp_path / "absent"), "--seeds", str(corpus / "seeds")]) == 0
    assert "skipped: not found" in capsys.readouterr().out


def test_cross_links_finds_both_tables() -> None:
    view = _view({"seed": ("r1", "r1", "copy"), "r1": ("r1", None, "original")}, [("seed", "r1", "copy")])
    found = H.cross_links(view, {"seed"}, {"r1"})
    assert {c["table"] for c in found} == {"matches", "lineage"}


def test_pan_stages_script_runs_on_fixture(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import pan_stages as S

    assert S.main(["--data", str(corpus / "data"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    labelled = [line.split("\t") for line in (corpus / "data" / "pan13-dev" / "pairs.tsv").read_text(
        encoding="utf-8").splitlines()[1:] if line.strip()]
    assert len(out["pairs"]) == len(labelled)
    assert all(p["stage"] in S.STAGES for p in out["pairs"])
    assert sum(sum(v.values()) for v in out["stages"].values()) == len(labelled)
    assert S.main(["--data", str(corpus / "data"), "--show"]) == 0
    assert "not verified" in capsys.readouterr().out
    assert S.main(["--data", str(tmp_path / "absent")]) == 0
    assert "skipped: not found" in capsys.readouterr().out


def test_a_run_that_finds_no_corpus_says_so_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = Q.main(["--only", "seeds", "--seeds", str(tmp_path / "absent"), "--data", str(tmp_path / "absent")])
    assert code == 2 and "no corpus found" in capsys.readouterr().err
