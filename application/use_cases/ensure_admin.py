from __future__ import annotations

from dataclasses import dataclass

from application.errors import EmailAlreadyRegistered
from application.ports import Clock, PasswordHasher, UnitOfWorkFactory
from domain.passwords import check_password_strength
from domain.users import Role, User


@dataclass(frozen=True, slots=True)
class EnsureAdmin:
    email: str
    password: str
    name: str = "Administrator"


class EnsureAdminHandler:
    """On first start, make sure someone can sign in and manage accounts.

    Does nothing when an active admin exists. Otherwise creates the admin
    account from the command, or, when an account with that e-mail already
    exists, promotes and re-activates it with the given password.
    Returns the account and whether anything was done.
    """

    def __init__(self, uow: UnitOfWorkFactory, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    async def __call__(self, command: EnsureAdmin) -> tuple[User | None, bool]:
        async with self._uow() as uow:
            if await uow.users.count_active_admins() > 0:
                return None, False
            check_password_strength(command.password, email=command.email)
            password_hash = await self._hasher.hash(command.password)
            user = User.register(
                email=command.email,
                name=command.name,
                now=self._clock.now(),
                role=Role.ADMIN,
                password_hash=password_hash,
            )
            existing = await uow.users.get_by_email(user.email.value)
            if existing is not None:
                existing.change_role(Role.ADMIN)
                existing.activate()
                existing.set_password_hash(password_hash)
                await uow.users.update(existing)
                user = existing
            else:
                try:
                    await uow.users.add(user)
                except EmailAlreadyRegistered:
                    return None, False
            await uow.commit()
        return user, True
