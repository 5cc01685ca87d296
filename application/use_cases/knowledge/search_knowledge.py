from __future__ import annotations

import asyncio
from dataclasses import dataclass

from application.knowledge.base import (
    DOCUMENT,
    KnowledgeBase,
    titles_of,
)
from application.knowledge.errors import KnowledgeUnavailable
from application.knowledge.ranking import Candidate, rank
from application.knowledge.vectors import dot, from_bytes
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
    chunk: Chunk
    score: float
    metadata: dict[str, str | int | float | bool]


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
        (vector,) = await kb.embedder.embed([query])
        pool = max(kb.ranking.candidates, command.limit * 3)
        async with kb.uow(read_only=True) as uow:
            collection = await kb.existing(uow, name)
            kb.check_space(collection, space)
            try:
                dense, titles, lexical = await asyncio.gather(
                    kb.vectors.query(name, vector, pool, where, with_embeddings=True),
                    kb.vectors.query(titles_of(name), vector, pool, where),
                    kb.lexical.search(
                        name,
                        collection.revision,
                        kb.lexical_loader(name, uow),
                        query,
                        pool,
                        where,
                    ),
                )
            except KeyError:
                raise KnowledgeUnavailable(
                    f"the vectors of collection '{name}' are missing; "
                    f"rebuild them with `astratickets kb reindex --collection {name}`"
                ) from None
            by_id = {m.id: m for m in dense}
            wanted = [*by_id, *(m.id for m in lexical if m.id not in by_id)]
            stored = {s.chunk.id: s for s in await uow.knowledge.get_chunks(name, wanted)}
        lexical_scores = kb.lexical.score(name, query, list(stored))
        title_scores = {str(m.metadata.get(DOCUMENT)): m.score for m in titles}
        unembedded = [i for i in stored if i not in by_id and not stored[i].embedding]
        extra = {e.id: e.embedding for e in await kb.vectors.get(name, unembedded)}
        candidates = []
        for chunk_id, item in stored.items():
            if chunk_id in by_id:
                embedding, score = by_id[chunk_id].embedding, by_id[chunk_id].score
            elif item.embedding or chunk_id in extra:
                embedding = from_bytes(item.embedding) if item.embedding else extra[chunk_id]
                score = dot(vector, embedding)
            else:
                continue
            candidates.append(
                Candidate(
                    id=chunk_id,
                    dense=score,
                    title=title_scores.get(item.chunk.document_id) if item.chunk.title else None,
                    lexical=lexical_scores.get(chunk_id, 0.0),
                    embedding=embedding,
                )
            )
        ranked = rank(candidates, kb.ranking, command.limit, kb.similarity)
        return [KnowledgeMatch(stored[r.id].chunk, r.score, stored[r.id].metadata) for r in ranked]
