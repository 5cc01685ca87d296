from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from application.knowledge.base import KnowledgeBase, title_entry_id, titles_of
from domain.errors import InvalidValue

log = logging.getLogger("astratickets.knowledge")
MAX_IDS_PER_CALL = 500


@dataclass(frozen=True, slots=True)
class DeleteKnowledge:
    ids: Sequence[str]
    collection: str | None = None


class DeleteKnowledgeHandler:
    """Delete documents (by document id, with all their chunks) or single chunks (by chunk id).

    Returns how many of the ids existed. Unknown ids are skipped, so a retried
    call is harmless. The stored rows go first, in one transaction; vectors
    follow, and any left behind are never shown (matches are read back from
    storage) and are dropped by a reindex.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    async def __call__(self, command: DeleteKnowledge) -> int:
        kb = self._kb
        name = kb.name(command.collection)
        ids = list(dict.fromkeys(command.ids))
        if not 1 <= len(ids) <= MAX_IDS_PER_CALL:
            raise InvalidValue.single("ids", f"give 1..{MAX_IDS_PER_CALL} ids")
        if not all(isinstance(i, str) and 0 < len(i) <= 200 for i in ids):
            raise InvalidValue.single("ids", "ids are non-empty strings of at most 200 characters")
        deleted = 0
        vector_ids: list[str] = []
        title_ids: list[str] = []
        async with kb.uow() as uow:
            collection = await kb.existing(uow, name, for_update=True)
            chunk_ids = [i for i in ids if "#" in i]
            removed = await uow.knowledge.delete_chunks(name, chunk_ids) if chunk_ids else []
            deleted += len(removed)
            vector_ids += removed
            for document_id in (i for i in ids if "#" not in i):
                gone = await uow.knowledge.delete_document(name, document_id)
                if gone is not None:
                    deleted += 1
                    vector_ids += gone
                    title_ids.append(title_entry_id(document_id))
            after = collection.revision
            if deleted:
                collection.revision += 1
                collection.updated_at = kb.clock.now()
                await uow.knowledge.save_collection(collection)
            await uow.commit()
        if deleted:
            await kb.lexical.update(name, after, collection.revision, removed=vector_ids)
        if vector_ids or title_ids:
            try:
                await kb.vectors.delete(name, vector_ids)
                await kb.vectors.delete(titles_of(name), title_ids)
            except Exception:
                log.exception("could not remove %d vectors from %s", len(vector_ids), name)
        return deleted
