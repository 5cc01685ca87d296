from __future__ import annotations

import dataclasses

import pytest

from domain.errors import InvalidValue
from domain.users import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, Email, User
from tests.fakes import T0


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("ada@example.com", "ada@example.com"),
        ("  Ada.Lovelace@Example.COM \n", "ada.lovelace@example.com"),
        ("First+Tag@Sub.Example.org", "first+tag@sub.example.org"),
        ("ZOË@exämple.de", "zoë@exämple.de"),
    ],
)
def test_an_email_is_trimmed_and_lower_cased(raw, normalised):
    email = Email(raw)
    assert email.value == normalised
    assert str(email) == normalised


def test_two_spellings_of_one_mailbox_are_equal():
    assert Email("ADA@example.com") == Email(" ada@EXAMPLE.com")
    assert hash(Email("ADA@example.com")) == hash(Email("ada@example.com"))


def test_an_email_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Email("a@b.co").value = "c@d.co"  # type: ignore[misc]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "plain",
        "@example.com",
        "ada@",
        "ada@example",
        "a b@example.com",
        "ada@@example.com",
        "ada@exa mple.com",
        "ada@example.",
        "ada@.com x",
    ],
)
def test_malformed_emails_are_refused(raw):
    with pytest.raises(InvalidValue) as error:
        Email(raw)
    assert [p.field for p in error.value.problems] == ["email"]


def test_email_length_limit():
    assert EMAIL_MAX_LENGTH == 320
    local = "a" * 64
    domain = "d" * (320 - len(local) - 1 - 4) + ".com"
    assert len(Email(f"{local}@{domain}").value) == 320
    with pytest.raises(InvalidValue):
        Email(f"{local}@d{domain}")


def test_email_must_be_a_string():
    with pytest.raises(InvalidValue):
        Email(None)  # type: ignore[arg-type]


def test_register_normalises_and_trims():
    user = User.register(email=" Grace@Navy.MIL ", name="  Grace Hopper ", now=T0)
    assert user.email == Email("grace@navy.mil")
    assert user.name == "Grace Hopper"
    assert user.created_at == T0
    assert user.id is None


def test_register_reports_email_and_name_problems_together():
    with pytest.raises(InvalidValue) as error:
        User.register(email="nope", name="   ", now=T0)
    assert [p.field for p in error.value.problems] == ["email", "name"]


def test_name_bounds():
    assert NAME_MAX_LENGTH == 200
    assert User.register(email="a@b.co", name="n" * 200, now=T0).name == "n" * 200
    for bad in ("", "n" * 201, "nul\x00"):
        with pytest.raises(InvalidValue) as error:
            User.register(email="a@b.co", name=bad, now=T0)
        assert [p.field for p in error.value.problems] == ["name"]


def test_rename_applies_the_same_rules():
    user = User.register(email="a@b.co", name="Old", now=T0)
    user.rename("  New  ")
    assert user.name == "New"
    with pytest.raises(InvalidValue):
        user.rename("")
    assert user.name == "New"
