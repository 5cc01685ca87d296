"""`astratickets worker` loads what its jobs load lazily before it takes the first one."""

from __future__ import annotations

import logging

from dependency_injector import providers

from adapters.knowledge.hashing_embedder import HashingEmbedder
from entrypoints.ai_wiring import warm_up_jobs
from entrypoints.container import build_container
from entrypoints.settings import Settings


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[list[str]] = []

    async def embed(self, texts):
        self.embedded.append(list(texts))
        return await super().embed(texts)


class BrokenTriageModels:
    async def current(self):
        raise RuntimeError("the classifier store is unreachable")


def _container(tmp_path):
    env = {
        "DATABASE_URL": "memory://",
        "EMBEDDING_MODEL": "hashing",
        "VECTOR_STORE_PATH": "memory://",
        "DATA_DIR": str(tmp_path),
    }
    return build_container(Settings.from_env(env, env_file=None))


async def test_the_warm_up_loads_the_embedder_and_says_how_long_it_took(tmp_path, caplog) -> None:
    container = _container(tmp_path)
    embedder = CountingEmbedder()
    container.embedder.override(providers.Object(embedder))
    with caplog.at_level(logging.INFO, logger="astratickets.jobs"):
        seconds = await warm_up_jobs(container)
    assert embedder.embedded and seconds >= 0
    (line,) = [r.getMessage() for r in caplog.records if "warmed up" in r.getMessage()]
    assert line.startswith("worker warmed up in ") and "knowledge base" in line


async def test_a_part_that_cannot_load_is_logged_and_the_rest_still_loads(tmp_path, caplog) -> None:
    container = _container(tmp_path)
    embedder = CountingEmbedder()
    container.embedder.override(providers.Object(embedder))
    container.triage_model_source.override(providers.Object(BrokenTriageModels()))
    with caplog.at_level(logging.INFO, logger="astratickets.jobs"):
        await warm_up_jobs(container)
    assert embedder.embedded
    assert "warm-up: could not load the triage models: RuntimeError" in caplog.text
    assert "worker warmed up in" in caplog.text
