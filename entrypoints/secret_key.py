"""The key that signs access tokens."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from entrypoints.settings import Settings, SettingsError

KNOWN_UNSAFE_KEYS = frozenset({"", "change-me", "changeme", "secret", "dev", "development"})
MIN_KEY_LENGTH = 32
KEY_FILE_NAME = "secret_key"


def resolve_secret_key(settings: Settings) -> str:
    """SECRET_KEY when set; otherwise, outside production, a random key kept in DATA_DIR.

    In production SECRET_KEY must be set, at least 32 characters and not a
    placeholder: the server refuses to start otherwise. In development and
    tests the generated key survives restarts, so sessions do too.
    """
    key = settings.secret_key
    if settings.environment == "production":
        if key is None or key.strip().lower() in KNOWN_UNSAFE_KEYS:
            raise SettingsError("SECRET_KEY must be set to a private random value in production")
        if len(key) < MIN_KEY_LENGTH:
            raise SettingsError(f"SECRET_KEY must have at least {MIN_KEY_LENGTH} characters")
        return key
    if key:
        return key
    return _stored_key(settings.data_dir / KEY_FILE_NAME)


def _stored_key(path: Path) -> str:
    if path.is_file():
        stored = path.read_text(encoding="utf-8").strip()
        if len(stored) >= MIN_KEY_LENGTH:
            return stored
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(key + "\n")
    return key
