"""The built-in drafter: a first reply made only of quoted, cited passage steps.

Rules:
- at most `max_passages` passages are used, in the order given (best first);
  each keeps its position in the list as its citation number;
- a passage written as a list contributes its list items (the steps), in order;
  prose contributes the sentences sharing most words with the ticket (its first
  sentence when none does);
- at most `max_steps` steps in all, each quoted verbatim as plain text (inline
  Markdown removed: `inline_markdown.plain_text`; headings, rules and table
  borders skipped), cut at a word boundary with "…" past `max_quote_chars`,
  and followed by its citation [n]; a step quoted once is never repeated;
- greeting, introduction, closing and sign-off come from the reply language's
  template; with no usable passage the reply only acknowledges the request.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from domain.drafting.inline_markdown import plain_text
from domain.drafting.passages import Citation, Passage
from domain.drafting.templates import template_for

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)]|[a-z][.)])\s+(?P<item>.+)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_RULE_OR_TABLE_BORDER = re.compile(r"^\s*(?:[-*_=|:+]\s*){3,}$")
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"')\]]*\s*(?=\S)")  # noqa: RUF001
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\u3040-\u30ff]")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_COMMON = _word_set(
    "the a an and or to of in on for is are be it my i you your we our this that with can how "
    "do does what when why please help hello hi thanks not have has"
)


@dataclass(frozen=True, slots=True)
class ExtractivePolicy:
    max_passages: int = 3
    max_steps: int = 5
    max_quote_chars: int = 300
    sentences_per_prose_passage: int = 2


def _terms(text: str) -> set[str]:
    lowered = text.lower()
    terms = {w for w in _WORD.findall(lowered) if w not in _COMMON and not _CJK.search(w)}
    cjk = [ch for ch in lowered if _CJK.match(ch)]
    terms.update(a + b for a, b in itertools.pairwise(cjk))
    return terms


def _units(content: str) -> tuple[list[str], bool]:
    """The passage's list items if it has some (True), else its sentences (False), as
    plain text (inline Markdown removed, headings and rules left out)."""
    lines = [
        line
        for line in content.splitlines()
        if line.strip() and not _HEADING.match(line) and not _RULE_OR_TABLE_BORDER.match(line)
    ]
    items = [plain_text(m["item"]).strip() for line in lines if (m := _LIST_ITEM.match(line))]
    items = [item for item in items if item]
    if len(items) >= 2:
        return items, True
    prose = " ".join(plain_text(line).strip() for line in lines)
    return [s.strip() for s in _SENTENCE_END.split(prose) if len(s.strip()) > 2], False


def _quote(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(",;: ") + "…"


def _pick(units: list[str], ticket_terms: set[str], count: int) -> list[str]:
    scored = [(len(_terms(unit) & ticket_terms), -i, unit) for i, unit in enumerate(units)]
    best = sorted(scored, reverse=True)[:count]
    if not best or best[0][0] == 0:
        return units[:1]
    return [unit for _, _, unit in sorted((s for s in best if s[0] > 0), key=lambda s: -s[1])]


def extract_steps(
    ticket_text: str, passages: Sequence[Passage], policy: ExtractivePolicy
) -> list[tuple[str, int]]:
    """The quoted steps, each with the (1-based) number of the passage it comes from."""
    ticket_terms = _terms(ticket_text)
    steps: list[tuple[str, int]] = []
    seen: set[str] = set()
    for number, passage in enumerate(passages[: policy.max_passages], start=1):
        units, is_list = _units(passage.content)
        if not units:
            continue
        per_passage = policy.sentences_per_prose_passage
        chosen = units if is_list else _pick(units, ticket_terms, per_passage)
        for unit in chosen:
            quote = _quote(unit, policy.max_quote_chars)
            key = " ".join(_WORD.findall(quote.lower()))
            if not key or key in seen:
                continue
            seen.add(key)
            steps.append((quote, number))
            if len(steps) >= policy.max_steps:
                return steps
    return steps


def quoted_steps(steps: Sequence[tuple[str, int]], language: str) -> str:
    """The steps as a numbered list, each quoted (the language's quotation marks) and cited."""
    template = template_for(language)
    return "\n".join(
        f"{i}. {template.open_quote}{quote}{template.close_quote} [{number}]"
        for i, (quote, number) in enumerate(steps, start=1)
    )


def compose_extractive_reply(
    ticket_text: str,
    passages: Sequence[Passage],
    language: str,
    *,
    customer_name: str | None = None,
    signature: str | None = None,
    policy: ExtractivePolicy | None = None,
) -> tuple[str, tuple[Citation, ...]]:
    """The reply text and the passages it cites, in citation order."""
    policy = policy or ExtractivePolicy()
    template = template_for(language)
    steps = extract_steps(ticket_text, passages, policy)
    parts = [template.greet(customer_name)]
    if steps:
        parts.append(template.intro)
        parts.append(quoted_steps(steps, language))
        parts.append(template.closing)
    else:
        parts.append(template.nothing_found)
    parts.append(f"{template.sign_off}\n{(signature or '').strip() or template.team}")
    cited = list(dict.fromkeys(number for _, number in steps))
    citations = tuple(
        Citation(
            number=n,
            passage_id=passages[n - 1].id,
            document_id=passages[n - 1].document_id,
            title=passages[n - 1].title,
            source=passages[n - 1].source,
        )
        for n in cited
    )
    return "\n\n".join(parts), citations
