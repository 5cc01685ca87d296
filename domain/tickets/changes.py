"""A partial change to a ticket: only the fields that were given change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from enum import Enum
from typing import Final, TypeVar

T = TypeVar("T")


class _Unset(Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset.UNSET
"""Marks a field that the change leaves alone (distinct from None, which clears)."""

Maybe = T | _Unset


@dataclass(frozen=True, slots=True)
class TicketChanges:
    title: Maybe[str] = UNSET
    content: Maybe[str] = UNSET
    status: Maybe[str] = UNSET
    priority: Maybe[str] = UNSET
    tags: Maybe[str | Iterable[str] | None] = UNSET
    category: Maybe[str | None] = UNSET
    assignee_id: Maybe[int | None] = UNSET

    def given(self) -> dict[str, object]:
        """The fields this change sets, by name."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) is not UNSET
        }
