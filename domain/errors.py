"""Errors raised when a domain rule is broken."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


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


class ProblemCollector:
    """Collects every field problem of an input so the caller hears of all at once."""

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def check(self, compute: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`compute(*args)`, or None after noting its InvalidValue problems."""
        try:
            return compute(*args, **kwargs)
        except InvalidValue as error:
            self.problems.extend(error.problems)
            return None

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidValue(self.problems)
