"""Keeping a draft's citations honest.

A language model is asked to cite the numbered passages as [n]. It may cite a
number that was never given, or format citations its own way. The rules:

- `[n]`, `[n, m]`, `[n][m]`, `[^n]` and full-width `【n】` are read as citations;
- a number that names no provided passage (0, or above the count) is removed,
  and a bracket left empty disappears with the space before it;
- what remains is written as `[n]` (lists as `[n, m]`);
- the citations used are the passages cited, in order of first appearance.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from domain.drafting.passages import Citation, Passage

_CITATION = re.compile(
    r"(?P<space>[ \t]?)(?:\[\^?|【)(?P<numbers>\d{1,4}(?:\s*[,;]\s*\d{1,4})*)(?:\]|】)"
)
_NUMBER = re.compile(r"\d+")


def cited_numbers(text: str) -> list[int]:
    """Every number cited in `text`, in order, repeats included."""
    return [int(n) for match in _CITATION.finditer(text) for n in _NUMBER.findall(match["numbers"])]


def filter_citations(text: str, passages: Sequence[Passage]) -> tuple[str, tuple[Citation, ...]]:
    """The text with only valid citations kept, and the passages it cites."""
    count = len(passages)
    used: dict[int, None] = {}

    def rewrite(match: re.Match[str]) -> str:
        numbers = [int(n) for n in _NUMBER.findall(match["numbers"])]
        valid = list(dict.fromkeys(n for n in numbers if 1 <= n <= count))
        if not valid:
            return ""
        for number in valid:
            used.setdefault(number, None)
        return f"{match['space']}[{', '.join(str(n) for n in valid)}]"

    cleaned = _CITATION.sub(rewrite, text)
    citations = tuple(
        Citation(
            number=n,
            passage_id=passages[n - 1].id,
            document_id=passages[n - 1].document_id,
            title=passages[n - 1].title,
            source=passages[n - 1].source,
        )
        for n in used
    )
    return cleaned, citations
