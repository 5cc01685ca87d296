from __future__ import annotations

from dataclasses import dataclass

from application.errors import Conflict, NotFound
from application.ports import PasswordHasher, UnitOfWorkFactory
from domain.access import AccessDenied, Actor
from domain.passwords import check_password_strength
from domain.tickets import UNSET
from domain.tickets.changes import Maybe
from domain.users import Role, User, parse_role

OWN_PASSWORD_REFUSAL = (
    "change your own password with POST /api/auth/password, which asks for the current one"
)


@dataclass(frozen=True, slots=True)
class UpdateUser:
    user_id: int
    name: Maybe[str] = UNSET
    role: Maybe[str] = UNSET
    active: Maybe[bool] = UNSET
    password: Maybe[str] = UNSET


class UpdateUserHandler:
    """Change an account.

    - Admins change anyone's name, role and active flag, and the password of any
      account but their own.
    - Everyone may change their own name, nothing else.
    - Nobody sets their own password here, whatever their role: that goes through
      ChangeOwnPasswordHandler (POST /api/auth/password), which asks for the current
      one, so that a signed-in console or a stolen token alone cannot take an account
      over. (The command line's system actor is nobody's account: it sets any password.)
    - The last active admin can be neither demoted nor deactivated, so that
      someone can always manage accounts.
    """

    def __init__(self, uow: UnitOfWorkFactory, hasher: PasswordHasher) -> None:
        self._uow = uow
        self._hasher = hasher

    async def __call__(self, command: UpdateUser, actor: Actor) -> User:
        is_self = command.user_id == actor.user_id
        if is_self and command.password is not UNSET:
            raise AccessDenied(OWN_PASSWORD_REFUSAL)
        if actor.role is not Role.ADMIN:
            if not is_self:
                if actor.is_staff:
                    raise AccessDenied("only admins may change other accounts")
                raise NotFound("user", command.user_id)
            if command.role is not UNSET or command.active is not UNSET:
                raise AccessDenied("only admins may change roles or deactivate accounts")
        async with self._uow() as uow:
            user = await uow.users.get(command.user_id)
            if user is None:
                raise NotFound("user", command.user_id)
            was_active_admin = user.role is Role.ADMIN and user.active
            if command.name is not UNSET:
                user.rename(command.name)
            if command.role is not UNSET:
                user.change_role(parse_role(command.role))
            if command.active is not UNSET:
                if command.active:
                    user.activate()
                else:
                    user.deactivate()
            if command.password is not UNSET:
                check_password_strength(command.password, email=user.email.value)
                user.set_password_hash(await self._hasher.hash(command.password))
            still_active_admin = user.role is Role.ADMIN and user.active
            losing_an_admin = was_active_admin and not still_active_admin
            if losing_an_admin and await uow.users.count_active_admins() <= 1:
                raise Conflict("the last active admin cannot be demoted or deactivated")
            await uow.users.update(user)
            await uow.commit()
        return user
