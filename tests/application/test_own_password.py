"""Changing one's own password: the current one is asked for, and a wrong one counts as a
failed sign-in (application/use_cases/change_own_password.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.errors import (
    Conflict,
    InvalidCredentials,
    NotFound,
    TooManyAttempts,
    WrongPassword,
)
from application.use_cases.change_own_password import ChangeOwnPassword, ChangeOwnPasswordHandler
from application.use_cases.sign_in import SignIn, SignInHandler
from application.use_cases.update_user import UpdateUser
from domain.access import Actor
from domain.errors import InvalidValue
from tests.application.conftest import actor_of
from tests.fakes import CHEAP_HASHER, FixedClock

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a fresh staple of words"
EMAIL = "ada@example.com"


@pytest.fixture
def frozen() -> FixedClock:
    return FixedClock()


@pytest.fixture
def change(helpdesk, frozen) -> ChangeOwnPasswordHandler:
    return ChangeOwnPasswordHandler(helpdesk.uow, CHEAP_HASHER, helpdesk.throttle, frozen)


@pytest.fixture
def sign_in(helpdesk, frozen) -> SignInHandler:
    return SignInHandler(helpdesk.uow, CHEAP_HASHER, helpdesk.throttle, frozen)


@pytest.fixture
async def ada(helpdesk):
    return await helpdesk.user("Ada", EMAIL, role="agent", password=PASSWORD)


async def _hash_of(helpdesk, user_id: int) -> str:
    return (await helpdesk.get_user(user_id)).password_hash


async def test_the_right_current_password_sets_the_new_one(helpdesk, change, sign_in, ada):
    before = await _hash_of(helpdesk, ada.id)

    changed = await change(ChangeOwnPassword(PASSWORD, NEW_PASSWORD), actor_of(ada))

    stored = await helpdesk.get_user(ada.id)
    assert changed.id == ada.id and changed.password_hash == stored.password_hash != before
    assert (stored.name, stored.role, stored.active) == (ada.name, ada.role, True)
    assert await CHEAP_HASHER.verify(NEW_PASSWORD, stored.password_hash)
    with pytest.raises(InvalidCredentials):
        await sign_in(SignIn(EMAIL, PASSWORD))
    assert (await sign_in(SignIn(EMAIL, NEW_PASSWORD))).id == ada.id


@pytest.mark.parametrize("current", ["not my password", "", NEW_PASSWORD, PASSWORD.upper()])
async def test_a_wrong_current_password_changes_nothing(helpdesk, change, ada, current):
    before = await _hash_of(helpdesk, ada.id)
    with pytest.raises(WrongPassword) as wrong:
        await change(ChangeOwnPassword(current, NEW_PASSWORD), actor_of(ada))
    assert wrong.value.field == "current_password"
    assert await _hash_of(helpdesk, ada.id) == before


async def test_an_account_without_a_password_has_no_current_one(helpdesk, change):
    walk_in = await helpdesk.user("Walk-in")  # added by an agent: no password yet
    with pytest.raises(WrongPassword):
        await change(ChangeOwnPassword("", NEW_PASSWORD), actor_of(walk_in))
    assert (await helpdesk.get_user(walk_in.id)).password_hash is None


@pytest.mark.parametrize("new", ["short", "aaaaaaaaaaaa", EMAIL, " ADA@example.com ", "x" * 257])
async def test_a_weak_new_password_is_refused_on_its_field(helpdesk, change, ada, new):
    before = await _hash_of(helpdesk, ada.id)
    with pytest.raises(InvalidValue) as error:
        await change(ChangeOwnPassword(PASSWORD, new), actor_of(ada))
    assert [p.field for p in error.value.problems] == ["new_password"]
    assert await _hash_of(helpdesk, ada.id) == before


async def test_wrong_current_passwords_count_as_failed_sign_ins(
    helpdesk, change, sign_in, frozen, ada
):
    for _ in range(4):
        with pytest.raises(WrongPassword):
            await change(ChangeOwnPassword("guess", NEW_PASSWORD), actor_of(ada))
    # The fifth failure blocks the account, as at sign-in...
    with pytest.raises(TooManyAttempts) as blocked:
        await change(ChangeOwnPassword("guess", NEW_PASSWORD), actor_of(ada))
    assert blocked.value.retry_after_seconds == 15 * 60
    # ...for the password change even with the right password, and for sign-in.
    frozen.advance(timedelta(minutes=5))
    with pytest.raises(TooManyAttempts) as still:
        await change(ChangeOwnPassword(PASSWORD, NEW_PASSWORD), actor_of(ada))
    assert still.value.retry_after_seconds == 10 * 60
    with pytest.raises(TooManyAttempts):
        await sign_in(SignIn(EMAIL, PASSWORD, client="elsewhere"))
    assert await CHEAP_HASHER.verify(PASSWORD, await _hash_of(helpdesk, ada.id))

    frozen.advance(timedelta(minutes=10))
    await change(ChangeOwnPassword(PASSWORD, NEW_PASSWORD), actor_of(ada))
    assert (await sign_in(SignIn(EMAIL, NEW_PASSWORD))).id == ada.id


async def test_failed_sign_ins_and_wrong_current_passwords_share_one_count(
    helpdesk, change, sign_in, ada
):
    for attempt in range(4):
        with pytest.raises(InvalidCredentials):
            await sign_in(SignIn(EMAIL, "guess", client=f"10.0.0.{attempt}"))
    with pytest.raises(TooManyAttempts):
        await change(ChangeOwnPassword("guess", NEW_PASSWORD), actor_of(ada))


async def test_the_right_current_password_forgets_earlier_failures(helpdesk, change, ada):
    for _ in range(4):
        with pytest.raises(WrongPassword):
            await change(ChangeOwnPassword("guess", NEW_PASSWORD), actor_of(ada))
    await change(ChangeOwnPassword(PASSWORD, NEW_PASSWORD), actor_of(ada))
    for _ in range(4):  # a new count: four more failures are merely wrong
        with pytest.raises(WrongPassword):
            await change(ChangeOwnPassword("guess", PASSWORD), actor_of(ada))


async def test_a_weak_new_password_with_a_wrong_current_one_is_a_wrong_password(
    helpdesk, change, ada
):
    with pytest.raises(WrongPassword):
        await change(ChangeOwnPassword("guess", "short"), actor_of(ada))


async def test_a_password_set_meanwhile_wins(helpdesk, change, ada):
    """An admin (or another browser) sets the password between the check and the write."""

    class SlowHasher:
        async def verify(self, password: str, password_hash: str) -> bool:
            matches = await CHEAP_HASHER.verify(password, password_hash)
            await helpdesk.update_user(UpdateUser(ada.id, password="set by the admin"))
            return matches

        def __getattr__(self, name: str):
            return getattr(CHEAP_HASHER, name)

    racing = ChangeOwnPasswordHandler(helpdesk.uow, SlowHasher(), helpdesk.throttle, FixedClock())
    with pytest.raises(Conflict):
        await racing(ChangeOwnPassword(PASSWORD, NEW_PASSWORD), actor_of(ada))
    assert await CHEAP_HASHER.verify("set by the admin", await _hash_of(helpdesk, ada.id))


async def test_an_actor_without_an_account_changes_nothing(helpdesk, change, ada):
    with pytest.raises(NotFound):
        await change(ChangeOwnPassword(PASSWORD, NEW_PASSWORD), Actor(ada.id + 100, ada.role))
