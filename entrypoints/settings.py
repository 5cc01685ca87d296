"""Settings, read from the environment and an optional `.env` file.

Every setting is documented in docs/configuration.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
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


def _float(env: Mapping[str, str], name: str, default: float, *, low: float, high: float) -> float:
    """A number in (low, high]: `low` itself is excluded, so 0 can mean "must be positive"."""
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if not low < value <= high:
        raise SettingsError(f"{name} must be above {low:g} and at most {high:g}, got {raw}")
    return value


def _optional_share(env: Mapping[str, str], name: str) -> float | None:
    """A number from 0 to 1, or None when unset."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number from 0 to 1, got {raw!r}") from None
    if not 0 <= value <= 1:
        raise SettingsError(f"{name} must be a number from 0 to 1, got {raw}")
    return value


def _llm_model(env: Mapping[str, str]) -> str:
    model = (env.get("LLM_MODEL") or "").strip()
    if model and "/" not in model.strip("/"):
        raise SettingsError(
            f"LLM_MODEL must name provider and model, e.g. openai/gpt-4o-mini, got {model!r}"
        )
    return model


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
    data_dir: Path = field(default_factory=lambda: Path("var"))
    secret_key: str | None = field(default=None, repr=False)
    access_token_expire_minutes: int = 30
    session_max_hours: int = 12  # renewed tokens never outlive the sign-in by more than this
    auth_cache_seconds: int = 5  # 0: every request looks its account up (docs/security.md)
    sla_policy_cache_seconds: int = 5  # 0: every ticket write reads the SLA policy
    allow_signup: bool | None = None
    admin_email: str | None = None
    admin_password: str | None = field(default=None, repr=False)
    embedding_model: str = ""
    embedding_batch_size: int = 64
    similar_ticket_min_score: float | None = None  # None: the embedding model's own floor
    kb_passage_min_score: float | None = None  # None: the embedding model's own floor
    vector_store_path: str = ""  # empty: DATA_DIR/vectors
    chroma_url: str | None = None
    chroma_timeout_s: float = 10.0
    index_sweep_interval_s: float = 30.0  # 0: no catch-up sweep in this process
    load_sample_kb: bool = True
    load_default_categories: bool = True
    kb_max_document_bytes: int = 1_000_000
    kb_max_documents_per_call: int = 100
    sla_at_risk_minutes: int = 60
    # AI pipeline (docs/ai.md)
    llm_model: str = ""  # empty: no language model, extractive drafts
    llm_api_base: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout_s: float = 30.0
    llm_max_retries: int = 2
    llm_fallback_models: tuple[str, ...] = ()
    redis_url: str | None = field(default=None, repr=False)
    job_queue_name: str = "astratickets"
    ai_triage_on_create: bool | None = None  # None: on, except under ENVIRONMENT=test
    ai_auto_apply: bool = False
    ai_auto_apply_threshold: float = 0.9
    job_max_attempts: int = 3
    job_retry_delay_s: float = 2.0
    job_heartbeat_s: int = 30
    job_sweep_interval_s: int = 30
    # Classifier and ticket import (docs/ai.md)
    ai_retrain_after_label_changes: int = 50  # 0: no automatic retraining
    ai_target_precision: float = 0.95
    import_max_bytes: int = 64 * 1024**2

    @property
    def sla_at_risk(self) -> timedelta:
        """A ticket is at risk when it would breach its SLA within this time."""
        return timedelta(minutes=self.sla_at_risk_minutes)

    @property
    def triage_on_create(self) -> bool:
        """On by default; off by default under ENVIRONMENT=test, whose tests of other
        features should not see background AI work appear in their tickets."""
        if self.ai_triage_on_create is not None:
            return self.ai_triage_on_create
        return self.environment != "test"

    @property
    def signup_open(self) -> bool:
        """Open by default in development, closed by default elsewhere."""
        if self.allow_signup is not None:
            return self.allow_signup
        return self.environment == "development"

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
            data_dir=Path(env.get("DATA_DIR") or defaults.data_dir),
            secret_key=env.get("SECRET_KEY") or None,
            access_token_expire_minutes=_int(
                env,
                "ACCESS_TOKEN_EXPIRE_MINUTES",
                defaults.access_token_expire_minutes,
                low=1,
                high=60 * 24 * 30,
            ),
            session_max_hours=_int(
                env, "SESSION_MAX_HOURS", defaults.session_max_hours, low=1, high=720
            ),
            auth_cache_seconds=_int(
                env, "AUTH_CACHE_SECONDS", defaults.auth_cache_seconds, low=0, high=300
            ),
            sla_policy_cache_seconds=_int(
                env, "SLA_POLICY_CACHE_SECONDS", defaults.sla_policy_cache_seconds, low=0, high=300
            ),
            allow_signup=_bool(env, "ALLOW_SIGNUP", True) if env.get("ALLOW_SIGNUP") else None,
            admin_email=env.get("ADMIN_EMAIL") or None,
            admin_password=env.get("ADMIN_PASSWORD") or None,
            embedding_model=(env.get("EMBEDDING_MODEL") or "").strip(),
            embedding_batch_size=_int(
                env, "EMBEDDING_BATCH_SIZE", defaults.embedding_batch_size, low=1, high=1024
            ),
            similar_ticket_min_score=_optional_share(env, "SIMILAR_TICKET_MIN_SCORE"),
            kb_passage_min_score=_optional_share(env, "KB_PASSAGE_MIN_SCORE"),
            vector_store_path=env.get("VECTOR_STORE_PATH") or defaults.vector_store_path,
            chroma_url=env.get("CHROMA_URL") or None,
            chroma_timeout_s=_float(
                env, "CHROMA_TIMEOUT_S", defaults.chroma_timeout_s, low=0.1, high=600
            ),
            index_sweep_interval_s=(
                0.0
                if (env.get("INDEX_SWEEP_INTERVAL_S") or "").strip() == "0"
                else _float(
                    env,
                    "INDEX_SWEEP_INTERVAL_S",
                    defaults.index_sweep_interval_s,
                    low=0,
                    high=86_400,
                )
            ),
            load_sample_kb=_bool(env, "LOAD_SAMPLE_KB", defaults.load_sample_kb),
            load_default_categories=_bool(
                env, "LOAD_DEFAULT_CATEGORIES", defaults.load_default_categories
            ),
            kb_max_document_bytes=_int(
                env,
                "KB_MAX_DOCUMENT_BYTES",
                defaults.kb_max_document_bytes,
                low=1024,
                high=64 * 1024**2,
            ),
            kb_max_documents_per_call=_int(
                env,
                "KB_MAX_DOCUMENTS_PER_CALL",
                defaults.kb_max_documents_per_call,
                low=1,
                high=10_000,
            ),
            sla_at_risk_minutes=_int(
                env, "SLA_AT_RISK_MINUTES", defaults.sla_at_risk_minutes, low=1, high=7 * 24 * 60
            ),
            llm_model=_llm_model(env),
            llm_api_base=(env.get("LLM_API_BASE") or "").strip() or None,
            llm_api_key=env.get("LLM_API_KEY") or None,
            llm_timeout_s=_float(env, "LLM_TIMEOUT_S", defaults.llm_timeout_s, low=0, high=600),
            llm_max_retries=_int(env, "LLM_MAX_RETRIES", defaults.llm_max_retries, low=0, high=10),
            llm_fallback_models=tuple(
                m.strip() for m in (env.get("LLM_FALLBACK_MODELS") or "").split(",") if m.strip()
            ),
            redis_url=(env.get("REDIS_URL") or "").strip() or None,
            job_queue_name=(env.get("JOB_QUEUE_NAME") or "").strip() or defaults.job_queue_name,
            ai_triage_on_create=(
                _bool(env, "AI_TRIAGE_ON_CREATE", True) if env.get("AI_TRIAGE_ON_CREATE") else None
            ),
            ai_auto_apply=_bool(env, "AI_AUTO_APPLY", defaults.ai_auto_apply),
            ai_auto_apply_threshold=_float(
                env, "AI_AUTO_APPLY_THRESHOLD", defaults.ai_auto_apply_threshold, low=0, high=1
            ),
            job_max_attempts=_int(
                env, "JOB_MAX_ATTEMPTS", defaults.job_max_attempts, low=1, high=20
            ),
            job_retry_delay_s=_float(
                env, "JOB_RETRY_DELAY_S", defaults.job_retry_delay_s, low=0, high=3600
            ),
            job_heartbeat_s=_int(
                env, "JOB_HEARTBEAT_S", defaults.job_heartbeat_s, low=1, high=3600
            ),
            job_sweep_interval_s=_int(
                env, "JOB_SWEEP_INTERVAL_S", defaults.job_sweep_interval_s, low=1, high=3600
            ),
            ai_retrain_after_label_changes=_int(
                env,
                "AI_RETRAIN_AFTER_LABEL_CHANGES",
                defaults.ai_retrain_after_label_changes,
                low=0,
                high=1_000_000,
            ),
            ai_target_precision=_float(
                env, "AI_TARGET_PRECISION", defaults.ai_target_precision, low=0, high=1
            ),
            import_max_bytes=_int(
                env, "IMPORT_MAX_BYTES", defaults.import_max_bytes, low=1024, high=1024**3
            ),
        )
