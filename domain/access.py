"""Who may do what: the access rules of the helpdesk, one named rule each.

- A customer works only on their own tickets: opens them (as requester),
  reads them, replies publicly on them. They never see internal notes,
  other customers, or anything about other tickets.
- An agent works every ticket: reads everything on it, replies, writes
  internal notes, assigns, changes status, priority, tags and category.
- An admin may do everything an agent may, and manage accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import DomainError
from domain.users import Role


class AccessDenied(DomainError):
    """The actor's role does not allow the operation."""


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in account on whose behalf a use case runs."""

    user_id: int
    role: Role

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff

    def may_see_ticket_of(self, requester_id: int) -> bool:
        """Staff see every ticket; a customer only the tickets they requested."""
        return self.is_staff or requester_id == self.user_id

    def may_see_internal_notes(self) -> bool:
        return self.is_staff

    def must_be_staff(self, action: str) -> None:
        if not self.is_staff:
            raise AccessDenied(f"only agents and admins may {action}")

    def must_be_admin(self, action: str) -> None:
        if self.role is not Role.ADMIN:
            raise AccessDenied(f"only admins may {action}")
