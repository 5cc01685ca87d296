from __future__ import annotations

from application.account_cache import AccountCache
from application.ports import UnitOfWorkFactory
from domain.access import Actor
from domain.users import User


class AuthenticateHandler:
    """Resolve the account behind a valid token, on every request.

    Returns None for an account that no longer exists or was deactivated, so
    a deactivated account's tokens stop working at once, and a role change
    takes effect on the next request.

    With a cache, an active account found in it is returned without a
    transaction; the cache forgets an account as soon as a change to it
    commits in this process, and other processes' changes reach this one
    within the cache's lifetime (see `application.account_cache`).
    """

    def __init__(self, uow: UnitOfWorkFactory, cache: AccountCache | None = None) -> None:
        self._uow = uow
        self._cache = cache if cache is not None and cache.enabled else None

    async def __call__(self, user_id: int) -> tuple[User, Actor] | None:
        cache = self._cache
        changes_seen = 0
        if cache is not None:
            cached = cache.get(user_id)
            if cached is not None:
                return cached
            changes_seen = cache.changes_seen()
        async with self._uow(read_only=True) as uow:
            user = await uow.users.get(user_id)
        if user is None or not user.active or user.id is None:
            return None
        account = user, Actor(user_id=user.id, role=user.role)
        if cache is not None:
            cache.put(user_id, account, changes_seen)
        return account
