"""tracker.language: offline language identification of an article's body."""

from __future__ import annotations

import pytest

from tracker.language import MIN_SCORE, LanguageGuess, identify, language_of

SAMPLES = {
    "en": "The central bank raised interest rates on Thursday for the third time this year, citing "
    "persistent inflation in services and a tight labour market.",
    "ru": "Центральный банк в четверг в третий раз за год повысил ключевую ставку, сославшись на "
    "устойчивую инфляцию в сфере услуг и дефицит кадров.",
    "fr": "La banque centrale a relevé jeudi ses taux d'intérêt pour la troisième fois cette année, "
    "invoquant une inflation persistante dans les services.",
    "de": "Die Zentralbank hat am Donnerstag zum dritten Mal in diesem Jahr die Zinsen erhöht und "
    "verwies auf die anhaltende Inflation bei Dienstleistungen.",
    "uk": "Центральний банк у четвер утретє цього року підвищив облікову ставку, пославшись на стійку "
    "інфляцію у сфері послуг і нестачу працівників.",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_languages(code: str) -> None:
    guess = identify(SAMPLES[code])
    assert guess is not None and guess.code == code and guess.score >= MIN_SCORE


def test_chrome_in_another_script_does_not_decide() -> None:
    # A Russian login link and counters above an English article (as on the seeds' pages).
    text = "Войти\n\n1496\n0\n\n" + SAMPLES["en"] + "\n\n" + SAMPLES["en"].replace("third", "fourth")
    assert language_of(text) == "en"


@pytest.mark.parametrize("text", ["", "Short.", "1496 0 0", "— — —"])
def test_too_little_text_has_no_language(text: str) -> None:
    assert identify(text) is None and language_of(text) is None


def test_deterministic() -> None:
    assert (
        identify(SAMPLES["fr"])
        == identify(SAMPLES["fr"])
        == LanguageGuess("fr", identify(SAMPLES["fr"]).score)
    )  # type: ignore[union-attr]
