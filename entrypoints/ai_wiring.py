"""Factories the container uses to build the AI pipeline from settings (docs/ai.md).

Nothing heavy is imported here: litellm loads on the first language-model call,
saq only when REDIS_URL is set.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from adapters.jobs.in_process import InProcessJobQueue
from adapters.llm.litellm_model import (
    PROVIDER_KEY_VARIABLES,
    LiteLLMConfig,
    LiteLLMLanguageModel,
)
from application.ai.drafting import EXTRACTIVE_MODEL, ExtractiveDrafter, LlmDrafter
from application.ai.llm_category import LlmCategoryChooser
from application.jobs.runner import JobRunner, describe
from application.ports.language_model import LanguageModel
from application.use_cases.draft_reply import DraftReplyHandler
from entrypoints.settings import Settings

log = logging.getLogger("astratickets.jobs")


def make_language_model(settings: Settings) -> LanguageModel | None:
    """The configured model (LLM_MODEL and friends), or None: extractive drafts."""
    if not settings.llm_model:
        return None
    return LiteLLMLanguageModel(
        LiteLLMConfig(
            model=settings.llm_model,
            api_base=settings.llm_api_base,
            api_key=settings.llm_api_key,
            timeout_s=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
            fallback_models=settings.llm_fallback_models,
        )
    )


def make_draft_reply(language_model: LanguageModel | None) -> DraftReplyHandler:
    llm = LlmDrafter(language_model) if language_model is not None else None
    return DraftReplyHandler(ExtractiveDrafter(), llm)


def make_category_chooser(
    settings: Settings, language_model: LanguageModel | None
) -> LlmCategoryChooser | None:
    """With a language model, triage asks it for the category while no model is learned
    from labelled tickets; it waits at most one attempt (LLM_TIMEOUT_S) and 2 s more,
    once litellm is loaded (the first call in a process loads it, in seconds)."""
    if language_model is None:
        return None
    prepare = language_model.warm_up if isinstance(language_model, LiteLLMLanguageModel) else None
    return LlmCategoryChooser(language_model, timeout_s=settings.llm_timeout_s + 2, prepare=prepare)


def make_job_queue(settings: Settings, runner: JobRunner) -> Any:
    """SAQ on Redis when REDIS_URL is set (jobs run in `astratickets worker`), else
    the in-process asyncio queue (jobs run inside the API process)."""
    if settings.redis_url:
        from adapters.jobs.saq_queue import SaqJobQueue

        return SaqJobQueue(
            runner,
            settings.redis_url,
            name=settings.job_queue_name,
            heartbeat_s=settings.job_heartbeat_s,
            sweep_interval_s=settings.job_sweep_interval_s,
        )
    return InProcessJobQueue(runner)


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """The language-model configuration an admin may see: never the key itself."""

    model: str
    api_base: str | None
    fallback_models: tuple[str, ...]
    timeout_s: float
    max_retries: int
    key_configured: bool


def _without_credentials(url: str | None) -> str | None:
    """The URL without any user:password part (a base URL may carry one)."""
    if url is None:
        return None
    parts = urlsplit(url)
    if not (parts.username or parts.password):
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def provider_info(settings: Settings, environ: Mapping[str, str] | None = None) -> ProviderInfo:
    env = os.environ if environ is None else environ
    configured = bool(settings.llm_api_key) or any(env.get(v) for v in PROVIDER_KEY_VARIABLES)
    return ProviderInfo(
        model=settings.llm_model or EXTRACTIVE_MODEL,
        api_base=_without_credentials(settings.llm_api_base),
        fallback_models=settings.llm_fallback_models,
        timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        key_configured=bool(settings.llm_model) and configured,
    )


async def start_jobs(container: Any) -> None:
    """Start running jobs in this process (the in-process queue only)."""
    queue = container.job_queue()
    if isinstance(queue, InProcessJobQueue):
        await queue.start()


async def stop_jobs(container: Any) -> None:
    queue = container.job_queue()
    if isinstance(queue, InProcessJobQueue):
        await queue.stop()
    else:
        await queue.close()


async def _load_language_model(container: Any) -> None:
    model = container.language_model()
    if isinstance(model, LiteLLMLanguageModel):
        await model.warm_up()


async def warm_up_jobs(container: Any) -> float:
    """Load what the jobs would otherwise load lazily on the first one, so that the
    first draft is as quick as the next: the knowledge base (`WarmUpKnowledge`: the
    embedding model and its query path, the vector store, the keyword indexes), the
    triage models in force, and litellm when a language model is configured. A part
    that cannot load is logged, never raised: the jobs that need it report it.
    Returns the seconds it took (also logged)."""
    parts: dict[str, Callable[[], Awaitable[Any]]] = {
        "knowledge base": lambda: container.warm_up_knowledge()(),
        "triage models": lambda: container.triage_model_source().current(),
        "language model": lambda: _load_language_model(container),
    }
    started = time.perf_counter()
    took: dict[str, float] = {}
    for name, load in parts.items():
        began = time.perf_counter()
        try:
            await load()
        except Exception as error:
            log.warning("warm-up: could not load the %s: %s", name, describe(error))
        took[name] = time.perf_counter() - began
    total = time.perf_counter() - started
    log.info(
        "worker warmed up in %.1f s (%s)",
        total,
        ", ".join(f"{name} {seconds:.1f} s" for name, seconds in took.items()),
    )
    return total


async def run_worker(container: Any, *, concurrency: int, burst: bool = False) -> None:
    """Run the SAQ queue's jobs in this process until stopped (or, with `burst`, until
    the queue is empty), once what they load lazily is loaded (`warm_up_jobs`)."""
    await warm_up_jobs(container)
    queue = container.job_queue()
    worker = queue.worker(concurrency=concurrency, burst=burst, dequeue_timeout=1.0 if burst else 0)
    try:
        await worker.start()
    finally:
        await queue.close()
        await container.ticket_indexer().drain()
