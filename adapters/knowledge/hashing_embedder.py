from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence

from application.ports.embedder import EmbeddingSpace, Vector

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


class HashingEmbedder:
    """A deterministic, dependency-free embedder for fast tests and demos.

    Words and character trigrams are hashed into `dimension` signed buckets
    (the hashing trick) and the vector is normalised: texts sharing words
    or word pieces point in similar directions. No meaning beyond that.
    """

    def __init__(self, dimension: int = 256, model: str = "hashing-bow-v1") -> None:
        self._space = EmbeddingSpace(f"{model}-{dimension}", dimension)
        self.calls = 0

    async def space(self) -> EmbeddingSpace:
        return self._space

    async def embed(self, texts: Sequence[str]) -> list[Vector]:
        self.calls += 1
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> list[float]:
        size = self._space.dimension
        vector = [0.0] * size
        for word in _WORD.findall(text.lower()):
            features = [word] + [word[i : i + 3] for i in range(max(1, len(word) - 2))]
            for weight, feature in zip([1.0] + [0.5] * len(features), features, strict=False):
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % size
                vector[bucket] += weight if digest[4] & 1 else -weight
        norm = math.sqrt(sum(x * x for x in vector))
        if norm == 0:
            vector[0] = 1.0
            return vector
        return [x / norm for x in vector]
