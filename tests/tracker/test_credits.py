"""tracker.credits: what became of a source's credits in a derived text."""

from __future__ import annotations

from tests.tracker.test_explain import WIRE
from tracker.credits import credit_changes


def test_a_dropped_credit_and_reporting_line_are_named() -> None:
    source = WIRE + "\n\n(Reporting by Ana Berg; Editing by Tom Harrow)\n\n(c) 2026 Harbour Gazette"
    stripped = WIRE.replace(" (Meridian)", "")
    found = credit_changes(stripped, source, "https://copier.example/x")
    assert [(c["name"], c["kind"]) for c in found["dropped"]] == [
        ("Meridian", "dateline"), ("(Reporting by Ana Berg; Editing by Tom Harrow)", "reporting")]
    assert found["kept"] == [] and found["derived"] == []
    # A copy that keeps the dateline and says where it took the story from keeps the credit.
    kept = credit_changes(WIRE + "\n\nMeridian reported the vote first.", source, "https://copier.example/x")
    assert [c["name"] for c in kept["kept"]] == ["Meridian"]
    # Kept in another form: the derived text's own words say how.
    moved = credit_changes(stripped + "\n\nSource: Meridian", source, "https://copier.example/x")
    assert [(c["evidence"], c["derived_evidence"]) for c in moved["kept"]] == [
        ("PORT VELL, March 2 (Meridian) -", "Source: Meridian")]
    # Every kept entry says how the copy words it, a reporting line too; a name the copy cites
    # is one it credits when it is the source's outlet, else a name it cites (a person it
    # quotes is no outlet it credits).
    both = credit_changes(WIRE + "\n\n(Reporting by Ana Berg; Editing by Tom Harrow)\n\nNorthwire reported it."
                          "\n\nJudge Helena Marcus reported the ruling.", source, "https://copier.example/x")
    assert all("derived_evidence" in c for c in both["kept"]) and both["derived"] == ["meridian"]
    assert both["cited"] == ["judgehelenamarcus", "northwire"]
    theirs = credit_changes(WIRE + "\n\nNorthwire reported it.", source, "https://copier.example/x",
                            "https://northwire.example/story")
    assert theirs["derived"] == ["meridian", "northwire"] and theirs["cited"] == []
    # A closing one-word credit of an outlet no table knows says so.
    signed = credit_changes(stripped + "\n\n(Northwire)", "Text of the story.\n",
                            "https://copier.example/x", "https://www.northwire.example/a")
    assert signed["derived"] == ["northwire"] and signed["cited"] == [], signed
    # The derived article's own outlet is not a credit it owes, nor one it gives; a source
    # page's rights footer is not part of the story.
    own = credit_changes(stripped + "\n\nMeridian reported it.", source, "https://www.meridian.example/a")
    assert [c["kind"] for c in own["dropped"]] == ["reporting"] and own["derived"] == []


def test_a_mention_the_copy_kept_from_the_source_keeps_no_credit() -> None:
    # The wire's own reporting ("told Meridian") stays in a reprint that drops the dateline:
    # the dateline is dropped, and the reprint credits nobody (as uncredited_copies says).
    source = WIRE + "\n\nThe mayor told Meridian on Tuesday that the vote would stand."
    stripped = source.replace(" (Meridian)", "")
    found = credit_changes(stripped, source, "https://copier.example/x")
    assert [c["kind"] for c in found["dropped"]] == ["dateline"] and found["derived"] == [] and found["kept"] == []
    # Told in a sentence of its own, the mention credits the outlet.
    own = credit_changes(stripped + "\n\nThe mayor later told Meridian in an interview that she would stay.",
                         source, "https://copier.example/x")
    assert own["derived"] == ["meridian"] and [c["name"] for c in own["kept"]] == ["Meridian"]


def test_a_credit_of_another_outlet_kept_with_the_sources_sentence_is_kept() -> None:
    # A copy of a rewrite keeps the rewrite's "Reuters reported": the credit is kept, not the
    # rewrite's reporting (the rewrite is another outlet's).
    rewrite = "The vote will stand, the council said, Reuters reported on Friday.\n\nMore followed."
    found = credit_changes(rewrite, rewrite, "https://copier.example/x", "https://rewriter.example/y")
    assert [c["name"] for c in found["kept"]] == ["Reuters"] and found["derived"] == ["reuters"]
    # Against the wire itself, the same sentence kept is the wire's reporting.
    wire = credit_changes(rewrite, rewrite, "https://copier.example/x", "https://www.reuters.com/y")
    assert wire["kept"] == [] and wire["derived"] == []


def test_credits_a_copy_gives_that_its_source_does_not_are_added() -> None:
    copy = WIRE + "\n\nAdditional reporting by AFP."
    found = credit_changes(copy, WIRE, "https://copier.example/x", "https://meridian.example/a")
    assert found["dropped"] == [] and found["added"] == [{"outlet": "afp", "evidence": "Additional reporting by AFP"}]
    # A dateline given to another agency is the source's credit dropped and another added;
    # an agency that writes its name in lower case ("(dpa)") is one.
    relabelled = WIRE.replace("(Meridian)", "(dpa)")
    found = credit_changes(relabelled, WIRE, "https://copier.example/x", "https://meridian.example/a")
    assert [c["name"] for c in found["dropped"]] == ["Meridian"]
    assert [c["outlet"] for c in found["added"]] == ["dpa"]
    # The source's outlet, or an outlet it credits, is no added credit; nor the copy's own
    # rights footer, whatever outlet it names.
    assert credit_changes(WIRE + "\n\nSource: Meridian", WIRE, None, None)["added"] == []
    assert credit_changes(WIRE + "\n\n(c) 2026 Eastern Review", WIRE, "https://copier.example/x",
                          "https://meridian.example/a")["added"] == []


def test_the_text_and_html_reports_list_added_credits() -> None:
    from tracker.config import ShingleConfig
    from tracker.explain import explain_articles
    from tracker.model import Article
    from tracker.render import explanation_html, explanation_json, explanation_text

    source = Article(article_id="wire", text=WIRE, content_hash="0" * 16, source="meridian.example")
    copy = Article(article_id="copy", text=WIRE + "\n\nAdditional reporting by AFP.", content_hash="1" * 16,
                   source="copier.example")
    explanation = explain_articles(copy, source, ShingleConfig())
    data = explanation_json(copy, source, "parent", explanation)
    text = explanation_text(data)
    assert 'credits added (1):\n  + afp: "Additional reporting by AFP"' in text
    assert "credits dropped" not in text
    page = explanation_html(data, explanation)
    assert "Credits added (1)" in page and "<ins>Additional reporting by AFP</ins>" in page


def test_an_update_with_its_own_reporting_line_keeps_the_reporters_credit() -> None:
    source = WIRE + "\n\n(Reporting by Ana Berg; Additional reporting by Tom Hale in Vell; Editing by Tom Harrow)"
    update = WIRE + "\n\n(Reporting by Ana Berg; Editing by Tom Harrow and Lise Moen)"
    found = credit_changes(update, source, "https://www.meridian.example/b", "https://www.meridian.example/a")
    assert found["dropped"] == []
    assert [(c["kind"], c["derived_evidence"]) for c in found["kept"]] == [
        ("reporting", "(Reporting by Ana Berg; Editing by Tom Harrow and Lise Moen)")]
    # A reporter added beside the first is no drop either.
    both = credit_changes(WIRE + "\n\n(Reporting by Ana Berg and Per Lund; Editing by Tom Harrow)", source,
                          "https://www.meridian.example/b", "https://www.meridian.example/a")
    assert both["dropped"] == []
    # Another outlet's copy that cut a name from the line dropped that credit.
    cut = credit_changes(update, source, "https://copier.example/x", "https://www.meridian.example/a")
    assert [c["kind"] for c in cut["dropped"]] == ["reporting"]
    # A line naming other reporters is no such update: the source's line was dropped.
    other = credit_changes(WIRE + "\n\n(Reporting by Per Lund; Editing by Tom Harrow)", source,
                           "https://copier.example/x")
    assert [c["kind"] for c in other["dropped"]] == ["reporting"]
