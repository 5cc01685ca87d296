import logging

import pytest

from adapters.classification.embedding_cache import CachingEmbedder
from adapters.knowledge.hashing_embedder import HashingEmbedder
from adapters.llm.redaction import RedactingFilter, Redactor
from adapters.llm.scripted_model import ScriptedLanguageModel
from application.ai.errors import LanguageModelRateLimited
from application.ports.language_model import ChatMessage

SECRET = "sk-live-0123456789abcdefXYZ"


def test_redactor_masks_known_secrets_and_key_shaped_text():
    redact = Redactor([SECRET, None, "ab"])
    assert redact(f"key {SECRET} failed") == "key *** failed"
    assert redact("Authorization: Bearer abcdefghijklmnop") == "Authorization: ***"
    assert redact("api_key='something-long'") == "api_key='***'"
    assert redact("token sk-abcdefghijklmnopqrstu") == "token ***"
    assert redact("nothing secret here, ab") == "nothing secret here, ab"


def test_filter_scrubs_messages_arguments_and_tracebacks():
    logger = logging.getLogger("tests.ai.redaction")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    logger.addHandler(handler)
    logger.addFilter(RedactingFilter(Redactor([SECRET])))
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        logger.debug("calling with %s", SECRET)
        try:
            raise RuntimeError(f"refused {SECRET}")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    formatted = [logging.Formatter().format(r) for r in records]
    assert formatted[0] == "calling with ***"
    assert SECRET not in formatted[1] and "refused ***" in formatted[1]


async def test_scripted_model_replays_its_script_deterministically():
    model = ScriptedLanguageModel("first", LanguageModelRateLimited("fake", 1), "last")
    messages = [ChatMessage("user", "hello there")]
    assert (await model.complete(messages)).text == "first"
    with pytest.raises(LanguageModelRateLimited):
        await model.complete(messages)
    assert (await model.complete(messages)).text == "last"
    assert (await model.complete(messages)).text == "last"
    assert len(model.calls) == 4
    echo = ScriptedLanguageModel(lambda m: m[-1].content.upper())
    completion = await echo.complete(messages, max_tokens=5)
    assert completion.text == "HELLO THERE" and completion.prompt_tokens == 2
    assert (await ScriptedLanguageModel().complete(messages, json_schema={})).text == "{}"


async def test_caching_embedder_embeds_each_text_once_and_keeps_order():
    inner = HashingEmbedder()
    cache = CachingEmbedder(inner, max_entries=3)
    first = await cache.embed(["a", "b", "a"])
    assert first[0] == first[2] and inner.calls == 1
    again = await cache.embed(["b", "a"])
    assert again == [first[1], first[0]] and inner.calls == 1
    await cache.embed(["c", "d"])
    assert inner.calls == 2
    await cache.embed(["b"])  # evicted: the least recently used
    assert inner.calls == 3
    assert await cache.embed([]) == []
    assert await cache.space() == await inner.space()
