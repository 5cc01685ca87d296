from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass

from application.knowledge.base import (
    DOCUMENT,
    KnowledgeBase,
    document_of,
    titles_of,
)
from application.knowledge.errors import KnowledgeUnavailable
from application.knowledge.ranking import Candidate, rank
from application.knowledge.vectors import as_list, dot, from_bytes
from domain.drafting import Passage
from domain.errors import InvalidValue
from domain.knowledge import Chunk, MetadataFilter

DEFAULT_RESULTS = 5


@dataclass(frozen=True, slots=True)
class SearchKnowledge:
    query: str
    collection: str | None = None
    limit: int = DEFAULT_RESULTS
    where: object = None


@dataclass(frozen=True, slots=True)
class KnowledgeMatch:
    """A chunk found for a query.

    `score` is the ranking's relevance (fusion and smoothing, see ranking.py): it orders
    the results of one query, but part of it is relative to the other candidates.
    `similarity` is the cosine of the chunk's own vector with the query's, on the
    embedding model's scale only: comparable across queries, so it is what a relevance
    floor is measured in (KB_PASSAGE_MIN_SCORE, see `similar_enough`).
    """

    chunk: Chunk
    score: float
    metadata: dict[str, str | int | float | bool]
    similarity: float


def similar_enough(
    matches: Iterable[KnowledgeMatch], min_similarity: float
) -> list[KnowledgeMatch]:
    """The matches whose `similarity` reaches `min_similarity`, in their order.

    The one relevance floor (KB_PASSAGE_MIN_SCORE) of every place that shows a passage
    as an answer: an AI draft's passages, the knowledge chat's, article suggestions.
    A floor of 0 (or below) is no floor: every match is kept, whatever its cosine.
    """
    if min_similarity <= 0:
        return list(matches)
    return [m for m in matches if m.similarity >= min_similarity]


def kb_passage(match: KnowledgeMatch) -> Passage:
    """The match as a passage an answer may quote and cite (AI drafts, the knowledge chat)."""
    chunk = match.chunk
    return Passage(
        id=chunk.id,
        document_id=chunk.document_id,
        title=chunk.title or chunk.section or chunk.document_id,
        content=chunk.text,
        score=match.score,
        source="kb",
    )


class SearchKnowledgeHandler:
    """The chunks that best answer a query, best first.

    Rules: the query has 1..KB max characters once trimmed; 1..50 results;
    `where` filters on document metadata (see MetadataFilter); the collection
    must exist (else NotFound) and have been built with the embedder's model.
    Ranking (dense + title + BM25 fusion, smoothing, diversity) is described
    in application/knowledge/ranking.py.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def _validate(self, command: SearchKnowledge) -> tuple[str, MetadataFilter | None]:
        limits = self._kb.limits
        query = command.query.strip() if isinstance(command.query, str) else ""
        if not query:
            raise InvalidValue.single("query", "must not be empty")
        if len(query) > limits.max_query_chars:
            raise InvalidValue.single(
                "query", f"must be at most {limits.max_query_chars} characters"
            )
        if not 1 <= command.limit <= limits.max_results:
            raise InvalidValue.single("n_results", f"must be between 1 and {limits.max_results}")
        return query, MetadataFilter.parse(command.where)

    async def __call__(self, command: SearchKnowledge) -> list[KnowledgeMatch]:
        kb = self._kb
        query, where = self._validate(command)
        name = kb.name(command.collection)
        space = await kb.space()
        pool = max(kb.ranking.candidates, command.limit * 3)
        # The query is encoded on the embedder's thread while storage and BM25 work here.
        encoding = asyncio.ensure_future(kb.embedder.embed([query]))
        try:
            async with kb.uow(read_only=True) as uow:
                collection = await kb.existing(uow, name)
                kb.check_space(collection, space)
            lexical = await kb.lexical.search(
                name, collection.revision, kb.lexical_loader(name), query, pool, where
            )
            (vector,) = await encoding
        finally:
            encoding.cancel()  # a no-op once it is done
        try:
            dense, titles = await asyncio.gather(
                kb.vectors.query(name, vector, pool, where, with_metadata=False),
                kb.vectors.query(
                    titles_of(name), vector, pool, where, with_embeddings=True, with_metadata=False
                ),
            )
        except KeyError:
            raise KnowledgeUnavailable(
                f"the vectors of collection '{name}' are missing; "
                f"rebuild them with `astratickets kb reindex --collection {name}`"
            ) from None
        dense_scores = {m.id: m.score for m in dense}
        wanted = [*dense_scores, *(m.id for m in lexical if m.id not in dense_scores)]
        async with kb.uow(read_only=True) as uow:
            found = await uow.knowledge.get_chunks(name, wanted)
        query_vector = as_list(vector)
        # The keyword index may be a moment behind storage: storage has the last word.
        stored = {
            s.chunk.id: s
            for s in found
            if where is None or where.matches({**s.metadata, DOCUMENT: s.chunk.document_id})
        }
        lexical_scores = kb.lexical.score(name, query, list(stored))
        title_scores = {document_of(t.id): t.score for t in titles}
        title_vectors = {document_of(t.id): t.embedding for t in titles}
        unembedded = [i for i, item in stored.items() if not item.embedding]
        extra = {e.id: as_list(e.embedding) for e in await kb.vectors.get(name, unembedded)}
        candidates = []
        for chunk_id, item in stored.items():
            embedding = from_bytes(item.embedding) if item.embedding else extra.get(chunk_id)
            if embedding is None:
                continue
            score = dense_scores.get(chunk_id)
            document = item.chunk.document_id
            candidates.append(
                Candidate(
                    id=chunk_id,
                    dense=score if score is not None else dot(query_vector, embedding),
                    title=title_scores.get(document),
                    lexical=lexical_scores.get(chunk_id, 0.0),
                    embedding=embedding,
                    title_embedding=title_vectors.get(document),
                )
            )
        ranked = rank(candidates, kb.ranking, command.limit, kb.similarity)
        cosines = {c.id: c.dense for c in candidates}
        return [
            KnowledgeMatch(
                stored[r.id].chunk, r.score, stored[r.id].metadata, round(cosines[r.id], 6)
            )
            for r in ranked
        ]
