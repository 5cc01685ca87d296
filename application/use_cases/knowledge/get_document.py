from __future__ import annotations

from application.errors import NotFound
from application.knowledge.base import KnowledgeBase
from domain.knowledge import Document


class GetDocumentHandler:
    """One document with its text and chunks."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    async def __call__(self, collection: str | None, document_id: str) -> Document:
        name = self._kb.name(collection)
        async with self._kb.uow(read_only=True) as uow:
            await self._kb.existing(uow, name)
            document = await uow.knowledge.get_document(name, document_id, with_chunks=True)
        if document is None:
            raise NotFound("document", document_id)
        return document
