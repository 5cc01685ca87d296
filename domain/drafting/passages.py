"""What a draft is built from and what it becomes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PassageSource = Literal["kb", "ticket"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of text a reply may rely on: a knowledge-base chunk or a solved ticket.

    Passages are numbered by their position (1-based) in the list given to a
    drafter; a draft cites them as [1], [2], ...
    """

    id: str
    document_id: str
    title: str
    content: str
    score: float
    source: PassageSource = "kb"

    def __post_init__(self) -> None:
        if self.source not in ("kb", "ticket"):
            raise ValueError(f"a passage comes from 'kb' or 'ticket', not {self.source!r}")


@dataclass(frozen=True, slots=True)
class Citation:
    """A passage a draft cites, with the number it is cited by."""

    number: int
    passage_id: str
    document_id: str
    title: str
    source: PassageSource


@dataclass(frozen=True, slots=True)
class Draft:
    """A proposed first reply; an agent reviews it before anything is sent.

    `model` is "extractive" for the built-in drafter, else the language model
    that wrote it. Token counts are 0 when no language model was involved.
    `fallback_reason` says why the configured language model was not used.
    """

    text: str
    model: str
    citations: tuple[Citation, ...] = ()
    latency_ms: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    language: str = "en"
    fallback_reason: str | None = None
