"""What makes a password acceptable."""

from __future__ import annotations

from domain.errors import InvalidValue

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 256


def check_password_strength(password: str, *, email: str | None = None) -> str:
    """Return the password if it may be used; raise InvalidValue('password') otherwise.

    At least 8 characters (and at most 256, to bound hashing cost), not made of
    one repeated character, and not the account's own e-mail address.
    """
    if not isinstance(password, str):
        raise InvalidValue.single("password", "must be a string")
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidValue.single(
            "password", f"must have at least {PASSWORD_MIN_LENGTH} characters"
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise InvalidValue.single("password", f"must have at most {PASSWORD_MAX_LENGTH} characters")
    if "\x00" in password:
        raise InvalidValue.single("password", "must not contain NUL characters")
    if len(set(password)) == 1:
        raise InvalidValue.single("password", "must not be one repeated character")
    if email and password.strip().lower() == email.strip().lower():
        raise InvalidValue.single("password", "must not be the e-mail address")
    return password
