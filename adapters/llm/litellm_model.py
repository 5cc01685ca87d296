"""The real language model: any provider litellm speaks to, configured server-side only.

`LLM_MODEL` names provider and model (`openai/gpt-4o-mini`, `deepseek/deepseek-chat`,
`dashscope/qwen-plus`, `ollama/llama3.1`, or `openai/<name>` with `LLM_API_BASE` for an
OpenAI-compatible server). The key comes from `LLM_API_KEY` or, when that is empty,
from the provider's usual variable (litellm reads `OPENAI_API_KEY`, `DEEPSEEK_API_KEY`,
`DASHSCOPE_API_KEY`, ...).

litellm is imported on the first call, in a worker thread, after setting
`LITELLM_LOCAL_MODEL_COST_MAP=True` so that importing it never reaches the internet.
With a JSON schema the answer is asked for as a strict `json_schema` response format
(litellm passes it on to OpenAI-compatible servers, or maps it, e.g. to Ollama's
`format`); a provider that refuses that (a bad request naming `response_format`, as
DeepSeek does) is asked again without it, and from then on, with the prompt alone
describing the JSON. Either way the answer is checked against the schema here.
Retries and fallbacks are done here, not by litellm, so that every attempt is bounded
by `timeout_s` and the whole call by a deadline. Every error becomes one of the
port's errors, with credentials masked; the provider's exception is never chained.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from adapters.llm.redaction import RedactingFilter, Redactor
from application.ai.errors import (
    LanguageModelBadOutput,
    LanguageModelError,
    LanguageModelRateLimited,
    LanguageModelTimeout,
    LanguageModelUnavailable,
)
from application.ai.json_output import parse_json_answer
from application.ports.language_model import ChatMessage, Completion

log = logging.getLogger("astratickets.llm")

PROVIDER_KEY_VARIABLES = (
    "OPENAI_API_KEY",
    "DEEPSEEK_API_KEY",
    "DASHSCOPE_API_KEY",
    "ANTHROPIC_API_KEY",
    "GEMINI_API_KEY",
    "MISTRAL_API_KEY",
    "GROQ_API_KEY",
    "AZURE_API_KEY",
    "OLLAMA_API_KEY",
)
_THIRD_PARTY_LOGGERS = ("LiteLLM", "litellm", "openai", "httpx", "httpcore", "aiohttp")

_import_lock = threading.Lock()
_litellm: Any = None
# One redactor for the process: log records of litellm and its HTTP clients are
# scrubbed of every key any configured model uses.
_REDACTOR = Redactor()
_FILTER = RedactingFilter(_REDACTOR)


def _import_litellm() -> Any:
    global _litellm
    with _import_lock:
        if _litellm is None:
            os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
            import litellm

            litellm.suppress_debug_info = True
            litellm.telemetry = False
            litellm.set_verbose = False
            _litellm = litellm
    return _litellm


@dataclass(frozen=True, slots=True)
class LiteLLMConfig:
    model: str
    api_base: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = 30.0
    max_retries: int = 2
    fallback_models: tuple[str, ...] = ()
    retry_backoff_s: float = 0.5

    def __post_init__(self) -> None:
        if not self.model or "/" not in self.model:
            raise ValueError(
                "LLM_MODEL must name provider and model, e.g. openai/gpt-4o-mini, "
                f"got {self.model!r}"
            )
        if not 0 < self.timeout_s <= 600:
            raise ValueError("LLM_TIMEOUT_S must be between 0 and 600 seconds")
        if not 0 <= self.max_retries <= 10:
            raise ValueError("LLM_MAX_RETRIES must be between 0 and 10")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LiteLLMConfig | None:
        """The configuration in `env`, or None when no `LLM_MODEL` is set."""
        model = (env.get("LLM_MODEL") or "").strip()
        if not model:
            return None
        fallbacks = tuple(
            m.strip() for m in (env.get("LLM_FALLBACK_MODELS") or "").split(",") if m.strip()
        )
        try:
            timeout_s = float(env.get("LLM_TIMEOUT_S") or 30)
            max_retries = int(env.get("LLM_MAX_RETRIES") or 2)
        except ValueError:
            raise ValueError("LLM_TIMEOUT_S and LLM_MAX_RETRIES must be numbers") from None
        return cls(
            model=model,
            api_base=(env.get("LLM_API_BASE") or "").strip() or None,
            api_key=env.get("LLM_API_KEY") or None,
            timeout_s=timeout_s,
            max_retries=max_retries,
            fallback_models=fallbacks,
        )


class LiteLLMLanguageModel:
    """Chat completion through `litellm.acompletion`."""

    def __init__(self, config: LiteLLMConfig, *, environ: Mapping[str, str] | None = None) -> None:
        self._config = config
        env = os.environ if environ is None else environ
        _REDACTOR.add([config.api_key, *(env.get(name) for name in PROVIDER_KEY_VARIABLES)])
        self._redact = _REDACTOR
        self._ready = False
        self._ready_lock = asyncio.Lock()
        # Models whose provider refused a JSON-schema response format: asked without it.
        self._schema_refused: set[str] = set()

    @property
    def name(self) -> str:
        return self._config.model

    def __repr__(self) -> str:
        return f"LiteLLMLanguageModel(model={self._config.model!r})"

    async def warm_up(self) -> None:
        """Import litellm now (it takes seconds) rather than on the first completion."""
        await self._litellm()

    async def _litellm(self) -> Any:
        if not self._ready:
            async with self._ready_lock:
                if not self._ready:
                    await asyncio.to_thread(_import_litellm)
                    self._guard_loggers()
                    self._ready = True
        return _litellm

    def _guard_loggers(self) -> None:
        names = [log.name, *_THIRD_PARTY_LOGGERS]
        names += [
            name
            for name in list(logging.root.manager.loggerDict)
            if name.startswith(_THIRD_PARTY_LOGGERS)
        ]
        for name in names:
            logger = logging.getLogger(name)
            if _FILTER not in logger.filters:
                logger.addFilter(_FILTER)

    async def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        temperature: float = 0.2,
        max_tokens: int = 512,
        json_schema: Mapping[str, Any] | None = None,
    ) -> Completion:
        litellm = await self._litellm()
        config = self._config
        models = (config.model, *config.fallback_models)
        attempts = config.max_retries + 1
        deadline = time.monotonic() + len(models) * attempts * (config.timeout_s + 1) + 5
        last: LanguageModelError | None = None
        for model in models:
            for attempt in range(attempts):
                if time.monotonic() >= deadline:
                    break
                try:
                    return await self._once(
                        litellm, model, messages, temperature, max_tokens, json_schema
                    )
                except LanguageModelError as error:
                    last = error
                    log.warning("language model call failed (attempt %d): %s", attempt + 1, error)
                    if not error.retryable or attempt + 1 == attempts:
                        break
                    await asyncio.sleep(self._backoff(attempt, error))
        assert last is not None
        raise last

    def _backoff(self, attempt: int, error: LanguageModelError) -> float:
        wait = self._config.retry_backoff_s * (2**attempt) * (1 + random.random() / 4)
        if isinstance(error, LanguageModelRateLimited) and error.retry_after_seconds:
            wait = max(wait, error.retry_after_seconds)
        return min(wait, self._config.timeout_s, 30.0)

    async def _once(
        self,
        litellm: Any,
        model: str,
        messages: Sequence[ChatMessage],
        temperature: float,
        max_tokens: int,
        json_schema: Mapping[str, Any] | None,
    ) -> Completion:
        config = self._config
        kwargs: dict[str, Any] = {
            "model": model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "temperature": temperature,
            "max_tokens": max_tokens,
            "timeout": config.timeout_s,
            "max_retries": 0,
            "num_retries": 0,
            "drop_params": True,
        }
        if config.api_base:
            kwargs["api_base"] = config.api_base
        if config.api_key:
            kwargs["api_key"] = config.api_key
        structured = json_schema is not None and model not in self._schema_refused
        if structured:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": dict(json_schema), "strict": True},
            }
        started = time.perf_counter()
        try:
            response = await asyncio.wait_for(
                litellm.acompletion(**kwargs), timeout=config.timeout_s + 1
            )
        except TimeoutError:
            raise LanguageModelTimeout(model, config.timeout_s) from None
        except Exception as error:
            if structured and _refuses_response_format(litellm, error):
                # e.g. DeepSeek: "This response_format type is unavailable now". The
                # prompt describes the JSON; the answer is still checked below.
                log.info("%s refuses a JSON-schema response format: asking without it", model)
                self._schema_refused.add(model)
                return await self._once(
                    litellm, model, messages, temperature, max_tokens, json_schema
                )
            raise self._translate(litellm, model, error) from None
        latency_ms = (time.perf_counter() - started) * 1000
        text, finish_reason = self._text(model, response)
        if json_schema is not None:
            value, problems = parse_json_answer(text, json_schema)
            if problems:
                raise LanguageModelBadOutput(model, self._redact("; ".join(problems[:5])))
            text = json.dumps(value, ensure_ascii=False)
        elif finish_reason == "length" and not text.strip():
            raise LanguageModelBadOutput(model, "the answer was cut off before any text")
        usage = getattr(response, "usage", None)
        return Completion(
            text=text,
            model=model,
            latency_ms=round(latency_ms, 1),
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        )

    def _text(self, model: str, response: Any) -> tuple[str, str | None]:
        try:
            choice = response.choices[0]
            content = choice.message.content
            finish_reason = getattr(choice, "finish_reason", None)
        except (AttributeError, IndexError, KeyError, TypeError):
            raise LanguageModelBadOutput(model, "the answer has no message") from None
        if not isinstance(content, str) or not content.strip():
            raise LanguageModelBadOutput(model, "the answer is empty")
        return content, finish_reason

    def _translate(self, litellm: Any, model: str, error: Exception) -> LanguageModelError:
        detail = self._redact(_short(error))
        if isinstance(error, litellm.Timeout):
            return LanguageModelTimeout(model, self._config.timeout_s)
        if isinstance(error, litellm.RateLimitError):
            return LanguageModelRateLimited(model, _retry_after(error))
        if isinstance(error, litellm.AuthenticationError | litellm.PermissionDeniedError):
            return LanguageModelUnavailable(model, "the credentials were refused", retryable=False)
        if isinstance(
            error,
            litellm.BadRequestError | litellm.NotFoundError | litellm.UnprocessableEntityError,
        ):
            return LanguageModelUnavailable(model, detail, retryable=False)
        if isinstance(error, ValueError | TypeError | KeyError) or _looks_malformed(str(error)):
            return LanguageModelBadOutput(model, detail)
        return LanguageModelUnavailable(model, detail)


def _short(error: Exception, limit: int = 300) -> str:
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= limit else text[:limit] + "…"


def _refuses_response_format(litellm: Any, error: Exception) -> bool:
    """A request refused because of its `response_format` (not the prompt or the key)."""
    if not isinstance(error, litellm.BadRequestError | litellm.UnprocessableEntityError):
        return False
    message = str(error).lower()
    return "response_format" in message or "json_schema" in message


def _looks_malformed(message: str) -> bool:
    lowered = message.lower()
    return any(
        hint in lowered
        for hint in (
            "expecting value",
            "jsondecodeerror",
            "unterminated string",
            "extra data",
            "invalid response object",
            "validation error",
        )
    )


def _retry_after(error: Exception) -> float | None:
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None) or {}
    try:
        value = headers.get("retry-after")
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
