"""Readying the knowledge base when a process starts, before anyone searches."""

from __future__ import annotations

import logging
import time

from application.knowledge.base import TICKETS_COLLECTION, KnowledgeBase

log = logging.getLogger("astratickets.knowledge")

WARM_UP_QUERY = "warm up"


class WarmUpKnowledge:
    """Loads what the first search would otherwise wait for.

    Rules:
    - the embedding model is loaded and one query is encoded (the single-query
      path is prepared on first use);
    - the vector store is opened (through the tickets' index, which every
      process uses): an embedded Chroma takes about a second to open;
    - every knowledge-base collection's keyword index is built from storage;
    - it runs in the background after start-up: requests are served meanwhile,
      and a search that arrives first simply waits for the same work;
    - a failure is logged, never raised: the first search then does the work.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    async def __call__(self) -> None:
        kb = self._kb
        started = time.perf_counter()
        try:
            await kb.embedder.embed([WARM_UP_QUERY])
            await kb.vectors.space_of(TICKETS_COLLECTION)
            async with kb.uow(read_only=True) as uow:
                collections = await uow.knowledge.list_collections()
            for collection in collections:
                await kb.lexical.prepare(
                    collection.name, collection.revision, kb.lexical_loader(collection.name)
                )
        except Exception:
            log.exception("could not warm up the knowledge base; the first search will")
            return
        log.info(
            "knowledge base ready: %d collection(s) in %.1f s",
            len(collections),
            time.perf_counter() - started,
        )
