"""Accounts: creating, changing and deleting them, signing in and up, the first admin."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.passwords import Argon2PasswordHasher
from application.errors import (
    Conflict,
    EmailAlreadyRegistered,
    InvalidCredentials,
    NotFound,
    SignUpClosed,
    TooManyAttempts,
)
from application.queries import MAX_PAGE_SIZE
from application.use_cases.ensure_admin import EnsureAdmin
from application.use_cases.register_user import RegisterUser
from application.use_cases.sign_in import SignIn, SignInHandler
from application.use_cases.sign_up import SignUp, SignUpHandler
from application.use_cases.update_user import UpdateUser
from domain.access import AccessDenied, Actor
from domain.errors import InvalidValue
from domain.users import Role
from tests.fakes import CHEAP_HASHER, FixedClock

PASSWORD = "correct horse battery"


# --- creating accounts ---------------------------------------------------------------------


async def test_an_admin_creates_any_role_with_a_hashed_password(helpdesk):
    agent = await helpdesk.user("Agent", role="agent", password=PASSWORD)
    assert agent.role is Role.AGENT and agent.active
    stored = await helpdesk.get_user(agent.id)
    assert stored.password_hash and PASSWORD not in stored.password_hash
    assert await CHEAP_HASHER.verify(PASSWORD, stored.password_hash)
    assert (await helpdesk.user(role="customer")).password_hash is None


@pytest.mark.parametrize(
    ("role", "password"), [("agent", None), ("admin", None), ("customer", PASSWORD)]
)
async def test_agents_add_only_customers_without_a_password(helpdesk, role, password):
    agent = await helpdesk.agent()
    command = RegisterUser(email="new@example.com", name="New", role=role, password=password)
    with pytest.raises(AccessDenied):
        await helpdesk.register_user(command, actor=agent)
    assert len(helpdesk.stored_state().users) == 1
    added = await helpdesk.register_user(
        RegisterUser(email="new@example.com", name="New"), actor=agent
    )
    assert (added.role, added.password_hash) == (Role.CUSTOMER, None)


async def test_customers_create_no_accounts(helpdesk):
    customer = await helpdesk.user()
    with pytest.raises(AccessDenied):
        await helpdesk.register_user(RegisterUser(email="x@example.com", name="X"), actor=customer)


@pytest.mark.parametrize(
    "password", ["short", "aaaaaaaaaaaa", "boss@example.com", " BOSS@example.com ", "x" * 257]
)
async def test_a_weak_password_is_refused_naming_password(helpdesk, password):
    command = RegisterUser(email="boss@example.com", name="Boss", role="admin", password=password)
    with pytest.raises(InvalidValue) as error:
        await helpdesk.register_user(command)
    assert [p.field for p in error.value.problems] == ["password"]
    assert helpdesk.stored_state().users == {}


async def test_an_unknown_role_names_the_field(helpdesk):
    with pytest.raises(InvalidValue) as error:
        await helpdesk.register_user(RegisterUser(email="x@example.com", name="X", role="root"))
    assert [p.field for p in error.value.problems] == ["role"]


# --- changing accounts ---------------------------------------------------------------------


async def test_everyone_changes_their_own_name(helpdesk):
    customer = await helpdesk.user("Old", password=PASSWORD)
    changed = await helpdesk.update_user(UpdateUser(customer.id, name=" New "), actor=customer)
    assert changed.name == "New"
    assert await CHEAP_HASHER.verify(PASSWORD, changed.password_hash)
    assert (changed.role, changed.active) == (Role.CUSTOMER, True)


@pytest.mark.parametrize("role", ["customer", "agent", "admin"])
async def test_nobody_sets_their_own_password_here(helpdesk, role):
    """Their own password is changed with the current one (ChangeOwnPasswordHandler)."""
    user = await helpdesk.user("Old", role=role, password=PASSWORD)
    with pytest.raises(AccessDenied) as refused:
        await helpdesk.update_user(
            UpdateUser(user.id, name="New", password="a new passphrase"), actor=user
        )
    assert "POST /api/auth/password" in str(refused.value)
    stored = await helpdesk.get_user(user.id)
    assert stored.name == "Old" and await CHEAP_HASHER.verify(PASSWORD, stored.password_hash)


async def test_admins_set_other_accounts_passwords(helpdesk):
    admin = await helpdesk.user("Admin", role="admin", password=PASSWORD)
    for role in ("customer", "agent", "admin"):
        user = await helpdesk.user(role=role, password=PASSWORD)
        changed = await helpdesk.update_user(
            UpdateUser(user.id, password="set by an admin"), actor=admin
        )
        assert await CHEAP_HASHER.verify("set by an admin", changed.password_hash)


@pytest.mark.parametrize("change", [{"role": "admin"}, {"active": False}, {"role": "customer"}])
async def test_nobody_changes_their_own_role_or_active_flag(helpdesk, change):
    for user in (await helpdesk.user(), await helpdesk.agent()):
        with pytest.raises(AccessDenied):
            await helpdesk.update_user(UpdateUser(user.id, **change), actor=user)
        stored = await helpdesk.get_user(user.id)
        assert (stored.role, stored.active) == (user.role, True)


async def test_other_accounts_are_forbidden_to_agents_and_invisible_to_customers(helpdesk):
    agent, customer, other = await helpdesk.agent(), await helpdesk.user(), await helpdesk.user()
    with pytest.raises(AccessDenied):
        await helpdesk.update_user(UpdateUser(other.id, name="Hacked"), actor=agent)
    with pytest.raises(NotFound):
        await helpdesk.update_user(UpdateUser(other.id, name="Hacked"), actor=customer)
    assert (await helpdesk.get_user(other.id)).name == other.name


async def test_admins_change_roles_and_deactivate(helpdesk):
    admin = await helpdesk.user("Admin", role="admin")
    user = await helpdesk.user()
    promoted = await helpdesk.update_user(UpdateUser(user.id, role="agent"), actor=admin)
    assert promoted.role is Role.AGENT
    gone = await helpdesk.update_user(UpdateUser(user.id, active=False), actor=admin)
    assert gone.active is False
    back = await helpdesk.update_user(UpdateUser(user.id, active=True), actor=admin)
    assert back.active is True


@pytest.mark.parametrize("change", [{"role": "agent"}, {"active": False}])
async def test_the_last_active_admin_stays(helpdesk, change):
    admin = await helpdesk.user("Admin", role="admin")
    inactive = await helpdesk.user("Former admin", role="admin")
    await helpdesk.update_user(UpdateUser(inactive.id, active=False), actor=admin)

    with pytest.raises(Conflict):
        await helpdesk.update_user(UpdateUser(admin.id, **change), actor=admin)
    stored = await helpdesk.get_user(admin.id)
    assert (stored.role, stored.active) == (Role.ADMIN, True)

    second = await helpdesk.user("Second", role="admin")
    await helpdesk.update_user(UpdateUser(admin.id, **change), actor=second)
    with pytest.raises(Conflict):
        await helpdesk.update_user(UpdateUser(second.id, **change), actor=second)


async def test_a_weak_new_password_changes_nothing(helpdesk):
    user = await helpdesk.user(password=PASSWORD)
    with pytest.raises(InvalidValue) as error:
        await helpdesk.update_user(UpdateUser(user.id, name="New", password="short"))
    assert [p.field for p in error.value.problems] == ["password"]
    stored = await helpdesk.get_user(user.id)
    assert stored.name == user.name and await CHEAP_HASHER.verify(PASSWORD, stored.password_hash)


# --- deleting accounts ---------------------------------------------------------------------


async def test_only_admins_delete_accounts(helpdesk):
    user = await helpdesk.user()
    for actor in (await helpdesk.agent(), user):
        with pytest.raises(AccessDenied):
            await helpdesk.delete_user(user.id, actor=actor)
    assert user.id in helpdesk.stored_state().users


async def test_the_last_active_admin_cannot_be_deleted(helpdesk):
    admin = await helpdesk.user("Admin", role="admin")
    with pytest.raises(Conflict):
        await helpdesk.delete_user(admin.id, actor=admin)
    assert admin.id in helpdesk.stored_state().users
    other = await helpdesk.user("Other admin", role="admin")
    await helpdesk.delete_user(admin.id, actor=other)
    assert admin.id not in helpdesk.stored_state().users


# --- signing in ----------------------------------------------------------------------------


@pytest.fixture
def frozen() -> FixedClock:
    return FixedClock()


@pytest.fixture
def sign_in(helpdesk, frozen) -> SignInHandler:
    return SignInHandler(helpdesk.uow, CHEAP_HASHER, helpdesk.throttle, frozen)


async def test_sign_in_returns_the_account_for_any_spelling_of_its_email(helpdesk, sign_in):
    user = await helpdesk.user(email="ada@example.com", password=PASSWORD)
    found = await sign_in(SignIn(" ADA@Example.com ", PASSWORD))
    assert found.id == user.id


async def test_every_failed_sign_in_is_the_same_error(helpdesk, sign_in):
    await helpdesk.user(email="ok@example.com", password=PASSWORD)
    gone = await helpdesk.user(email="gone@example.com", password=PASSWORD)
    await helpdesk.update_user(UpdateUser(gone.id, active=False))
    await helpdesk.user(email="nopass@example.com")
    messages = set()
    for email, password in [
        ("ok@example.com", "wrong password"),
        ("nobody@example.com", PASSWORD),
        ("gone@example.com", PASSWORD),
        ("nopass@example.com", PASSWORD),
        ("nopass@example.com", ""),
        ("not an email", PASSWORD),
    ]:
        with pytest.raises(InvalidCredentials) as error:
            await sign_in(SignIn(email, password, client=email))
        messages.add(str(error.value))
    assert len(messages) == 1


async def test_five_failures_block_an_account_even_for_the_right_password(
    helpdesk, sign_in, frozen
):
    await helpdesk.user(email="ada@example.com", password=PASSWORD)
    for attempt in range(4):
        with pytest.raises(InvalidCredentials):
            await sign_in(SignIn("ada@example.com", "wrong", client=f"10.0.0.{attempt}"))
    with pytest.raises(TooManyAttempts) as blocked:
        await sign_in(SignIn("ADA@example.com", "wrong", client="10.0.0.9"))
    assert blocked.value.retry_after_seconds == 15 * 60
    frozen.advance(timedelta(minutes=5))
    with pytest.raises(TooManyAttempts) as still:
        await sign_in(SignIn("ada@example.com", PASSWORD, client="10.1.1.1"))
    assert still.value.retry_after_seconds == 10 * 60

    frozen.advance(timedelta(minutes=10))
    assert await sign_in(SignIn("ada@example.com", PASSWORD, client="10.1.1.1"))


async def test_many_failures_from_one_address_block_it_for_every_account(helpdesk, sign_in, frozen):
    await helpdesk.user(email="ada@example.com", password=PASSWORD)
    for number in range(19):
        with pytest.raises(InvalidCredentials):
            await sign_in(SignIn(f"guess{number}@example.com", "x", client="6.6.6.6"))
    with pytest.raises(TooManyAttempts):
        await sign_in(SignIn("guess99@example.com", "x", client="6.6.6.6"))
    with pytest.raises(TooManyAttempts):
        await sign_in(SignIn("ada@example.com", PASSWORD, client="6.6.6.6"))
    assert await sign_in(SignIn("ada@example.com", PASSWORD, client="7.7.7.7"))


async def test_a_success_forgets_the_accounts_failures(helpdesk, sign_in, frozen):
    await helpdesk.user(email="ada@example.com", password=PASSWORD)
    for round_ in range(3):
        for _ in range(4):
            with pytest.raises(InvalidCredentials):
                await sign_in(SignIn("ada@example.com", "wrong", client=f"round{round_}"))
        assert await sign_in(SignIn("ada@example.com", PASSWORD, client=f"round{round_}"))


async def test_failures_older_than_the_window_are_forgotten(helpdesk, sign_in, frozen):
    await helpdesk.user(email="ada@example.com", password=PASSWORD)
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await sign_in(SignIn("ada@example.com", "wrong"))
    frozen.advance(timedelta(minutes=15))
    with pytest.raises(InvalidCredentials):  # a new window: the first failure again
        await sign_in(SignIn("ada@example.com", "wrong"))


async def test_an_outdated_hash_is_upgraded_at_sign_in(helpdesk, sign_in):
    older = Argon2PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1)
    user = await helpdesk.user(email="ada@example.com")
    await helpdesk.update_user(UpdateUser(user.id, password=PASSWORD))
    async with helpdesk.uow() as uow:
        stored = await uow.users.get(user.id)
        stored.set_password_hash(await older.hash(PASSWORD))
        await uow.users.update(stored)
        await uow.commit()
    assert CHEAP_HASHER.needs_rehash(await older.hash(PASSWORD))

    signed_in = await sign_in(SignIn("ada@example.com", PASSWORD))

    upgraded = (await helpdesk.get_user(user.id)).password_hash
    assert not CHEAP_HASHER.needs_rehash(upgraded)
    assert await CHEAP_HASHER.verify(PASSWORD, upgraded)
    # The account answered is as stored: its tokens are stamped with the upgraded hash.
    assert signed_in.password_hash == upgraded


# --- signing up ----------------------------------------------------------------------------


async def test_sign_up_creates_a_customer_who_can_sign_in(helpdesk, sign_in):
    user = await helpdesk.sign_up(SignUp(" New@Example.com ", "New", PASSWORD))
    assert (user.email.value, user.role) == ("new@example.com", Role.CUSTOMER)
    assert (await sign_in(SignIn("new@example.com", PASSWORD))).id == user.id


async def test_sign_up_refuses_weak_passwords_and_taken_addresses(helpdesk):
    with pytest.raises(InvalidValue) as error:
        await helpdesk.sign_up(SignUp("new@example.com", "New", "new@example.com"))
    assert [p.field for p in error.value.problems] == ["password"]
    await helpdesk.user(email="taken@example.com")
    with pytest.raises(EmailAlreadyRegistered):
        await helpdesk.sign_up(SignUp("TAKEN@example.com", "Again", PASSWORD))
    assert len(helpdesk.stored_state().users) == 1


async def test_closed_sign_up_creates_nothing(helpdesk):
    closed = SignUpHandler(helpdesk.uow, CHEAP_HASHER, helpdesk.clock, open_=False)
    with pytest.raises(SignUpClosed):
        await closed(SignUp("new@example.com", "New", PASSWORD))
    assert helpdesk.stored_state().users == {}


# --- the first admin -----------------------------------------------------------------------


async def test_ensure_admin_creates_one_admin_once(helpdesk, sign_in):
    user, created = await helpdesk.ensure_admin(EnsureAdmin("root@example.com", PASSWORD))
    assert created and user.role is Role.ADMIN
    assert (await sign_in(SignIn("root@example.com", PASSWORD))).id == user.id

    again, created_again = await helpdesk.ensure_admin(EnsureAdmin("other@example.com", PASSWORD))
    assert (again, created_again) == (None, False)
    assert len(helpdesk.stored_state().users) == 1


async def test_ensure_admin_promotes_the_account_with_that_email(helpdesk, sign_in):
    existing = await helpdesk.user(email="root@example.com")
    await helpdesk.update_user(UpdateUser(existing.id, active=False))
    user, created = await helpdesk.ensure_admin(EnsureAdmin("ROOT@example.com", PASSWORD))
    assert created and user.id == existing.id
    assert (user.role, user.active) == (Role.ADMIN, True)
    assert (await sign_in(SignIn("root@example.com", PASSWORD))).id == existing.id


async def test_an_inactive_admin_does_not_count(helpdesk):
    admin = await helpdesk.user(role="admin")
    await helpdesk.user(role="admin", email="second@example.com")
    await helpdesk.update_user(
        UpdateUser(admin.id, active=False), actor=Actor(admin.id, Role.ADMIN)
    )
    async with helpdesk.uow() as uow:
        second = await uow.users.get_by_email("second@example.com")
        second.deactivate()
        await uow.users.update(second)
        await uow.commit()
    _, created = await helpdesk.ensure_admin(EnsureAdmin("root@example.com", PASSWORD))
    assert created


async def test_ensure_admin_refuses_a_weak_password(helpdesk):
    with pytest.raises(InvalidValue):
        await helpdesk.ensure_admin(EnsureAdmin("root@example.com", "root"))
    assert helpdesk.stored_state().users == {}


async def test_deleting_an_assignee_unassigns_every_ticket_as_a_change_by_the_admin(helpdesk):
    """More tickets than one page of the list: all are unassigned, each with a new
    version and an activity entry, in the deleting transaction."""
    requester, agent, keeper = (
        await helpdesk.user(),
        await helpdesk.agent("Leaver"),
        await helpdesk.agent("Keeper"),
    )
    admin = await helpdesk.user("Admin", role="admin")
    assigned = [
        await helpdesk.ticket(requester, assignee_id=agent.id) for _ in range(MAX_PAGE_SIZE + 5)
    ]
    kept = await helpdesk.ticket(requester, assignee_id=keeper.id)

    await helpdesk.delete_user(agent.id, actor=admin)

    state = helpdesk.stored_state()
    for ticket in assigned:
        stored = state.tickets[ticket.id]
        assert (stored.assignee_id, stored.version) == (None, ticket.version + 1)
        last = [a for a in state.activity.values() if a.ticket_id == ticket.id][-1]
        assert (last.actor_id, last.details) == (
            admin.id,
            {"assignee_id": {"from": agent.id, "to": None}},
        )
    assert state.tickets[kept.id].assignee_id == keeper.id
    assert state.tickets[kept.id].version == kept.version
