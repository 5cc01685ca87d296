from __future__ import annotations

from application.errors import NotFound
from application.use_cases.knowledge.delete_knowledge import DeleteKnowledge, DeleteKnowledgeHandler


class DeleteDocumentHandler:
    """Delete one document and its chunks; NotFound if there is no such document."""

    def __init__(self, delete: DeleteKnowledgeHandler) -> None:
        self._delete = delete

    async def __call__(self, collection: str | None, document_id: str) -> None:
        if "#" in document_id or not await self._delete(
            DeleteKnowledge(ids=[document_id], collection=collection)
        ):
            raise NotFound("document", document_id)
