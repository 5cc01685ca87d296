from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from application.errors import Conflict, NotFound, TooManyAttempts, WrongPassword
from application.ports import Clock, PasswordHasher, SignInThrottle, UnitOfWorkFactory
from domain.access import Actor
from domain.errors import FieldProblem, InvalidValue
from domain.passwords import check_password_strength
from domain.users import User

NEW_PASSWORD_FIELD = "new_password"


@dataclass(frozen=True, slots=True)
class ChangeOwnPassword:
    current_password: str
    new_password: str


class ChangeOwnPasswordHandler:
    """The signed-in account changes its own password, proving it knows the current one.

    Rules:
    - the current password is checked as sign-in checks it, and a wrong one counts as a
      failed sign-in of the account (the throttle's "account:<e-mail>" key, shared with
      sign-in): while the account is blocked, or when this failure blocks it, the answer
      is TooManyAttempts without anything changing; otherwise WrongPassword;
    - a right current password clears the account's failures, as a successful sign-in does;
    - the new password must pass the same strength rules as everywhere else (reported on
      the field `new_password`);
    - the new hash is stored in one unit of work, and only if the password was not changed
      meanwhile by anyone (Conflict otherwise). A new hash ends every session issued
      under the old one; the caller is given a new one by the HTTP layer.

    Returns the account as stored, with its new hash.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        throttle: SignInThrottle,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._throttle = throttle
        self._clock = clock

    async def __call__(self, command: ChangeOwnPassword, actor: Actor) -> User:
        now = self._clock.now()
        async with self._uow(read_only=True) as uow:
            user = await uow.users.get(actor.user_id)
        if user is None or user.id is None or not user.active:
            raise NotFound("user", actor.user_id)
        key = f"account:{user.email.value}"
        await self._refuse_if_blocked(key, now)

        # Slow hashing happens outside any writing transaction; the write below re-reads.
        verified_hash = user.password_hash
        matches = verified_hash is not None and await self._hasher.verify(
            command.current_password, verified_hash
        )
        if not matches:
            until = await self._throttle.record_failure(key, now)
            if until is not None:
                raise TooManyAttempts.until(until, now)
            raise WrongPassword()
        await self._throttle.reset(key)

        try:
            check_password_strength(command.new_password, email=user.email.value)
        except InvalidValue as error:
            raise InvalidValue(
                [FieldProblem(NEW_PASSWORD_FIELD, p.message) for p in error.problems]
            ) from None
        new_hash = await self._hasher.hash(command.new_password)

        async with self._uow() as uow:
            stored = await uow.users.get(user.id)
            if stored is None or not stored.active:
                raise NotFound("user", user.id)
            if stored.password_hash != verified_hash:
                raise Conflict("the password was changed meanwhile; sign in again")
            stored.set_password_hash(new_hash)
            await uow.users.update(stored)
            await uow.commit()
        return stored

    async def _refuse_if_blocked(self, key: str, now: datetime) -> None:
        until = await self._throttle.blocked_until(key, now)
        if until is not None:
            raise TooManyAttempts.until(until, now)
