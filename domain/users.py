"""Users: the people who file tickets, answer them and write notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from domain.errors import InvalidValue
from domain.text import bounded_text

_EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
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


@dataclass(eq=False)
class User:
    """A person known to the helpdesk; identified by id, unique by e-mail."""

    email: Email
    name: str
    created_at: datetime
    id: int | None = field(default=None)

    @classmethod
    def register(cls, *, email: str, name: str, now: datetime) -> User:
        problems = []
        try:
            valid_email = Email(email)
        except InvalidValue as error:
            problems.extend(error.problems)
        try:
            valid_name = bounded_text("name", name, max_length=NAME_MAX_LENGTH)
        except InvalidValue as error:
            problems.extend(error.problems)
        if problems:
            raise InvalidValue(problems)
        return cls(email=valid_email, name=valid_name, created_at=now)

    def rename(self, name: str) -> None:
        self.name = bounded_text("name", name, max_length=NAME_MAX_LENGTH)
