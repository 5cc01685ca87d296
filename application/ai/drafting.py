"""The two drafters: the built-in extractive one and the language-model one."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from application.ai.errors import LanguageModelBadOutput
from application.ai.output_guard import InstructionEcho
from application.ai.prompts import (
    MAX_PASSAGES,
    TICKET_NOTICE,
    TicketText,
    build_draft_messages,
)
from application.ports.language_model import LanguageModel
from domain.drafting import (
    Draft,
    ExtractivePolicy,
    Passage,
    compose_extractive_reply,
    filter_citations,
)
from domain.language import detect_language, reply_language

EXTRACTIVE_MODEL = "extractive"


@dataclass(frozen=True, slots=True)
class DraftRequest:
    title: str
    content: str
    passages: Sequence[Passage] = field(default_factory=tuple)
    customer_name: str | None = None
    signature: str | None = None

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.content}"


class ExtractiveDrafter:
    """Quotes the relevant steps of the passages, cited, in the ticket's language's template."""

    def __init__(self, policy: ExtractivePolicy | None = None) -> None:
        self._policy = policy or ExtractivePolicy()

    async def draft(self, request: DraftRequest) -> Draft:
        language = reply_language(request.text)
        text, citations = compose_extractive_reply(
            request.text,
            request.passages,
            language,
            customer_name=request.customer_name,
            signature=request.signature,
            policy=self._policy,
        )
        return Draft(text=text, model=EXTRACTIVE_MODEL, citations=citations, language=language)


class LlmDrafter:
    """Asks the language model for a cited reply and keeps only honest citations.

    The answer is refused (bad output) when it echoes the instructions or the
    quoting nonce (`application.ai.output_guard`): that is what a successful
    prompt injection looks like.
    Citations of passages that were not provided are removed.
    """

    def __init__(
        self,
        model: LanguageModel,
        *,
        temperature: float = 0.2,
        max_tokens: int = 700,
        nonce_factory: Callable[[], str] = lambda: secrets.token_hex(8),
    ) -> None:
        self._model = model
        self._temperature = temperature
        self._max_tokens = max_tokens
        self._nonce_factory = nonce_factory

    @property
    def model_name(self) -> str:
        return self._model.name

    async def draft(self, request: DraftRequest) -> Draft:
        language = detect_language(request.text) or "en"
        passages = list(request.passages)[:MAX_PASSAGES]
        messages, nonce = build_draft_messages(
            TicketText(request.title, request.content, request.customer_name),
            passages,
            language,
            nonce_factory=self._nonce_factory,
        )
        completion = await self._model.complete(
            messages, temperature=self._temperature, max_tokens=self._max_tokens
        )
        answer = completion.text.strip()
        echo = InstructionEcho([messages[0].content, TICKET_NOTICE], nonce)
        if echo.found_in(answer):
            raise LanguageModelBadOutput(completion.model, "the answer repeats the instructions")
        answer = re.sub(r"\n{3,}", "\n\n", answer)
        text, citations = filter_citations(answer, passages)
        return Draft(
            text=text.strip(),
            model=completion.model,
            citations=citations,
            latency_ms=completion.latency_ms,
            prompt_tokens=completion.prompt_tokens,
            completion_tokens=completion.completion_tokens,
            language=language,
        )
