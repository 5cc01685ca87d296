"""Users: the people who file tickets, answer them and write notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.errors import InvalidValue, ProblemCollector
from domain.text import bounded_text

_EMAIL_PART = r"[^@\s\x00-\x1f\x7f]+"  # no white space, no control characters (NUL included)
_EMAIL_SHAPE = re.compile(rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$")
EMAIL_MAX_LENGTH = 320
NAME_MAX_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Email:
    """An e-mail address, normalised so that one mailbox has one spelling.

    Surrounding white space is removed and the whole address is lower-cased
    (mail providers treat local parts case-insensitively in practice, and two
    accounts differing only in case are always a mistake).
    """

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str):
            raise InvalidValue.single("email", "must be a string")
        normalised = self.value.strip().lower()
        if len(normalised) > EMAIL_MAX_LENGTH:
            raise InvalidValue.single("email", f"must be at most {EMAIL_MAX_LENGTH} characters")
        if not _EMAIL_SHAPE.match(normalised):
            raise InvalidValue.single("email", "is not a valid e-mail address")
        object.__setattr__(self, "value", normalised)

    def __str__(self) -> str:
        return self.value


class Role(StrEnum):
    """What an account may do (see domain/access.py for the rules)."""

    CUSTOMER = "customer"
    AGENT = "agent"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        """Agents and admins work tickets; customers only their own."""
        return self is not Role.CUSTOMER


def parse_role(raw: str | Role) -> Role:
    try:
        return Role(raw)
    except ValueError:
        allowed = ", ".join(role.value for role in Role)
        raise InvalidValue.single("role", f"'{raw}' is not one of: {allowed}") from None


@dataclass(eq=False)
class User:
    """A person known to the helpdesk; identified by id, unique by e-mail.

    An account signs in with its e-mail and a password (stored only as a
    hash) while it is active; a deactivated account keeps its history but can
    no longer act. Accounts without a password (e.g. requesters imported from
    history) cannot sign in until one is set.
    """

    email: Email
    name: str
    created_at: datetime
    id: int | None = field(default=None)
    role: Role = Role.CUSTOMER
    active: bool = True
    password_hash: str | None = field(default=None, repr=False)

    @property
    def can_sign_in(self) -> bool:
        return self.active and self.password_hash is not None

    def deactivate(self) -> None:
        self.active = False

    def activate(self) -> None:
        self.active = True

    def change_role(self, role: str | Role) -> None:
        self.role = parse_role(role)

    def set_password_hash(self, password_hash: str) -> None:
        self.password_hash = password_hash

    @classmethod
    def register(
        cls,
        *,
        email: str,
        name: str,
        now: datetime,
        role: str | Role = Role.CUSTOMER,
        password_hash: str | None = None,
    ) -> User:
        checks = ProblemCollector()
        valid_role = checks.check(parse_role, role)
        valid_email = checks.check(Email, email)
        valid_name = checks.check(bounded_text, "name", name, NAME_MAX_LENGTH)
        checks.raise_if_any()
        return cls(
            email=valid_email,
            name=valid_name,
            created_at=now,
            role=valid_role,
            password_hash=password_hash,
        )

    def rename(self, name: str) -> None:
        self.name = bounded_text("name", name, max_length=NAME_MAX_LENGTH)
