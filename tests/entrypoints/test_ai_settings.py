"""The AI pipeline's settings (docs/configuration.md, docs/ai.md) and how they are wired."""

from __future__ import annotations

import pytest

from adapters.jobs.in_process import InProcessJobQueue
from adapters.jobs.saq_queue import SaqJobQueue
from adapters.llm.litellm_model import LiteLLMLanguageModel
from entrypoints.ai_wiring import provider_info
from entrypoints.container import build_container
from entrypoints.settings import Settings, SettingsError


def test_the_defaults_need_no_language_model_and_no_redis() -> None:
    settings = Settings.from_env({}, env_file=None)
    assert (settings.llm_model, settings.llm_api_base, settings.llm_api_key) == ("", None, None)
    assert (settings.llm_timeout_s, settings.llm_max_retries) == (30.0, 2)
    assert settings.llm_fallback_models == () and settings.redis_url is None
    assert settings.triage_on_create is True
    assert (settings.ai_auto_apply, settings.ai_auto_apply_threshold) == (False, 0.9)
    assert (settings.job_max_attempts, settings.job_retry_delay_s) == (3, 2.0)
    container = build_container(Settings(database_url="memory://"))
    assert container.language_model() is None
    assert container.draft_reply().model_name == "extractive"
    assert isinstance(container.job_queue(), InProcessJobQueue)


@pytest.mark.parametrize(
    ("env", "kb_floor", "ticket_floor"),
    [
        ({}, 0.35, 0.35),  # the packaged all-MiniLM-L6-v2: its measured floors
        ({"EMBEDDING_MODEL": "hashing"}, 0.0, 0.0),  # the test embedder: no floor
        ({"EMBEDDING_MODEL": "/models/other"}, 0.0, 0.0),  # a scale nobody measured
        ({"EMBEDDING_MODEL": "/models/other", "KB_PASSAGE_MIN_SCORE": "0.6"}, 0.6, 0.0),
        ({"KB_PASSAGE_MIN_SCORE": "0.2", "SIMILAR_TICKET_MIN_SCORE": "0.5"}, 0.2, 0.5),
    ],
)
def test_the_drafts_grounding_floors_reach_the_first_response_writer(
    env, kb_floor, ticket_floor
) -> None:
    settings = Settings.from_env({"DATABASE_URL": "memory://", **env}, env_file=None)
    container = build_container(settings)
    policy = container.first_response_writer.kwargs["policy"]()
    assert (policy.kb_passage_min_score, policy.similar_ticket_min_score) == (
        kb_floor,
        ticket_floor,
    )
    assert container.find_similar_tickets().close_match == ticket_floor  # what the console shows


@pytest.mark.parametrize(
    ("env", "floor"),
    [
        ({}, 0.35),  # the packaged all-MiniLM-L6-v2
        ({"EMBEDDING_MODEL": "hashing"}, 0.0),
        ({"EMBEDDING_MODEL": "/models/other", "KB_PASSAGE_MIN_SCORE": "0.6"}, 0.6),
        ({"KB_PASSAGE_MIN_SCORE": "0.2"}, 0.2),
    ],
)
def test_one_kb_passage_floor_governs_drafts_the_chat_and_suggestions(env, floor) -> None:
    settings = Settings.from_env({"DATABASE_URL": "memory://", **env}, env_file=None)
    container = build_container(settings)
    assert container.first_response_writer.kwargs["policy"]().kb_passage_min_score == floor
    assert container.chat_with_knowledge.kwargs["kb_passage_min_score"]() == floor
    assert container.suggest_articles.kwargs["kb_passage_min_score"]() == floor
    assert "kb_passage_min_score" not in container.search_knowledge.kwargs  # search: unfiltered


def test_tests_of_other_features_get_no_background_triage_unless_asked() -> None:
    assert Settings.from_env({"ENVIRONMENT": "test"}, env_file=None).triage_on_create is False
    on = Settings.from_env({"ENVIRONMENT": "test", "AI_TRIAGE_ON_CREATE": "true"}, env_file=None)
    assert on.triage_on_create is True
    off = Settings.from_env({"AI_TRIAGE_ON_CREATE": "0"}, env_file=None)
    assert off.triage_on_create is False


def test_every_ai_setting_is_read() -> None:
    settings = Settings.from_env(
        {
            "LLM_MODEL": "deepseek/deepseek-chat",
            "LLM_API_BASE": " http://127.0.0.1:11434/v1 ",
            "LLM_API_KEY": "sk-secret",
            "LLM_TIMEOUT_S": "12.5",
            "LLM_MAX_RETRIES": "0",
            "LLM_FALLBACK_MODELS": "openai/gpt-4o-mini, dashscope/qwen-plus,",
            "REDIS_URL": "redis://:pw@127.0.0.1:6379/2",
            "AI_AUTO_APPLY": "yes",
            "AI_AUTO_APPLY_THRESHOLD": "0.75",
            "JOB_MAX_ATTEMPTS": "5",
            "JOB_RETRY_DELAY_S": "0.5",
        },
        env_file=None,
    )
    assert settings.llm_model == "deepseek/deepseek-chat"
    assert settings.llm_api_base == "http://127.0.0.1:11434/v1"
    assert settings.llm_fallback_models == ("openai/gpt-4o-mini", "dashscope/qwen-plus")
    assert (settings.llm_timeout_s, settings.llm_max_retries) == (12.5, 0)
    assert settings.ai_auto_apply and settings.ai_auto_apply_threshold == 0.75
    assert (settings.job_max_attempts, settings.job_retry_delay_s) == (5, 0.5)
    assert "sk-secret" not in repr(settings) and ":pw@" not in repr(settings)
    container = build_container(
        Settings(
            database_url="memory://", llm_model=settings.llm_model, redis_url=settings.redis_url
        )
    )
    model = container.language_model()
    assert isinstance(model, LiteLLMLanguageModel) and model.name == "deepseek/deepseek-chat"
    assert container.draft_reply().model_name == "deepseek/deepseek-chat"
    assert isinstance(container.job_queue(), SaqJobQueue)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("LLM_MODEL", "gpt-4o-mini", "LLM_MODEL must name provider and model"),
        ("LLM_TIMEOUT_S", "0", "LLM_TIMEOUT_S must be above 0"),
        ("LLM_TIMEOUT_S", "soon", "LLM_TIMEOUT_S must be a number"),
        ("LLM_MAX_RETRIES", "11", "LLM_MAX_RETRIES must be between 0 and 10"),
        ("AI_AUTO_APPLY", "sometimes", "AI_AUTO_APPLY must be true or false"),
        ("AI_AUTO_APPLY_THRESHOLD", "1.5", "AI_AUTO_APPLY_THRESHOLD must be above 0"),
        ("JOB_MAX_ATTEMPTS", "0", "JOB_MAX_ATTEMPTS must be between 1 and 20"),
        ("AI_TRIAGE_ON_CREATE", "perhaps", "AI_TRIAGE_ON_CREATE must be true or false"),
    ],
)
def test_invalid_ai_settings_name_the_setting(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({name: value}, env_file=None)


def test_the_provider_shown_to_admins_never_holds_the_key() -> None:
    settings = Settings(
        database_url="memory://",
        llm_model="openai/gpt-4o-mini",
        llm_api_base="http://user:hunter2@llm.internal:8000/v1",
        llm_api_key="sk-secret",
    )
    info = provider_info(settings, environ={})
    assert info.model == "openai/gpt-4o-mini" and info.key_configured is True
    assert info.api_base == "http://llm.internal:8000/v1"  # credentials in the URL are dropped
    assert "sk-secret" not in repr(info) and "hunter2" not in repr(info)
    from_env = provider_info(Settings(llm_model="openai/x"), environ={"OPENAI_API_KEY": "k"})
    assert from_env.key_configured is True
    nothing = provider_info(Settings(), environ={"OPENAI_API_KEY": "k"})
    assert (nothing.model, nothing.key_configured) == ("extractive", False)
