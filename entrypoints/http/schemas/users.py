from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from domain.passwords import PASSWORD_MAX_LENGTH
from domain.tickets import UNSET as DOMAIN_UNSET
from domain.users import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, Role
from domain.users import User as UserEntity

Email = Annotated[str, msgspec.Meta(max_length=EMAIL_MAX_LENGTH, examples=["ada@example.com"])]
Name = Annotated[str, msgspec.Meta(max_length=NAME_MAX_LENGTH, examples=["Ada Lovelace"])]
Password = Annotated[
    str,
    msgspec.Meta(
        max_length=PASSWORD_MAX_LENGTH,
        description="At least 8 characters, not one repeated character, not the e-mail",
    ),
]


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    """Admins create any account; agents only customers, without a password."""

    email: Email
    name: Name
    role: Role = Role.CUSTOMER
    password: Password | None = None


class UserUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields present change. Role and active are for admins only."""

    name: Name | UnsetType = UNSET
    role: Role | UnsetType = UNSET
    active: bool | UnsetType = UNSET
    password: Password | UnsetType = UNSET

    def given(self) -> dict[str, object]:
        return {
            name: getattr(self, name) if getattr(self, name) is not UNSET else DOMAIN_UNSET
            for name in self.__struct_fields__
        }


class User(msgspec.Struct):
    id: int
    email: str
    name: str
    role: Role
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, user: UserEntity) -> User:
        assert user.id is not None
        return cls(
            id=user.id,
            email=user.email.value,
            name=user.name,
            role=user.role,
            active=user.active,
            created_at=user.created_at,
        )


class SignInJson(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(max_length=EMAIL_MAX_LENGTH)]
    password: Annotated[str, msgspec.Meta(max_length=PASSWORD_MAX_LENGTH)]


class SignUpRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    name: Name
    password: Password


class ChangePasswordRequest(msgspec.Struct, forbid_unknown_fields=True):
    current_password: Annotated[
        str,
        msgspec.Meta(max_length=PASSWORD_MAX_LENGTH, description="The account's password now"),
    ]
    new_password: Password


class AuthOptions(msgspec.Struct):
    signup_open: Annotated[
        bool,
        msgspec.Meta(description="Whether POST /api/auth/signup registers customers"),
    ]


class AccessToken(msgspec.Struct):
    access_token: str
    token_type: str
    expires_in: Annotated[int, msgspec.Meta(description="Seconds until the token expires")]
