from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from application.queries import Page, UserQuery
from domain.users import User


class UserRepository(Protocol):
    """Stores users. Never commits: the unit of work does."""

    async def add(self, user: User) -> None:
        """Store a new user and give it an id; raise EmailAlreadyRegistered on a clash."""

    async def get(self, user_id: int) -> User | None: ...

    async def get_by_email(self, email: str) -> User | None: ...

    async def get_by_emails(self, emails: Sequence[str]) -> dict[str, User]:
        """The users with these (normalised) e-mail addresses, by address."""

    async def add_many(self, users: Sequence[User]) -> None:
        """Store new users in bulk and give them ids; EmailAlreadyRegistered on a clash."""

    async def existing_ids(self, user_ids: Sequence[int]) -> set[int]:
        """The subset of `user_ids` that exist."""

    async def list(self, query: UserQuery) -> Page[User]: ...

    async def update(self, user: User) -> None: ...

    async def count_active_admins(self) -> int: ...

    async def delete(self, user_id: int) -> None:
        """Delete a user; raise UserStillReferenced when tickets or replies need it."""
