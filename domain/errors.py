"""Errors raised when a domain rule is broken."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """A business rule refused an operation."""


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """What is wrong with one field of an input."""

    field: str
    message: str


class InvalidValue(DomainError):
    """One or more values break their rules; nothing was changed."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))

    @classmethod
    def single(cls, field: str, message: str) -> InvalidValue:
        return cls([FieldProblem(field, message)])


class InvalidStatusTransition(DomainError):
    """A ticket cannot move from its current status to the requested one."""

    def __init__(self, current: str, requested: str, allowed: list[str]) -> None:
        self.current = current
        self.requested = requested
        self.allowed = allowed
        allowed_text = ", ".join(allowed) if allowed else "none"
        super().__init__(f"a {current} ticket cannot become {requested}; allowed: {allowed_text}")


class TicketClosed(DomainError):
    """A closed ticket takes no replies until it is reopened."""

    def __init__(self, ticket_id: int | None) -> None:
        super().__init__(f"ticket {ticket_id} is closed; reopen it before replying")
