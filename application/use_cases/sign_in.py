from __future__ import annotations

from dataclasses import dataclass

from application.errors import InvalidCredentials, TooManyAttempts
from application.ports import Clock, PasswordHasher, SignInThrottle, UnitOfWorkFactory
from domain.errors import InvalidValue
from domain.users import Email, User

# Verified against when the account does not exist, so that a missing account
# costs as much time as a wrong password and timing reveals nothing.
_DECOY_PASSWORD = "decoy password that matches nothing"


@dataclass(frozen=True, slots=True)
class SignIn:
    email: str
    password: str
    client: str = "unknown"


class SignInHandler:
    """Check an e-mail and password; return the active account they name.

    Rules:
    - failures are counted per account and per client address; once either
      is blocked, sign-in answers TooManyAttempts (with when to retry) without
      checking the password;
    - a missing account, an inactive one, one without a password and a wrong
      password all give the same InvalidCredentials;
    - a success clears the account's failures and upgrades an outdated hash;
      the account returned carries the hash as stored (the upgraded one).
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
        self._decoy_hash: str | None = None

    async def __call__(self, command: SignIn) -> User:
        now = self._clock.now()
        try:
            email = Email(command.email).value
        except InvalidValue:
            email = command.email.strip().lower()[:320]
        keys = (f"account:{email}", f"client:{command.client}")
        for key in keys:
            until = await self._throttle.blocked_until(key, now)
            if until is not None:
                raise TooManyAttempts.until(until, now)

        async with self._uow(read_only=True) as uow:
            user = await uow.users.get_by_email(email)
        password_hash = user.password_hash if user and user.password_hash else await self._decoy()
        matches = await self._hasher.verify(command.password, password_hash)
        if user is None or not user.can_sign_in or not matches:
            blocked = [await self._throttle.record_failure(key, now) for key in keys]
            until = max((b for b in blocked if b is not None), default=None)
            if until is not None:
                raise TooManyAttempts.until(until, now)
            raise InvalidCredentials()

        await self._throttle.reset(keys[0])
        if self._hasher.needs_rehash(password_hash):
            await self._rehash(user, command.password)
        return user

    async def _decoy(self) -> str:
        """A hash to check unknown accounts against, so they take as long as known ones."""
        if self._decoy_hash is None:
            self._decoy_hash = await self._hasher.hash(_DECOY_PASSWORD)
        return self._decoy_hash

    async def _rehash(self, user: User, password: str) -> None:
        assert user.id is not None
        async with self._uow() as uow:
            stored = await uow.users.get(user.id)
            if stored is None:
                return
            upgraded = await self._hasher.hash(password)
            stored.set_password_hash(upgraded)
            await uow.users.update(stored)
            await uow.commit()
        user.set_password_hash(upgraded)
