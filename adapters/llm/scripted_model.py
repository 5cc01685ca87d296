from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from application.ports.language_model import ChatMessage, Completion

Script = str | Exception | Callable[[Sequence[ChatMessage]], str]


@dataclass(frozen=True, slots=True)
class RecordedCall:
    messages: tuple[ChatMessage, ...]
    temperature: float
    max_tokens: int
    json_schema: Mapping[str, Any] | None


class ScriptedLanguageModel:
    """A deterministic language model for tests and demos.

    Answers with the scripted replies in order (a reply may be a string, an
    exception to raise, or a function of the messages); once they run out, the
    last one repeats. Without a script it answers with a fixed acknowledgement,
    or `{}` when a JSON schema is asked for. Token counts are word counts.
    """

    def __init__(self, *replies: Script, name: str = "fake/scripted") -> None:
        self._replies = list(replies)
        self._name = name
        self.calls: list[RecordedCall] = []

    @property
    def name(self) -> str:
        return self._name

    async def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        temperature: float = 0.2,
        max_tokens: int = 512,
        json_schema: Mapping[str, Any] | None = None,
    ) -> Completion:
        self.calls.append(RecordedCall(tuple(messages), temperature, max_tokens, json_schema))
        index = min(len(self.calls), len(self._replies)) - 1
        reply: Script
        if index < 0:
            reply = (
                json.dumps({})
                if json_schema is not None
                else ("Thank you for your message. We are looking into it.")
            )
        else:
            reply = self._replies[index]
        if isinstance(reply, Exception):
            raise reply
        text = reply(messages) if callable(reply) else reply
        prompt_words = sum(len(m.content.split()) for m in messages)
        return Completion(
            text=text,
            model=self._name,
            latency_ms=0.0,
            prompt_tokens=prompt_words,
            completion_tokens=len(text.split()),
        )
