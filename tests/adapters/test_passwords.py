"""Argon2id password hashing (pwdlib): salted, verifiable, upgradable, never an error."""

from __future__ import annotations

import pytest

from adapters.passwords import Argon2PasswordHasher
from tests.fakes import CHEAP_HASHER


async def test_hashes_are_salted_argon2id_and_verify() -> None:
    first, second = await CHEAP_HASHER.hash("pässwörd 🔑"), await CHEAP_HASHER.hash("pässwörd 🔑")
    assert first != second, "a fresh salt every time"
    assert first.startswith("$argon2id$")
    assert "pässwörd" not in first
    assert await CHEAP_HASHER.verify("pässwörd 🔑", first)
    assert await CHEAP_HASHER.verify("pässwörd 🔑", second)
    assert not await CHEAP_HASHER.verify("passwörd 🔑", first)
    assert not await CHEAP_HASHER.verify("", first)


@pytest.mark.parametrize(
    "stored", ["", "plain text", "$argon2id$v=19$m=1024,t=1,p=1$broken", "$2b$12$" + "x" * 53]
)
async def test_a_corrupt_or_foreign_hash_never_verifies_and_asks_for_a_rehash(stored: str) -> None:
    assert await CHEAP_HASHER.verify("anything", stored) is False
    assert CHEAP_HASHER.needs_rehash(stored) is True


async def test_hashes_made_with_other_costs_need_a_rehash() -> None:
    stronger = Argon2PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    assert CHEAP_HASHER.needs_rehash(await stronger.hash("pw"))
    assert stronger.needs_rehash(await CHEAP_HASHER.hash("pw"))
    assert not CHEAP_HASHER.needs_rehash(await CHEAP_HASHER.hash("pw"))
    assert await CHEAP_HASHER.verify("pw", await stronger.hash("pw")), "old hashes still verify"


async def test_the_default_cost_is_pwdlibs_recommendation() -> None:
    default = Argon2PasswordHasher()
    stored = await default.hash("the production cost")
    assert "$m=65536,t=3,p=4$" in stored
    assert await default.verify("the production cost", stored)
    assert default.needs_rehash(await CHEAP_HASHER.hash("pw"))
