from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from application.ports.embedder import Vector


def cosine_matrix(vectors: Sequence[Vector]) -> list[list[float]]:
    """The cosine matrix of unit vectors, vectorised (the ranking's similarity function)."""
    matrix = np.asarray(vectors, dtype=np.float32)
    return (matrix @ matrix.T).tolist()
