"""Tickets, their replies and the rules that govern them."""

from domain.tickets.changes import UNSET, TicketChanges
from domain.tickets.priority import TicketPriority
from domain.tickets.reply import Reply
from domain.tickets.status import TicketStatus
from domain.tickets.tags import Tags
from domain.tickets.ticket import Ticket

__all__ = [
    "UNSET",
    "Reply",
    "Tags",
    "Ticket",
    "TicketChanges",
    "TicketPriority",
    "TicketStatus",
]
