"""Sign-up: customers register themselves, when it is open."""

from __future__ import annotations

from pathlib import Path

import pytest

from entrypoints.settings import Settings
from tests.http.api import PASSWORD, SECRET_KEY, Api, assert_problem, message_for
from tests.http.servers import LIGHT_KNOWLEDGE_BASE_ENV, running_server

SIGNUP_URL = "/api/auth/signup"


def _body(**fields: object) -> dict[str, object]:
    return {"email": "new@example.com", "name": "New Customer", "password": PASSWORD, **fields}


def test_sign_up_creates_a_customer_who_can_sign_in(api: Api) -> None:
    anonymous = api.anonymous()
    response = anonymous.client.post(SIGNUP_URL, json=_body(email="  New@Example.COM "))

    assert response.status_code == 201, response.text
    user = response.json()
    assert (user["email"], user["role"], user["active"]) == ("new@example.com", "customer", True)
    assert "password" not in str(user).lower()
    signed_in = api.sign_in("new@example.com", PASSWORD)
    assert signed_in.me == user


def test_sign_up_never_makes_staff(api: Api) -> None:
    before = api.all_pages("/api/users")
    for extra in ({"role": "admin"}, {"role": "agent"}, {"active": False}):
        response = api.anonymous().client.post(SIGNUP_URL, json=_body(**extra))
        problem = assert_problem(response, 422, *extra)
        assert "known" in message_for(problem, next(iter(extra)))
    assert api.all_pages("/api/users") == before


@pytest.mark.parametrize(
    "password",
    [
        "",
        "short",
        "1234567",
        "aaaaaaaaaaaaaaaa",
        "new@example.com",
        "NEW@EXAMPLE.COM",
        "nul\x00in the middle",
        "x" * 256 + "y",
    ],
)
def test_a_weak_password_is_422_naming_password(api: Api, password: str) -> None:
    before = api.all_pages("/api/users")
    response = api.anonymous().client.post(SIGNUP_URL, json=_body(password=password))
    assert_problem(response, 422, "password")
    assert api.all_pages("/api/users") == before


def test_a_registered_email_is_409_in_any_spelling(api: Api) -> None:
    api.user("taken@example.com")
    before = api.all_pages("/api/users")
    response = api.anonymous().client.post(SIGNUP_URL, json=_body(email=" TAKEN@example.com"))
    assert_problem(response, 409, "email")
    assert api.all_pages("/api/users") == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"name": "  "}, "name"),
        ({"name": None}, "name"),
    ],
)
def test_invalid_fields_are_422_naming_them(api: Api, body: dict, field: str) -> None:
    response = api.anonymous().client.post(SIGNUP_URL, json=_body(**body))
    assert_problem(response, 422, field)


# --- open or closed, by settings -----------------------------------------------------------


def _app_from_env(tmp_path: Path, **env: str):
    environ = {
        "DATABASE_URL": "memory://",
        "SECRET_KEY": SECRET_KEY,
        "DATA_DIR": str(tmp_path),
        "CONSOLE_DIST": str(tmp_path / "no-console"),
        **LIGHT_KNOWLEDGE_BASE_ENV,
        **env,
    }
    return running_server(Settings.from_env(environ, env_file=None))


@pytest.mark.parametrize(
    ("env", "open_"),
    [
        ({}, True),  # development is the default environment
        ({"ENVIRONMENT": "development"}, True),
        ({"ENVIRONMENT": "development", "ALLOW_SIGNUP": "false"}, False),
        ({"ENVIRONMENT": "production"}, False),
        ({"ENVIRONMENT": "production", "ALLOW_SIGNUP": "true"}, True),
        ({"ENVIRONMENT": "test"}, False),
    ],
)
def test_sign_up_is_open_in_development_unless_turned_off(
    tmp_path: Path, env: dict[str, str], open_: bool
) -> None:
    with _app_from_env(tmp_path, **env) as server:
        client = server.client
        # What the sign-in page asks before offering sign-up says the same.
        assert client.get("/api/auth/options").json() == {"signup_open": open_}
        response = client.post(SIGNUP_URL, json=_body())
        if open_:
            assert response.status_code == 201, response.text
        else:
            problem = assert_problem(response, 403)
            assert "sign-up is closed" in problem["detail"]
            anyone = client.post(
                "/api/auth/token", data={"username": "new@example.com", "password": PASSWORD}
            )
            assert anyone.status_code == 401  # nothing was created
