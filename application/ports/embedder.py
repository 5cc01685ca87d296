from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

Vector = Sequence[float]


@dataclass(frozen=True, slots=True)
class EmbeddingSpace:
    """Which model made a vector, and how long vectors are: vectors of two spaces never mix."""

    model: str
    dimension: int

    def describe(self) -> str:
        return f"{self.model} ({self.dimension}-d)"


class Embedder(Protocol):
    """Turns texts into unit-length vectors of one embedding space."""

    async def space(self) -> EmbeddingSpace:
        """The model and dimension (may load the model on first use)."""

    async def embed(self, texts: Sequence[str]) -> list[Vector]:
        """One unit-length vector per text, in order; batched and off the event loop."""
