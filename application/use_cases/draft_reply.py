from __future__ import annotations

import logging
import time

from application.ai.drafting import EXTRACTIVE_MODEL, DraftRequest, ExtractiveDrafter, LlmDrafter
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
    - with `fall_back=False` a language-model failure is raised instead (the
      background job retries first, and falls back on its last attempt);
    - a draft is only a proposal: nothing is sent or stored here.
    """

    def __init__(self, extractive: ExtractiveDrafter, llm: LlmDrafter | None = None) -> None:
        self._extractive = extractive
        self._llm = llm

    @property
    def model_name(self) -> str:
        """The model that writes drafts when nothing fails."""
        return self._llm.model_name if self._llm is not None else EXTRACTIVE_MODEL

    async def __call__(self, request: DraftRequest, *, fall_back: bool = True) -> Draft:
        reason: str | None = None
        if self._llm is not None:
            try:
                return await self._llm.draft(request)
            except LanguageModelError as error:
                if not fall_back:
                    raise
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
