from __future__ import annotations

from dataclasses import dataclass

from application.errors import EmailAlreadyRegistered
from application.ports import Clock, PasswordHasher, UnitOfWorkFactory
from domain.access import AccessDenied, Actor
from domain.passwords import check_password_strength
from domain.users import Role, User, parse_role


@dataclass(frozen=True, slots=True)
class RegisterUser:
    email: str
    name: str
    role: str = Role.CUSTOMER.value
    password: str | None = None


class RegisterUserHandler:
    """Create an account on someone's behalf. E-mail addresses are unique once normalised.

    - Admins create accounts of any role, with or without a password.
    - Agents may add customers (requesters they file tickets for) but cannot
      give them a password: only admins and the customers themselves can.
    - Customers cannot create accounts (they sign up instead).
    An account without a password cannot sign in until one is set.
    """

    def __init__(self, uow: UnitOfWorkFactory, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    async def __call__(self, command: RegisterUser, actor: Actor) -> User:
        actor.must_be_staff("add users")
        role = parse_role(command.role)
        if actor.role is not Role.ADMIN and (role is not Role.CUSTOMER or command.password):
            raise AccessDenied("agents may only add customers, without a password")
        user = User.register(
            email=command.email, name=command.name, now=self._clock.now(), role=role
        )
        if command.password is not None:
            check_password_strength(command.password, email=user.email.value)
            user.set_password_hash(await self._hasher.hash(command.password))
        async with self._uow() as uow:
            if await uow.users.get_by_email(user.email.value) is not None:
                raise EmailAlreadyRegistered(user.email.value)
            await uow.users.add(user)
            await uow.commit()
        return user
