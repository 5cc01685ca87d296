from __future__ import annotations

from dataclasses import dataclass

from application.knowledge.base import KnowledgeBase
from application.use_cases.knowledge.search_knowledge import (
    KnowledgeMatch,
    SearchKnowledge,
    SearchKnowledgeHandler,
)
from domain.drafting.inline_markdown import plain_snippet
from domain.errors import InvalidValue

MAX_SUGGESTIONS = 10
MIN_QUERY_CHARS = 3


@dataclass(frozen=True, slots=True)
class Suggestion:
    document_id: str
    title: str
    snippet: str
    score: float


class SuggestArticlesHandler:
    """Deflection: the few articles that may answer what a customer is typing.

    One suggestion per document (its best chunk), at most 10; a query shorter
    than 3 characters gets none rather than noise.
    """

    def __init__(self, kb: KnowledgeBase, search: SearchKnowledgeHandler) -> None:
        self._kb = kb
        self._search = search

    async def __call__(
        self, query: str, collection: str | None = None, limit: int = 3
    ) -> list[Suggestion]:
        if not 1 <= limit <= MAX_SUGGESTIONS:
            raise InvalidValue.single("n", f"must be between 1 and {MAX_SUGGESTIONS}")
        if len(query.strip()) < MIN_QUERY_CHARS:
            return []
        matches = await self._search(
            SearchKnowledge(query=query, collection=collection, limit=min(50, limit * 4))
        )
        best: dict[str, KnowledgeMatch] = {}
        for match in matches:
            best.setdefault(match.chunk.document_id, match)
        return [
            Suggestion(
                document_id=m.chunk.document_id,
                title=m.chunk.title or m.chunk.section or m.chunk.document_id,
                snippet=plain_snippet(m.chunk.text),
                score=m.score,
            )
            for m in list(best.values())[:limit]
        ]
