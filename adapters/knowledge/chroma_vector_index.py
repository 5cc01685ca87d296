"""Chroma as the vector index: embedded (PersistentClient) or a server (HttpClient).

Embeddings are always given explicitly and collections carry no embedding
function, so Chroma never tries to download a model. Each collection records
the embedding model and dimension it was built with in its metadata.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from application.knowledge.errors import (
    EmbeddingSpaceMismatch,
    KnowledgeUnavailable,
    VectorStoreUnavailable,
)
from application.ports.embedder import EmbeddingSpace, Vector
from application.ports.vector_index import VectorEntry, VectorMatch
from domain.knowledge import MetadataFilter

MAX_BATCH = 5_000  # Chroma refuses batches above 5,461
DEFAULT_TIMEOUT_S = 10.0
CONNECT_TIMEOUT_S = 2.0
MODEL_KEY = "embedding_model"
DIMENSION_KEY = "embedding_dimension"


def _unreachable(error: Exception) -> bool:
    """Whether a Chroma client error means the server did not answer (refused, dropped,
    timed out), as opposed to answering with an error."""
    try:
        import httpx
    except ImportError:  # pragma: no cover - chromadb depends on httpx
        httpx = None  # type: ignore[assignment]
    if httpx is not None and isinstance(error, httpx.TransportError):
        return True
    return "connect" in str(error).lower() or type(error).__name__.endswith("ConnectError")


def _as_list(vector: Any) -> list[float]:
    tolist = getattr(vector, "tolist", None)
    return tolist() if tolist is not None else [float(x) for x in vector]


class ChromaVectorIndex:
    """`path` for an embedded store on disk, or `url` (http://host:port) for a Chroma server.

    A server that does not answer raises VectorStoreUnavailable: at once when it
    refuses connections, after `timeout_s` when it hangs (connecting gives up
    after at most CONNECT_TIMEOUT_S). Chroma's own client would wait forever.
    """

    def __init__(
        self,
        *,
        path: str | Path | None = None,
        url: str | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        if (path is None) == (url is None):
            raise ValueError("give either a path or a url")
        self._path = Path(path) if path is not None else None
        self._url = url
        self._timeout_s = timeout_s
        self._client: Any = None
        self._collections: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _connect(self) -> Any:
        with self._lock:
            if self._client is not None:
                return self._client
            try:
                import chromadb
                from chromadb.config import Settings as ChromaSettings
            except ImportError as error:
                raise KnowledgeUnavailable(
                    f"the vector store needs the 'ai' extras (chromadb): {error}"
                ) from error
            settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
            try:
                if self._url is not None:
                    parsed = urlparse(self._url)
                    self._heartbeat()  # the client's own first requests have no timeout
                    client = chromadb.HttpClient(
                        host=parsed.hostname or "127.0.0.1",
                        port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                        ssl=parsed.scheme == "https",
                        settings=settings,
                    )
                    self._limit_waiting(client)
                    self._client = client
                else:
                    assert self._path is not None
                    self._path.mkdir(parents=True, exist_ok=True)
                    self._client = chromadb.PersistentClient(
                        path=str(self._path), settings=settings
                    )
            except Exception as error:
                if self._url is not None:
                    raise VectorStoreUnavailable(
                        f"the vector store at {self._url} is not reachable: {error}"
                    ) from error
                raise KnowledgeUnavailable(f"the vector store is unavailable: {error}") from error
            return self._client

    def _timeout(self) -> Any:
        import httpx

        return httpx.Timeout(self._timeout_s, connect=min(CONNECT_TIMEOUT_S, self._timeout_s))

    def _heartbeat(self) -> None:
        import httpx

        assert self._url is not None
        response = httpx.get(f"{self._url.rstrip('/')}/api/v2/heartbeat", timeout=self._timeout())
        response.raise_for_status()

    def _limit_waiting(self, client: Any) -> None:
        """Give the client's HTTP session timeouts (chromadb creates it with none)."""
        import httpx

        session = getattr(getattr(client, "_server", None), "_session", None)
        if isinstance(session, httpx.Client):
            session.timeout = self._timeout()

    def _collection(self, name: str) -> Any:
        cached = self._collections.get(name)
        if cached is not None:
            return cached
        client = self._connect()
        try:
            collection = client.get_collection(name, embedding_function=None)
        except Exception as error:
            if _unreachable(error):
                raise self._unavailable(error) from error
            return None
        self._collections[name] = collection
        return collection

    @staticmethod
    def _space(collection: Any) -> EmbeddingSpace | None:
        meta = collection.metadata or {}
        if MODEL_KEY not in meta:
            return None
        return EmbeddingSpace(str(meta[MODEL_KEY]), int(meta[DIMENSION_KEY]))

    def _unavailable(self, error: Exception) -> KnowledgeUnavailable:
        where = f" at {self._url}" if self._url else ""
        return VectorStoreUnavailable(f"the vector store{where} is not reachable: {error}")

    async def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except (EmbeddingSpaceMismatch, KnowledgeUnavailable, KeyError, ValueError):
            raise
        except Exception as error:
            if type(error).__name__ in {"NotFoundError", "InvalidCollectionException"}:
                self._collections.clear()
            if _unreachable(error):
                raise self._unavailable(error) from error
            raise

    def _open(self, name: str, space: EmbeddingSpace) -> None:
        collection = self._collection(name)
        if collection is None:
            collection = self._connect().get_or_create_collection(
                name,
                embedding_function=None,
                metadata={
                    "hnsw:space": "cosine",
                    MODEL_KEY: space.model,
                    DIMENSION_KEY: space.dimension,
                },
            )
            self._collections[name] = collection
        built = self._space(collection)
        if built is not None and built != space:
            raise EmbeddingSpaceMismatch(name, built, space)

    async def open(self, name: str, space: EmbeddingSpace) -> None:
        await self._run(self._open, name, space)

    async def space_of(self, name: str) -> EmbeddingSpace | None:
        collection = await self._run(self._collection, name)
        return self._space(collection) if collection is not None else None

    def _required(self, name: str) -> Any:
        collection = self._collection(name)
        if collection is None:
            raise KeyError(f"no vector collection {name!r}")
        return collection

    def _upsert(self, name: str, entries: Sequence[VectorEntry]) -> None:
        collection = self._required(name)
        dimension = int((collection.metadata or {}).get(DIMENSION_KEY, 0))
        for start in range(0, len(entries), MAX_BATCH):
            part = entries[start : start + MAX_BATCH]
            embeddings = [_as_list(e.embedding) for e in part]
            if dimension and any(len(v) != dimension for v in embeddings):
                raise ValueError(f"expected {dimension}-d vectors for collection {name!r}")
            ids = [e.id for e in part]
            # Chroma's upsert merges metadata; a write replaces the entry whole here.
            collection.delete(ids=ids)
            collection.add(
                ids=ids,
                embeddings=embeddings,
                metadatas=[dict(e.metadata) or None for e in part],
            )

    async def upsert(self, name: str, entries: Sequence[VectorEntry]) -> None:
        if entries:
            await self._run(self._upsert, name, entries)

    def _delete(self, name: str, ids: Sequence[str]) -> None:
        collection = self._collection(name)
        if collection is None:
            return
        for start in range(0, len(ids), MAX_BATCH):
            collection.delete(ids=list(ids[start : start + MAX_BATCH]))

    async def delete(self, name: str, ids: Sequence[str]) -> None:
        if ids:
            await self._run(self._delete, name, ids)

    def _query(
        self,
        name: str,
        embedding: Vector,
        limit: int,
        where: MetadataFilter | None,
        with_embeddings: bool,
        with_metadata: bool,
    ) -> list[VectorMatch]:
        collection = self._required(name)
        include = ["distances"]
        include += ["metadatas"] if with_metadata else []
        include += ["embeddings"] if with_embeddings else []
        result = collection.query(
            query_embeddings=[_as_list(embedding)],
            n_results=limit,
            where=where.to_dict() if where else None,
            include=include,
        )
        ids = result["ids"][0]
        distances = result["distances"][0]
        metadatas = (result.get("metadatas") or [[None] * len(ids)])[0]
        vectors = result["embeddings"][0] if with_embeddings else [None] * len(ids)
        return [
            VectorMatch(i, 1.0 - float(d), dict(m or {}), v)
            for i, d, m, v in zip(ids, distances, metadatas, vectors, strict=True)
        ]

    async def query(
        self,
        name: str,
        embedding: Vector,
        limit: int,
        where: MetadataFilter | None = None,
        *,
        with_embeddings: bool = False,
        with_metadata: bool = True,
    ) -> list[VectorMatch]:
        return await self._run(
            self._query, name, embedding, limit, where, with_embeddings, with_metadata
        )

    def _get(self, name: str, ids: Sequence[str]) -> list[VectorEntry]:
        collection = self._collection(name)
        if collection is None or not ids:
            return []
        result = collection.get(ids=list(ids), include=["embeddings", "metadatas"])
        metadatas = result.get("metadatas") or [None] * len(result["ids"])
        return [
            VectorEntry(i, e, dict(m or {}))
            for i, e, m in zip(result["ids"], result["embeddings"], metadatas, strict=True)
        ]

    async def get(self, name: str, ids: Sequence[str]) -> list[VectorEntry]:
        return await self._run(self._get, name, ids)

    async def count(self, name: str) -> int:
        collection = await self._run(self._collection, name)
        return int(await self._run(collection.count)) if collection is not None else 0

    def _drop(self, name: str) -> None:
        self._collections.pop(name, None)
        client = self._connect()
        try:
            client.delete_collection(name)
        except Exception as error:
            if "does not exist" not in str(error).lower() and "not found" not in str(error).lower():
                raise

    async def drop(self, name: str) -> None:
        await self._run(self._drop, name)

    async def close(self) -> None:
        self._collections.clear()
        self._client = None
