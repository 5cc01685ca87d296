from __future__ import annotations

import logging
import time

from application.ai.drafting import DraftRequest, ExtractiveDrafter, LlmDrafter
from application.ai.errors import LanguageModelError
from domain.drafting import Draft

log = logging.getLogger("astratickets.ai")


class DraftReplyHandler:
    """Proposes a first reply to a ticket from the passages retrieved for it.

    Rules:
    - with a language model configured, the model writes the draft; its
      citations are checked against the passages given;
    - with none configured (the default), or when the model times out, is rate
      limited, unavailable or answers unusably, the built-in extractive drafter
      writes it, labelled `model: "extractive"`, with the reason recorded;
    - a draft is only a proposal: nothing is sent or stored here.
    """

    def __init__(self, extractive: ExtractiveDrafter, llm: LlmDrafter | None = None) -> None:
        self._extractive = extractive
        self._llm = llm

    async def __call__(self, request: DraftRequest) -> Draft:
        reason: str | None = None
        if self._llm is not None:
            try:
                return await self._llm.draft(request)
            except LanguageModelError as error:
                reason = str(error)
                log.warning("drafting with the language model failed; extractive draft: %s", error)
        started = time.perf_counter()
        draft = await self._extractive.draft(request)
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        return Draft(
            text=draft.text,
            model=draft.model,
            citations=draft.citations,
            latency_ms=elapsed,
            language=draft.language,
            fallback_reason=reason,
        )
