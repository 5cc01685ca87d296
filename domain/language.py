"""Guessing the language a customer wrote in, simply and predictably.

Scripts decide first: Han characters (without kana) are Chinese, kana Japanese,
Hangul Korean, Cyrillic Russian, Arabic script Arabic. Latin-script text is
scored by its common function words and by letters only one language uses
(ß, ñ, ¿, ç...). Too little evidence gives `None`: the caller then uses its
default (English for reply templates).
"""

from __future__ import annotations

import re

SUPPORTED_REPLY_LANGUAGES = ("en", "de", "fr", "es", "zh")

LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "zh": "Chinese",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ja": "Japanese",
    "ko": "Korean",
    "ru": "Russian",
    "ar": "Arabic",
}

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and is are was to of in it my i you your we our this that have has can't cannot "
        "not with for on please help hello hi thanks thank would could why how what when do "
        "does did be been an a"
    ),
    "de": _words(
        "der die das und ist sind war nicht ich mein meine meinen sie wir ein eine einen mit "
        "für auf bitte hallo danke kann können warum wie was wenn habe hat haben noch schon "
        "auch zu im dem den des es"
    ),
    "fr": _words(
        "le la les et est sont était pas je mon ma mes vous nous un une avec pour sur merci "
        "bonjour peux pouvez pourquoi comment que quand ai avez ne plus des du au aux ce "
        "cette il elle"
    ),
    "es": _words(
        "el la los las y es son era no yo mi mis usted ustedes nosotros un una con para por "
        "gracias hola puedo pueden porque cómo como qué que cuando tengo tiene del al se lo "
        "muy pero"
    ),
    "it": _words(
        "il lo gli le e è sono non io mio mia un una con per grazie ciao posso perché come "
        "che quando ho ha della del"
    ),
    "pt": _words(
        "o os as e é são não eu meu minha um uma com para obrigado olá posso porque como que "
        "quando tenho tem do da"
    ),
    "nl": _words(
        "de het een en is zijn niet ik mijn u wij met voor op alstublieft hallo dank kan "
        "waarom hoe wat wanneer heb heeft"
    ),
}

_MARK_LETTERS = {
    "de": "äöüß",
    "fr": "çèêëàâîïôûœ",
    "es": "ñ¿¡áíóú",
    "pt": "ãõ",
}

_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code for the text's language, or None when unsure."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    total = len(letters)
    han = len(_HAN.findall(text))
    kana = len(_KANA.findall(text))
    if kana >= 2 and (kana + han) / total >= 0.2:
        return "ja"
    if han / total >= 0.2:
        return "zh"
    for code, script in (("ko", _HANGUL), ("ru", _CYRILLIC), ("ar", _ARABIC)):
        if len(script.findall(text)) / total >= 0.3:
            return code
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {code: 0.0 for code in _FUNCTION_WORDS}
    for word in words:
        for code, vocabulary in _FUNCTION_WORDS.items():
            if word in vocabulary:
                scores[code] += 1.0
    lowered = text.lower()
    for code, marks in _MARK_LETTERS.items():
        scores[code] += 0.75 * sum(lowered.count(mark) for mark in marks)
    best = max(scores, key=lambda code: scores[code])
    if scores[best] < 1.0:
        return None
    runner_up = max(score for code, score in scores.items() if code != best)
    if scores[best] == runner_up:
        return None
    return best


def reply_language(text: str, default: str = "en") -> str:
    """The language to reply in: the text's own if templates exist for it, else `default`."""
    detected = detect_language(text)
    return detected if detected in SUPPORTED_REPLY_LANGUAGES else default
