from __future__ import annotations

from application.knowledge.base import KnowledgeBase
from application.queries import Page, PageRequest
from domain.knowledge import Document


class ListDocumentsHandler:
    """A collection's documents (without their text), most recently changed first."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    async def __call__(self, collection: str | None, page: PageRequest) -> Page[Document]:
        name = self._kb.name(collection)
        async with self._kb.uow(read_only=True) as uow:
            await self._kb.existing(uow, name)
            return await uow.knowledge.list_documents(name, page)
