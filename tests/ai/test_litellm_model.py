"""The real litellm path, against an OpenAI-compatible stub server on loopback."""

from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest

from adapters.llm.litellm_model import LiteLLMConfig, LiteLLMLanguageModel, _import_litellm
from application.ai.errors import (
    LanguageModelBadOutput,
    LanguageModelRateLimited,
    LanguageModelTimeout,
    LanguageModelUnavailable,
)
from application.ports.language_model import ChatMessage
from tests.ai.openai_stub import OpenAIStub

KEY = "sk-test-NEVER-LOG-THIS-0123456789abcdef"
MESSAGES = [ChatMessage("system", "Be brief."), ChatMessage("user", "Hello?")]
WATCHED = ("", "LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "openai", "httpx", "astratickets")


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def litellm_module():
    return _import_litellm()


@pytest.fixture
def stub():
    with OpenAIStub() as server:
        yield server


@pytest.fixture
def logs(litellm_module):
    """Every log line at DEBUG, litellm's own debug output included."""
    collect = Collect()
    collect.setFormatter(logging.Formatter("%(name)s %(message)s"))
    loggers = [logging.getLogger(name) for name in WATCHED]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(collect)
        logger.setLevel(logging.DEBUG)
    try:
        yield collect.lines
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(collect)
            logger.setLevel(level)


def model(stub: OpenAIStub, name: str = "openai/test-model", **overrides) -> LiteLLMLanguageModel:
    settings = {
        "model": name,
        "api_base": stub.base_url,
        "api_key": KEY,
        "timeout_s": 15.0,
        "max_retries": 0,
        "retry_backoff_s": 0.01,
        **overrides,
    }
    return LiteLLMLanguageModel(LiteLLMConfig(**settings), environ={})


def assert_no_key(*texts: object) -> None:
    for text in texts:
        assert KEY not in str(text)
        assert KEY[8:30] not in str(text)


@pytest.mark.parametrize(
    ("configured", "sent"),
    [
        ("openai/gpt-4o-mini", "gpt-4o-mini"),
        ("deepseek/deepseek-chat", "deepseek-chat"),
        ("dashscope/qwen-plus", "qwen-plus"),
    ],
)
async def test_requests_reach_the_configured_server_for_each_provider(
    stub, logs, capfd, configured, sent
):
    llm = model(stub, configured)
    completion = await llm.complete(MESSAGES, temperature=0.1, max_tokens=64)
    assert completion.text == stub.state.reply
    assert completion.model == configured
    assert (completion.prompt_tokens, completion.completion_tokens) == (11, 7)
    assert completion.latency_ms > 0
    (request,) = stub.state.requests
    assert request.path.endswith("/chat/completions")
    assert request.body["model"] == sent
    assert request.body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hello?"},
    ]
    assert request.body["max_tokens"] == 64
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert headers["authorization"] == f"Bearer {KEY}"
    out, err = capfd.readouterr()
    assert logs, "litellm's debug logging was captured"
    assert_no_key(*logs, out, err, completion, repr(llm), llm.name)


async def test_a_slow_server_ends_as_a_timeout_without_hanging(stub, logs):
    stub.state.behaviour = "slow"
    stub.state.slow_seconds = 10
    llm = model(stub, timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(LanguageModelTimeout) as caught:
        await asyncio.wait_for(llm.complete(MESSAGES), timeout=20)
    assert time.monotonic() - started < 10
    assert_no_key(caught.value, *logs)


async def test_server_errors_are_retried_then_unavailable(stub, logs):
    stub.state.behaviour = "500"
    with pytest.raises(LanguageModelUnavailable) as caught:
        await model(stub, max_retries=2).complete(MESSAGES)
    assert len(stub.state.requests) == 3
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert_no_key(caught.value, *logs)


async def test_rate_limits_are_retried_then_reported(stub, logs):
    stub.state.behaviour = "429"
    with pytest.raises(LanguageModelRateLimited):
        await model(stub, max_retries=1).complete(MESSAGES)
    assert len(stub.state.requests) == 2


async def test_a_provider_error_quoting_the_key_is_masked(stub, logs, capfd):
    stub.state.behaviour = "401-echo"
    with pytest.raises(LanguageModelUnavailable) as caught:
        await model(stub, max_retries=3).complete(MESSAGES)
    assert len(stub.state.requests) == 1, "refused credentials are not retried"
    assert "credentials were refused" in str(caught.value)
    out, err = capfd.readouterr()
    assert_no_key(caught.value, repr(caught.value), *logs, out, err)


@pytest.mark.parametrize("behaviour", ["malformed", "no-choices", "empty"])
async def test_unusable_answers_are_bad_output(stub, logs, behaviour):
    stub.state.behaviour = behaviour
    with pytest.raises(LanguageModelBadOutput) as caught:
        await model(stub).complete(MESSAGES)
    assert_no_key(caught.value, *logs)


async def test_fallback_models_take_over(stub, logs):
    stub.state.per_model["broken"] = "500"
    llm = model(stub, "openai/broken", fallback_models=("openai/working",), max_retries=1)
    completion = await llm.complete(MESSAGES)
    assert completion.model == "openai/working"
    assert [r.body["model"] for r in stub.state.requests] == ["broken", "broken", "working"]


async def test_an_unreachable_server_is_unavailable_quickly(logs):
    llm = LiteLLMLanguageModel(
        LiteLLMConfig(
            "openai/x", api_base="http://127.0.0.1:9/v1", api_key=KEY, timeout_s=5, max_retries=0
        ),
        environ={},
    )
    with pytest.raises((LanguageModelUnavailable, LanguageModelTimeout)) as caught:
        await llm.complete(MESSAGES)
    assert_no_key(caught.value, *logs)


SCHEMA = {
    "type": "object",
    "required": ["category"],
    "properties": {"category": {"type": "string", "enum": ["billing", "login"]}},
}


async def test_json_schema_answers_are_requested_and_checked(stub, logs):
    stub.state.reply = '{"category": "login"}'
    completion = await model(stub).complete(MESSAGES, json_schema=SCHEMA)
    assert json.loads(completion.text) == {"category": "login"}
    sent = stub.state.requests[-1].body["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["schema"] == SCHEMA
    stub.state.reply = '{"category": "shipping"}'
    with pytest.raises(LanguageModelBadOutput, match="must be one of"):
        await model(stub).complete(MESSAGES, json_schema=SCHEMA)
    stub.state.reply = "I think it is about login."
    with pytest.raises(LanguageModelBadOutput, match="not JSON"):
        await model(stub).complete(MESSAGES, json_schema=SCHEMA)


def test_configuration_comes_from_the_environment():
    assert LiteLLMConfig.from_env({}) is None
    config = LiteLLMConfig.from_env(
        {
            "LLM_MODEL": "openai/local",
            "LLM_API_BASE": "http://127.0.0.1:8080/v1",
            "LLM_API_KEY": KEY,
            "LLM_TIMEOUT_S": "12.5",
            "LLM_MAX_RETRIES": "1",
            "LLM_FALLBACK_MODELS": "deepseek/deepseek-chat, dashscope/qwen-plus",
        }
    )
    assert config is not None
    assert config.timeout_s == 12.5 and config.max_retries == 1
    assert config.fallback_models == ("deepseek/deepseek-chat", "dashscope/qwen-plus")
    assert KEY not in repr(config)
    with pytest.raises(ValueError):
        LiteLLMConfig("gpt-4o-mini")
    with pytest.raises(ValueError):
        LiteLLMConfig("openai/x", timeout_s=0)
    with pytest.raises(ValueError, match="must be numbers"):
        LiteLLMConfig.from_env({"LLM_MODEL": "openai/x", "LLM_TIMEOUT_S": "soon"})


def test_provider_keys_from_the_environment_are_masked_too(stub):
    llm = LiteLLMLanguageModel(LiteLLMConfig("openai/x"), environ={"OPENAI_API_KEY": KEY})
    assert llm._redact(f"bad key {KEY}") == "bad key ***"
