from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class Completion:
    """What a language model answered, and what it cost."""

    text: str
    model: str
    latency_ms: float
    prompt_tokens: int = 0
    completion_tokens: int = 0


class LanguageModel(Protocol):
    """Chat completion with one configured model (and its fallbacks).

    Failures are `application.ai.errors.LanguageModelError`s: timed out, rate
    limited, unavailable, or bad output. With `json_schema` the answer's text is
    JSON that satisfies the schema, or the call fails with bad output. Errors and
    results never contain credentials.
    """

    @property
    def name(self) -> str:
        """The configured model, e.g. "openai/gpt-4o-mini" (never a key)."""

    async def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        temperature: float = 0.2,
        max_tokens: int = 512,
        json_schema: Mapping[str, Any] | None = None,
    ) -> Completion: ...
