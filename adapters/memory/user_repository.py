from __future__ import annotations

import copy
from collections.abc import Sequence

from adapters.memory.store import MemoryState
from application.errors import EmailAlreadyRegistered, UserStillReferenced
from application.queries import Page, UserQuery
from domain.users import Role, User


class MemoryUserRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    async def add(self, user: User) -> None:
        if any(u.email == user.email for u in self._state.users.values()):
            raise EmailAlreadyRegistered(user.email.value)
        user.id = self._state.allocate_id("users")
        self._state.users[user.id] = copy.deepcopy(user)

    async def get(self, user_id: int) -> User | None:
        user = self._state.users.get(user_id)
        return copy.deepcopy(user) if user else None

    async def get_by_email(self, email: str) -> User | None:
        for user in self._state.users.values():
            if user.email.value == email:
                return copy.deepcopy(user)
        return None

    async def get_by_emails(self, emails: Sequence[str]) -> dict[str, User]:
        wanted = set(emails)
        return {
            user.email.value: copy.deepcopy(user)
            for user in self._state.users.values()
            if user.email.value in wanted
        }

    async def add_many(self, users: Sequence[User]) -> None:
        taken = {u.email.value for u in self._state.users.values()}
        for user in users:
            if user.email.value in taken:
                raise EmailAlreadyRegistered(user.email.value)
            taken.add(user.email.value)
        for user in users:
            user.id = self._state.allocate_id("users")
            self._state.users[user.id] = copy.deepcopy(user)

    async def existing_ids(self, user_ids: Sequence[int]) -> set[int]:
        return {uid for uid in user_ids if uid in self._state.users}

    async def list(self, query: UserQuery) -> Page[User]:
        users = sorted(self._state.users.values(), key=lambda u: u.id or 0)
        if query.ids is not None:
            wanted = set(query.ids)
            users = [u for u in users if u.id in wanted]
        if query.role is not None:
            users = [u for u in users if u.role is query.role]
        if query.text:
            needle = query.text.lower()
            users = [u for u in users if needle in u.name.lower() or needle in u.email.value]
        start = query.page.offset
        chosen = users[start : start + query.page.page_size]
        return Page([copy.deepcopy(u) for u in chosen], len(users), query.page)

    async def update(self, user: User) -> None:
        assert user.id is not None
        self._state.users[user.id] = copy.deepcopy(user)

    async def count_active_admins(self) -> int:
        return sum(1 for u in self._state.users.values() if u.role is Role.ADMIN and u.active)

    async def delete(self, user_id: int) -> None:
        tickets = sum(1 for t in self._state.tickets.values() if t.requester_id == user_id)
        replies = sum(1 for r in self._state.replies.values() if r.author_id == user_id)
        if tickets or replies:
            raise UserStillReferenced(user_id, tickets, replies)
        for ticket in self._state.tickets.values():
            if ticket.assignee_id == user_id:
                ticket.assignee_id = None
        for entry in self._state.activity.values():
            if entry.actor_id == user_id:
                entry.actor_id = None
        self._state.users.pop(user_id, None)
