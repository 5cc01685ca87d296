"""Factories the container uses to build the ticket classifier (docs/ai.md).

scikit-learn and numpy load on the first training or triage, not at start-up.
"""

from __future__ import annotations

from typing import Any

from application.ports.embedder import Embedder


def make_ticket_classifier(embedder: Embedder) -> Any:
    """The scikit-learn classifier over the knowledge base's embedder, with embeddings
    cached by content so that a retraining embeds only new texts."""
    from adapters.classification.embedding_cache import CachingEmbedder
    from adapters.classification.sklearn_classifier import SklearnTicketClassifier

    return SklearnTicketClassifier(CachingEmbedder(embedder))
