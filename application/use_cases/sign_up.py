from __future__ import annotations

from dataclasses import dataclass

from application.errors import EmailAlreadyRegistered, SignUpClosed
from application.ports import Clock, PasswordHasher, UnitOfWorkFactory
from domain.passwords import check_password_strength
from domain.users import Role, User


@dataclass(frozen=True, slots=True)
class SignUp:
    email: str
    name: str
    password: str


class SignUpHandler:
    """A customer registers themself, when sign-up is open.

    Self-registration only ever creates customer accounts.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, hasher: PasswordHasher, clock: Clock, *, open_: bool
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._open = open_

    @property
    def is_open(self) -> bool:
        """Whether self-registration is allowed (what the sign-in page asks before
        offering it)."""
        return self._open

    async def __call__(self, command: SignUp) -> User:
        if not self._open:
            raise SignUpClosed()
        user = User.register(
            email=command.email, name=command.name, now=self._clock.now(), role=Role.CUSTOMER
        )
        check_password_strength(command.password, email=user.email.value)
        user.set_password_hash(await self._hasher.hash(command.password))
        async with self._uow() as uow:
            if await uow.users.get_by_email(user.email.value) is not None:
                raise EmailAlreadyRegistered(user.email.value)
            await uow.users.add(user)
            await uow.commit()
        return user
