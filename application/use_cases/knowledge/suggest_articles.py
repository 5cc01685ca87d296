from __future__ import annotations

from dataclasses import dataclass

from application.knowledge.base import KnowledgeBase
from application.use_cases.knowledge.search_knowledge import (
    KnowledgeMatch,
    SearchKnowledge,
    SearchKnowledgeHandler,
    similar_enough,
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

    One suggestion per document (its best-ranked chunk among those similar
    enough), at most 10. Only chunks whose similarity to the query reaches
    `kb_passage_min_score` count (KB_PASSAGE_MIN_SCORE, the floor of AI drafts
    and the knowledge chat), so an article is suggested only when its most
    similar chunk clears the floor, and a query about something the knowledge
    base does not cover gets none rather than whatever ranks first. A query
    shorter than 3 characters gets none rather than noise.
    """

    def __init__(
        self, kb: KnowledgeBase, search: SearchKnowledgeHandler, kb_passage_min_score: float = 0.0
    ) -> None:
        self._kb = kb
        self._search = search
        self._min_similarity = kb_passage_min_score

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
        for match in similar_enough(matches, self._min_similarity):
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
