"""Settings, read from the environment and an optional `.env` file.

Every setting is documented in docs/configuration.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

ENVIRONMENTS = ("development", "test", "production")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(ValueError):
    """A setting has a value that cannot work; the message says which and why."""


def _int(env: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env.get(name) or default
    normalised = value.upper() if name == "LOG_LEVEL" else value.lower()
    if normalised not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return normalised


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = "sqlite+aiosqlite:///./var/astratickets.db"
    host: str = "127.0.0.1"
    port: int = 8000
    environment: str = "development"
    log_level: str = "INFO"
    database_pool_size: int = 10
    max_request_body_bytes: int = 1024 * 1024
    console_dist: Path = field(default_factory=lambda: Path("frontend/dist"))
    cors_origins: tuple[str, ...] = ()
    sql_echo: bool = False

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, env_file: str | Path | None = ".env"
    ) -> Settings:
        """Environment variables win over `.env`, which wins over the defaults."""
        env: dict[str, str] = {}
        if env_file is not None and Path(env_file).is_file():
            env.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        env.update(os.environ if environ is None else environ)
        defaults = cls()
        origins = tuple(o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip())
        return cls(
            database_url=env.get("DATABASE_URL") or defaults.database_url,
            host=env.get("HOST") or defaults.host,
            port=_int(env, "PORT", defaults.port, low=1, high=65535),
            environment=_choice(env, "ENVIRONMENT", defaults.environment, ENVIRONMENTS),
            log_level=_choice(env, "LOG_LEVEL", defaults.log_level, LOG_LEVELS),
            database_pool_size=_int(
                env, "DATABASE_POOL_SIZE", defaults.database_pool_size, low=1, high=200
            ),
            max_request_body_bytes=_int(
                env,
                "MAX_REQUEST_BODY_BYTES",
                defaults.max_request_body_bytes,
                low=1024,
                high=1024**3,
            ),
            console_dist=Path(env.get("CONSOLE_DIST") or defaults.console_dist),
            cors_origins=origins,
            sql_echo=_bool(env, "SQL_ECHO", defaults.sql_echo),
        )
