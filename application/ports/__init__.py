"""Ports: the small interfaces through which use cases reach the outside world."""

from application.ports.activity_repository import ActivityRepository
from application.ports.clock import Clock
from application.ports.embedder import Embedder, EmbeddingSpace
from application.ports.knowledge_repository import KnowledgeRepository
from application.ports.lexical_index import LexicalIndex
from application.ports.password_hasher import PasswordHasher
from application.ports.reply_repository import ReplyRepository
from application.ports.sign_in_throttle import SignInThrottle
from application.ports.ticket_indexer import TicketIndexer
from application.ports.ticket_repository import TicketRepository
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.ports.user_repository import UserRepository
from application.ports.vector_index import VectorIndex

__all__ = [
    "ActivityRepository",
    "Clock",
    "Embedder",
    "EmbeddingSpace",
    "KnowledgeRepository",
    "LexicalIndex",
    "PasswordHasher",
    "ReplyRepository",
    "SignInThrottle",
    "TicketIndexer",
    "TicketRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
    "VectorIndex",
]
