"""The token signing key: required in production, generated and kept in development."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from entrypoints.secret_key import KEY_FILE_NAME, resolve_secret_key
from entrypoints.settings import Settings, SettingsError

GOOD_KEY = "k" * 20 + "0123456789abcdefghij"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "must be set"),
        ("", "must be set"),
        ("change-me", "must be set"),
        ("  CHANGEME ", "must be set"),
        ("secret", "must be set"),
        ("x" * 31, "at least 32"),
    ],
)
def test_production_refuses_a_missing_placeholder_or_short_key(
    tmp_path: Path, key: str | None, message: str
) -> None:
    settings = Settings(environment="production", secret_key=key, data_dir=tmp_path)
    with pytest.raises(SettingsError, match=message):
        resolve_secret_key(settings)
    assert not (tmp_path / KEY_FILE_NAME).exists(), "production never makes up a key"


def test_production_takes_a_real_key_as_is(tmp_path: Path) -> None:
    settings = Settings(environment="production", secret_key=GOOD_KEY, data_dir=tmp_path)
    assert resolve_secret_key(settings) == GOOD_KEY
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("environment", ["development", "test"])
def test_elsewhere_a_key_is_generated_once_and_kept_private(
    tmp_path: Path, environment: str
) -> None:
    data_dir = tmp_path / "not" / "there" / "yet"
    settings = Settings(environment=environment, data_dir=data_dir)

    first = resolve_secret_key(settings)
    again = resolve_secret_key(Settings(environment=environment, data_dir=data_dir))

    assert first == again
    assert len(first) >= 32
    path = data_dir / KEY_FILE_NAME
    assert path.read_text().strip() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    other_dir = resolve_secret_key(Settings(environment=environment, data_dir=tmp_path / "b"))
    assert other_dir != first, "keys are random, not derived"


def test_a_stored_key_too_short_to_trust_is_replaced(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE_NAME).write_text("short\n")
    key = resolve_secret_key(Settings(data_dir=tmp_path))
    assert len(key) >= 32
    assert (tmp_path / KEY_FILE_NAME).read_text().strip() == key


def test_a_given_key_wins_over_the_stored_one(tmp_path: Path) -> None:
    stored = resolve_secret_key(Settings(data_dir=tmp_path))
    assert resolve_secret_key(Settings(data_dir=tmp_path, secret_key="mine")) == "mine"
    assert resolve_secret_key(Settings(data_dir=tmp_path)) == stored


def test_the_key_is_read_from_the_environment_and_never_shown(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"SECRET_KEY": GOOD_KEY, "ENVIRONMENT": "production"}, env_file=None
    )
    assert resolve_secret_key(settings) == GOOD_KEY
    assert GOOD_KEY not in repr(settings)
