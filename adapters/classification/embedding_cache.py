from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Sequence

from application.ports.embedder import Embedder, EmbeddingSpace, Vector


class CachingEmbedder:
    """An Embedder that remembers vectors by content hash (bounded, least recently used).

    Retraining on a history that barely changed then embeds only the new texts.
    The key includes the embedding space, so two models never share vectors.
    """

    def __init__(self, inner: Embedder, *, max_entries: int = 200_000) -> None:
        self._inner = inner
        self._max = max_entries
        self._vectors: OrderedDict[bytes, Vector] = OrderedDict()
        self._lock = asyncio.Lock()
        self.hits = 0
        self.misses = 0

    async def space(self) -> EmbeddingSpace:
        return await self._inner.space()

    @staticmethod
    def _key(space: EmbeddingSpace, text: str) -> bytes:
        return hashlib.blake2b(
            f"{space.model}\x00{space.dimension}\x00{text}".encode(), digest_size=16
        ).digest()

    async def embed(self, texts: Sequence[str]) -> list[Vector]:
        if not texts:
            return []
        space = await self._inner.space()
        keys = [self._key(space, text) for text in texts]
        known: dict[bytes, Vector] = {}
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            vector = self._vectors.get(key)
            if vector is not None:
                known[key] = vector
                self._vectors.move_to_end(key)
            else:
                missing.setdefault(key, text)
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if missing:
            vectors = await self._inner.embed(list(missing.values()))
            async with self._lock:
                for key, vector in zip(missing, vectors, strict=True):
                    known[key] = vector
                    self._vectors[key] = vector
                while len(self._vectors) > self._max:
                    self._vectors.popitem(last=False)
        return [known[key] for key in keys]
