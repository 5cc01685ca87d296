"""How knowledge-base matches are ranked: fusion, score smoothing and diversity.

1. Fusion: a chunk's relevance is its dense cosine with the query, blended with the
   cosine of its document's title (`title_weight`) and its BM25 score scaled by
   the best BM25 score among the candidates (`lexical_weight`).
2. Smoothing (cluster hypothesis): among the best `candidates`, each score is
   pulled towards the scores of its nearest neighbours, weighted by
   exp((sim - 1) / temperature); a lone outlier loses against a consistent group.
3. Diversity (maximal marginal relevance): results are picked greedily by
   (1 - diversity) * relevance - diversity * (similarity to those already picked),
   so that near-duplicates do not crowd out the alternatives.

Candidates are compared in the same space as they are scored: the similarity of
two candidates is (1 - title_weight) x the cosine of their chunks + title_weight x
the cosine of their documents' titles (a candidate whose title vector is unknown
stands in with its chunk vector).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from application.knowledge.vectors import similarities
from application.ports.embedder import Vector


@dataclass(frozen=True, slots=True)
class RankingPolicy:
    title_weight: float = 0.4
    lexical_weight: float = 0.1
    smoothing: float = 0.3
    smoothing_temperature: float = 0.1
    diversity: float = 0.2
    candidates: int = 30
    compare_titles: bool = True  # candidates' similarity includes their titles' (see above)


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    dense: float
    title: float | None
    lexical: float
    embedding: Vector | None
    title_embedding: Vector | None = None


@dataclass(frozen=True, slots=True)
class Ranked:
    id: str
    score: float


def fuse(candidates: Sequence[Candidate], policy: RankingPolicy) -> list[float]:
    best_lexical = max((c.lexical for c in candidates), default=0.0)
    known_titles = [c.title for c in candidates if c.title is not None]
    title_floor = min(known_titles, default=0.0)
    scores = []
    for c in candidates:
        title = c.title if c.title is not None else title_floor
        lexical = c.lexical / best_lexical if best_lexical > 0 else 0.0
        scores.append(
            (1 - policy.title_weight) * c.dense
            + policy.title_weight * title
            + policy.lexical_weight * lexical
        )
    return scores


def _smooth(scores: list[float], sims: list[list[float]], policy: RankingPolicy) -> list[float]:
    if policy.smoothing <= 0 or len(scores) < 3:
        return scores
    out = []
    for i, own in enumerate(scores):
        weights = [
            math.exp((sims[i][j] - 1) / policy.smoothing_temperature) if j != i else 0.0
            for j in range(len(scores))
        ]
        total = sum(weights)
        neighbours = sum(w * s for w, s in zip(weights, scores, strict=True)) / total
        out.append((1 - policy.smoothing) * own + policy.smoothing * neighbours)
    return out


def _diversify(
    scores: list[float], sims: list[list[float]], limit: int, diversity: float
) -> list[int]:
    remaining = list(range(len(scores)))
    chosen: list[int] = []
    while remaining and len(chosen) < limit:
        if not chosen or diversity <= 0:
            best = max(remaining, key=lambda i: scores[i])
        else:
            best = max(
                remaining,
                key=lambda i: (
                    (1 - diversity) * scores[i] - diversity * max(sims[i][j] for j in chosen)
                ),
            )
        chosen.append(best)
        remaining.remove(best)
    return chosen


SimilarityMatrix = Callable[[Sequence[Vector]], list[list[float]]]


def _similarities(
    pool: Sequence[Candidate], title_weight: float, similarity: SimilarityMatrix
) -> list[list[float]]:
    """Pairwise similarity in the fused space: chunk and title cosines, weighted as in `fuse`."""
    vectors = [c.embedding for c in pool if c.embedding is not None]
    chunks = similarity(vectors)
    if title_weight <= 0:
        return chunks
    titles = similarity(
        [
            c.title_embedding if c.title_embedding is not None else own
            for c, own in zip(pool, vectors, strict=True)
        ]
    )
    return [
        [(1 - title_weight) * a + title_weight * b for a, b in zip(row, other, strict=True)]
        for row, other in zip(chunks, titles, strict=True)
    ]


def rank(
    candidates: Sequence[Candidate],
    policy: RankingPolicy,
    limit: int,
    similarity: SimilarityMatrix = similarities,
) -> list[Ranked]:
    """The best `limit` candidates, in the order to show them, with their relevance.

    `similarity` computes the cosine matrix of unit vectors (plain Python by
    default; the container passes a vectorised one).
    """
    fused = fuse(candidates, policy)
    order = sorted(range(len(candidates)), key=lambda i: (-fused[i], candidates[i].id))
    pool = [candidates[i] for i in order[: max(policy.candidates, limit)]]
    scores = [fused[order[i]] for i in range(len(pool))]
    if all(c.embedding is not None for c in pool) and len(pool) > 1:
        sims = _similarities(pool, policy.title_weight if policy.compare_titles else 0, similarity)
        scores = _smooth(scores, sims, policy)
        picked = _diversify(scores, sims, limit, policy.diversity)
    else:
        picked = sorted(range(len(pool)), key=lambda i: -scores[i])[:limit]
    return [Ranked(pool[i].id, round(scores[i], 6)) for i in picked]
