"""Small vector helpers in plain Python (vectors here are short lists of candidates)."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from operator import mul

from application.ports.embedder import Vector


def dot(a: Vector, b: Vector) -> float:
    return float(sum(map(mul, a, b)))


def to_bytes(vector: Vector) -> bytes:
    """float32, little-endian."""
    packed = array("f", (float(x) for x in vector))
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def from_bytes(raw: bytes) -> list[float]:
    packed = array("f")
    packed.frombytes(raw)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tolist()


def as_list(vector: Vector) -> list[float]:
    tolist = getattr(vector, "tolist", None)
    return tolist() if tolist is not None else [float(x) for x in vector]


def similarities(vectors: Sequence[Vector]) -> list[list[float]]:
    """The cosine matrix of unit vectors."""
    rows = [as_list(v) for v in vectors]
    size = len(rows)
    matrix = [[1.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i + 1, size):
            matrix[i][j] = matrix[j][i] = dot(rows[i], rows[j])
    return matrix
