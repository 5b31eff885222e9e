"""The language of a page, offline (langdetect's bundled profiles; stop words as a fallback)."""
from __future__ import annotations

import re
from functools import lru_cache

from auditor.policy.text import fold

READ = ("fr", "en", "nl", "de")   # languages whose keyword lists the reader has
SAMPLE = 4_000                    # characters looked at: enough to tell, and quick

# Fallback when langdetect is missing: frequent short words of each language.
_STOPWORDS = {
    "fr": "le la les des du de et est une un pour vous nous vos votre sont dans sur par au aux ce qui que".split(),
    "en": "the and of to is are you your we our for with this that be by on in from at".split(),
    "nl": "de het een en van voor uw je wij zijn niet met op te bij door worden deze dat".split(),
    "de": "der die das und ist sie wir ihre nicht mit von zu den dem auf für werden eine bei".split(),
}


def detect_language(text: str) -> tuple[str | None, str | None]:
    """(language, reason): the language among fr/en/nl/de, or None with the reason."""
    sample = (text or "")[:SAMPLE]
    letters = len(re.findall(r"[^\W\d_]", sample))
    if letters < 20:
        return None, "too little text to tell its language"
    try:
        return _langdetect(sample)
    except ImportError:
        return _by_stopwords(sample)


# The profiles loaded: ours, and the languages a French or Belgian site may otherwise be in
# (loading all 55 takes seconds).
_PROFILES = (*READ, "it", "es", "pt", "pl", "ro", "sv", "da", "cs", "tr", "ar", "ru", "zh-cn")


@lru_cache(maxsize=1)
def _factory():
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    profiles = []
    for lang in _PROFILES:
        with open(os.path.join(PROFILES_DIRECTORY, lang), encoding="utf-8") as handle:
            profiles.append(handle.read())
    factory.load_json_profile(profiles)
    factory.set_seed(0)  # the same answer every run
    return factory


def _langdetect(sample: str) -> tuple[str | None, str | None]:
    from langdetect.lang_detect_exception import LangDetectException

    try:
        detector = _factory().create()
        detector.append(sample)
        ranked = detector.get_probabilities()
    except LangDetectException as exc:
        return None, f"language not recognised ({exc})"
    for guess in ranked:
        if guess.lang in READ and guess.prob >= 0.2:
            return guess.lang, None
    best = ranked[0]
    return None, f"written in a language the reader does not know ({best.lang})"


def _by_stopwords(sample: str) -> tuple[str | None, str | None]:
    words = re.findall(r"[a-z']+", fold(sample))
    scores = {lang: sum(1 for w in words if w in set(stop)) for lang, stop in _STOPWORDS.items()}
    lang, score = max(scores.items(), key=lambda item: item[1])
    if score < 3 or score < 0.05 * len(words):
        return None, "written in a language the reader does not know"
    return lang, None
