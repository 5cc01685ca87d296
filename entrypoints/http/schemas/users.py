from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from domain.users import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH
from domain.users import User as UserEntity


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(max_length=EMAIL_MAX_LENGTH, examples=["ada@example.com"])]
    name: Annotated[str, msgspec.Meta(max_length=NAME_MAX_LENGTH, examples=["Ada Lovelace"])]


class User(msgspec.Struct):
    id: int
    email: str
    name: str
    created_at: datetime

    @classmethod
    def of(cls, user: UserEntity) -> User:
        assert user.id is not None
        return cls(id=user.id, email=user.email.value, name=user.name, created_at=user.created_at)
