"""Access tokens: the one place that issues them, for sign-in and for renewal.

A token is a JWT (HS256, Litestar's `Token`): `sub` (the account id), `iat`, `exp`, and
two extras:
- `auth_time`: when the password was checked (epoch seconds); a renewed token keeps the
  sign-in's value, so renewal slides the expiry but never the start of the session;
- `cred`: a stamp of the account's password hash when the token was issued
  (HMAC-SHA256 under the signing key, the first 16 hex digits; the hash itself never
  leaves the server). Any change of the hash — a new password set by anyone, by any path
  — makes the stamps of all earlier tokens stale, and they are refused.

No token, first or renewed, expires later than `auth_time` + SESSION_MAX_HOURS, nor later
than ACCESS_TOKEN_EXPIRE_MINUTES after it was issued.

Tokens issued before these extras existed carry neither: they are valid until their
expiry, and their `iat` stands for `auth_time` when they are renewed.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.security.jwt import OAuth2PasswordBearerAuth, Token

from domain.users import User

CREDENTIAL_STAMP_LENGTH = 16


class SessionTooOld(Exception):
    """Renewal refused: the session began more than SESSION_MAX_HOURS ago."""


def credential_stamp(secret_key: str, password_hash: str | None) -> str:
    """What a token carries (`cred`) to show which password it was issued under."""
    digest = hmac.new(secret_key.encode(), (password_hash or "").encode(), hashlib.sha256)
    return digest.hexdigest()[:CREDENTIAL_STAMP_LENGTH]


@dataclass(frozen=True, slots=True)
class IssuedToken:
    access_token: str
    expires_in: int
    """Seconds from issue to expiry: the real remaining lifetime."""


class SessionTokens:
    def __init__(
        self, auth: OAuth2PasswordBearerAuth[Any, Token], *, lifetime: timedelta, max_age: timedelta
    ) -> None:
        self._auth = auth
        self._lifetime = int(lifetime.total_seconds())
        self._max_age = int(max_age.total_seconds())

    def sign_in(self, user: User, *, now: float | None = None) -> IssuedToken:
        """The token for an account whose password was just checked."""
        at = _seconds(now)
        return self._issue(user, auth_time=at, now=at)

    def renew(self, token: Token, user: User, *, now: float | None = None) -> IssuedToken:
        """A new token for the session `token` belongs to (already accepted for `user`).

        Raises SessionTooOld once the session is SESSION_MAX_HOURS old.
        """
        at = _seconds(now)
        auth_time = self.auth_time_of(token)
        if at >= auth_time + self._max_age:
            hours = self._max_age // 3600
            raise SessionTooOld(
                f"the session began more than {hours} hour{'s' if hours != 1 else ''} ago: "
                "sign in again"
            )
        return self._issue(user, auth_time=auth_time, now=at)

    def speaks_for(self, token: Token, user: User) -> bool:
        """Whether a valid token still stands for `user`: its `cred` (when it has one)
        matches the account's current password hash."""
        auth_time = token.extras.get("auth_time")
        if auth_time is not None and not _is_epoch(auth_time):
            return False
        cred = token.extras.get("cred")
        if cred is None:
            return True  # issued before credential stamps: valid until it expires
        if not isinstance(cred, str):
            return False
        return hmac.compare_digest(cred, self._stamp(user))

    @staticmethod
    def auth_time_of(token: Token) -> int:
        """When the session's password was checked; `iat` for tokens without `auth_time`."""
        auth_time = token.extras.get("auth_time")
        if _is_epoch(auth_time):
            return int(auth_time)
        return int(token.iat.timestamp())

    def _stamp(self, user: User) -> str:
        return credential_stamp(self._auth.token_secret, user.password_hash)

    def _issue(self, user: User, *, auth_time: int, now: int) -> IssuedToken:
        expires = min(now + self._lifetime, auth_time + self._max_age)
        token = self._auth.token_cls(
            sub=str(user.id),
            iat=datetime.fromtimestamp(now, UTC),
            exp=datetime.fromtimestamp(expires, UTC),
            extras={"auth_time": auth_time, "cred": self._stamp(user)},
        )
        encoded = token.encode(secret=self._auth.token_secret, algorithm=self._auth.algorithm)
        return IssuedToken(access_token=encoded, expires_in=expires - now)


def _seconds(now: float | None) -> int:
    return int(time.time() if now is None else now)


def _is_epoch(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
