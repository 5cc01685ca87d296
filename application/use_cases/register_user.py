from __future__ import annotations

from dataclasses import dataclass

from application.errors import EmailAlreadyRegistered
from application.ports import Clock, UnitOfWorkFactory
from domain.users import User


@dataclass(frozen=True, slots=True)
class RegisterUser:
    email: str
    name: str


class RegisterUserHandler:
    """Register a user. E-mail addresses are unique once normalised."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: RegisterUser) -> User:
        user = User.register(email=command.email, name=command.name, now=self._clock.now())
        async with self._uow() as uow:
            if await uow.users.get_by_email(user.email.value) is not None:
                raise EmailAlreadyRegistered(user.email.value)
            await uow.users.add(user)
            await uow.commit()
        return user
