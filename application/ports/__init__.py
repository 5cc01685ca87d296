"""Ports: the small interfaces through which use cases reach the outside world."""

from application.ports.clock import Clock
from application.ports.reply_repository import ReplyRepository
from application.ports.ticket_repository import TicketRepository
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.ports.user_repository import UserRepository

__all__ = [
    "Clock",
    "ReplyRepository",
    "TicketRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
]
