"""A new ticket's category chosen by the language model among the defined categories.

Rules:
- the model is asked with `application.ai.category_prompt` and a constrained
  JSON answer (`category`: one of the names or null, `confidence` 0..1);
- the answer is checked strictly here, whatever the provider enforced: it must
  be JSON satisfying the schema (category among the names or null, confidence a
  number from 0 to 1), and must not repeat the instructions or the quoting
  nonce (`application.ai.output_guard`); anything else is bad output;
- the call is bounded by `timeout_s`, counted after `prepare` (e.g. loading the
  provider's client library, which may take seconds once per process); a
  timeout, a provider error or bad output is raised as a `LanguageModelError`,
  for the caller to fall back on.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from application.ai.category_prompt import (
    CATEGORY_TASK,
    build_category_messages,
    category_schema,
)
from application.ai.errors import LanguageModelBadOutput, LanguageModelTimeout
from application.ai.json_output import parse_json_answer
from application.ai.output_guard import InstructionEcho
from application.ai.prompts import TICKET_NOTICE
from application.ports.language_model import LanguageModel


@dataclass(frozen=True, slots=True)
class CategoryAnswer:
    """The model's choice (None: no category fits) and its self-reported confidence."""

    category: str | None
    confidence: float
    model: str


class LlmCategoryChooser:
    def __init__(
        self,
        model: LanguageModel,
        *,
        timeout_s: float | None = None,
        prepare: Callable[[], Awaitable[None]] | None = None,
        max_tokens: int = 100,
        nonce_factory: Callable[[], str] = lambda: secrets.token_hex(8),
    ) -> None:
        self._model = model
        self._timeout_s = timeout_s
        self._prepare = prepare
        self._max_tokens = max_tokens
        self._nonce_factory = nonce_factory

    @property
    def model_name(self) -> str:
        return self._model.name

    async def choose(
        self, title: str, content: str, categories: Mapping[str, str]
    ) -> CategoryAnswer:
        names = list(categories)
        if self._prepare is not None:
            await self._prepare()
        messages, nonce = build_category_messages(
            title, content, categories, nonce_factory=self._nonce_factory
        )
        call = self._model.complete(
            messages,
            temperature=0.0,
            max_tokens=self._max_tokens,
            json_schema=category_schema(names),
        )
        try:
            completion = await asyncio.wait_for(call, timeout=self._timeout_s)
        except TimeoutError:
            raise LanguageModelTimeout(self._model.name, self._timeout_s or 0) from None
        text = completion.text
        if InstructionEcho([messages[0].content, TICKET_NOTICE, CATEGORY_TASK], nonce).found_in(
            text
        ):
            raise LanguageModelBadOutput(completion.model, "the answer repeats the instructions")
        value, problems = parse_json_answer(text, category_schema(names, bounded=True))
        category = value.get("category") if isinstance(value, dict) else None
        if category is not None and category not in categories:
            raise LanguageModelBadOutput(
                completion.model, f"unknown category {_shorten(repr(category))}"
            )
        if problems:
            detail = "; ".join(_shorten(problem) for problem in problems[:3])
            raise LanguageModelBadOutput(completion.model, detail)
        return CategoryAnswer(category, float(value["confidence"]), completion.model)


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
