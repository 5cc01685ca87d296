"""Errors raised by use cases, independent of any transport."""

from __future__ import annotations

import math
from datetime import datetime


class ApplicationError(Exception):
    """A use case refused a request."""


class NotFound(ApplicationError):
    """The addressed thing does not exist (or is not visible to the caller)."""

    def __init__(self, kind: str, identifier: object) -> None:
        self.kind = kind
        self.identifier = identifier
        super().__init__(f"{kind} {identifier} does not exist")


class ReferenceNotFound(ApplicationError):
    """A field of the input names something that does not exist."""

    def __init__(self, field: str, kind: str, identifier: object) -> None:
        self.field = field
        self.kind = kind
        self.identifier = identifier
        super().__init__(f"{field}: {kind} {identifier} does not exist")


class Conflict(ApplicationError):
    """The request clashes with the current state of stored data."""


class EmailAlreadyRegistered(Conflict):
    def __init__(self, email: str) -> None:
        self.email = email
        super().__init__(f"a user with e-mail {email} already exists")


class UserStillReferenced(Conflict):
    def __init__(self, user_id: int, tickets: int, replies: int) -> None:
        self.user_id = user_id
        super().__init__(
            f"user {user_id} still has {tickets} ticket(s) and {replies} reply(ies); "
            "delete or reassign them first"
        )


class StaleVersion(ApplicationError):
    """The caller's copy is older than the stored one: nothing was changed."""

    def __init__(
        self, kind: str, identifier: object, expected: int | None, current: int | None
    ) -> None:
        self.kind = kind
        self.identifier = identifier
        self.expected = expected
        self.current = current
        now = f"; it is now at version {current}" if current is not None else ""
        if expected is None:
            message = f"the precondition does not name a version of {kind} {identifier}"
        else:
            message = (
                f"{kind} {identifier} was changed by someone else "
                f"(you had version {expected}{now}); reload it and try again"
            )
        super().__init__(message)


class InvalidCredentials(ApplicationError):
    """E-mail and password do not name an active account (HTTP 401).

    Deliberately the same error whether the account is missing, inactive or
    the password is wrong, so that sign-in does not reveal which accounts exist.
    """

    def __init__(self) -> None:
        super().__init__("the e-mail address or password is not right")


class TooManyAttempts(ApplicationError):
    """Too many failed sign-ins for this account or address (HTTP 429)."""

    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(f"too many failed sign-ins; try again in {retry_after_seconds} seconds")

    @classmethod
    def until(cls, blocked_until: datetime, now: datetime) -> TooManyAttempts:
        """Blocked until `blocked_until`: retry after the whole seconds left, at least one."""
        return cls(max(1, math.ceil((blocked_until - now).total_seconds())))


class WrongPassword(ApplicationError):
    """The current password, asked for to confirm a change of one's own password, is not
    the account's (HTTP 400, on the field `current_password`)."""

    field = "current_password"

    def __init__(self) -> None:
        super().__init__("the current password is not right")


class SignUpClosed(ApplicationError):
    """Self-registration is turned off (HTTP 403)."""

    def __init__(self) -> None:
        super().__init__("sign-up is closed; ask an administrator for an account")


class InvalidCursor(ApplicationError):
    """A pagination cursor that this API did not hand out (or made for another sort order)."""
