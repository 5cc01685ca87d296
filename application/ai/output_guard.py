"""Recognising an answer that gives the instructions away: what a successful injection does.

Rules:
- an answer repeats the instructions when it contains the quoting nonce, or
  any run of `RUN_WORDS` (8) consecutive words of the fixed instruction text
  (the system message and the fixed framing of the user message, without the
  nonce), compared case-insensitively on words alone, so changed punctuation,
  line breaks or Markdown around the words do not hide it;
- eight words is longer than any phrase a genuine reply shares with the
  instructions by chance ("a colleague will look into it" is six), and short
  enough that no sentence of a rule can be quoted whole;
- such an answer is refused as a whole (bad output, so the caller falls back
  to the extractive answer with the reason recorded), never trimmed: what else
  an obeying model wrote cannot be trusted either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

RUN_WORDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def _runs(words: list[str], length: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


class InstructionEcho:
    """Knows the fixed instruction text of one prompt and spots answers that repeat it."""

    def __init__(self, instructions: Iterable[str], nonce: str) -> None:
        self._nonce = nonce
        self._runs: set[tuple[str, ...]] = set()
        for text in instructions:
            self._runs |= _runs(_words(text.replace(nonce, " ")), RUN_WORDS)

    def found_in(self, answer: str) -> bool:
        if self._nonce and self._nonce in answer:
            return True
        return not self._runs.isdisjoint(_runs(_words(answer), RUN_WORDS))
