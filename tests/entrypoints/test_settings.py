from datetime import timedelta
from pathlib import Path

import pytest

from entrypoints.knowledge_wiring import (
    PACKAGED_MODEL_KB_PASSAGE_FLOOR,
    PACKAGED_MODEL_SIMILAR_TICKET_FLOOR,
    kb_passage_min_score,
    similar_ticket_min_score,
)
from entrypoints.settings import Settings, SettingsError


def test_defaults_are_the_embedded_ones() -> None:
    settings = Settings.from_env({}, env_file=None)
    assert settings.database_url.startswith("sqlite+aiosqlite:///./var/")
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.environment == "development"
    assert settings.log_level == "INFO"


def test_environment_overrides_dotenv_which_overrides_defaults(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=9001\nLOG_LEVEL=debug\nHOST=0.0.0.0\n")
    settings = Settings.from_env({"PORT": "9002"}, env_file=env_file)
    assert settings.port == 9002
    assert settings.log_level == "DEBUG"
    assert settings.host == "0.0.0.0"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORT", "eighty", "PORT must be a whole number"),
        ("PORT", "70000", "PORT must be between"),
        ("ENVIRONMENT", "staging", "ENVIRONMENT must be one of"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
        ("SQL_ECHO", "maybe", "SQL_ECHO must be true or false"),
    ],
)
def test_invalid_values_name_the_setting(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({name: value}, env_file=None)


def test_cors_origins_are_a_comma_separated_list() -> None:
    settings = Settings.from_env(
        {"CORS_ORIGINS": "https://a.example, https://b.example,"}, env_file=None
    )
    assert settings.cors_origins == ("https://a.example", "https://b.example")


@pytest.mark.parametrize(
    ("env", "open_"),
    [
        ({}, True),
        ({"ENVIRONMENT": "test"}, False),
        ({"ENVIRONMENT": "production"}, False),
        ({"ALLOW_SIGNUP": "false"}, False),
        ({"ALLOW_SIGNUP": "0"}, False),
        ({"ALLOW_SIGNUP": "yes", "ENVIRONMENT": "production"}, True),
        ({"ALLOW_SIGNUP": ""}, True),
    ],
)
def test_sign_up_is_open_in_development_by_default(env: dict[str, str], open_: bool) -> None:
    assert Settings.from_env(env, env_file=None).signup_open is open_


def test_account_settings_are_read_and_secrets_are_not_shown() -> None:
    settings = Settings.from_env(
        {
            "SECRET_KEY": "s3cret-" * 6,
            "ACCESS_TOKEN_EXPIRE_MINUTES": "90",
            "SESSION_MAX_HOURS": "720",
            "AUTH_CACHE_SECONDS": "0",
            "ADMIN_EMAIL": "root@example.com",
            "ADMIN_PASSWORD": "hunter2 hunter2",
            "DATA_DIR": "/srv/astra",
        },
        env_file=None,
    )
    assert settings.access_token_expire_minutes == 90
    assert settings.session_max_hours == 720
    assert Settings.from_env({}, env_file=None).session_max_hours == 12
    assert settings.auth_cache_seconds == 0
    assert Settings.from_env({}, env_file=None).auth_cache_seconds == 5
    assert (settings.admin_email, settings.admin_password) == (
        "root@example.com",
        "hunter2 hunter2",
    )
    assert settings.data_dir == Path("/srv/astra")
    shown = repr(settings)
    assert "s3cret" not in shown and "hunter2" not in shown


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ACCESS_TOKEN_EXPIRE_MINUTES", "0", "between"),
        ("ACCESS_TOKEN_EXPIRE_MINUTES", "forever", "whole number"),
        ("ALLOW_SIGNUP", "perhaps", "true or false"),
        ("AUTH_CACHE_SECONDS", "-1", "between"),
        ("AUTH_CACHE_SECONDS", "301", "between"),
        ("SESSION_MAX_HOURS", "0", "between"),
        ("SESSION_MAX_HOURS", "721", "between"),
        ("SESSION_MAX_HOURS", "a day", "whole number"),
    ],
)
def test_invalid_account_settings_name_the_setting(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=f"{name} must be .*{message}|{name} must {message}"):
        Settings.from_env({name: value}, env_file=None)


def test_the_sla_at_risk_window() -> None:
    assert Settings.from_env({}, env_file=None).sla_at_risk == timedelta(minutes=60)
    chosen = Settings.from_env({"SLA_AT_RISK_MINUTES": "240"}, env_file=None)
    assert chosen.sla_at_risk == timedelta(hours=4)
    for value in ("0", "10081", "soon"):
        with pytest.raises(SettingsError, match="SLA_AT_RISK_MINUTES"):
            Settings.from_env({"SLA_AT_RISK_MINUTES": value}, env_file=None)


def test_vector_store_timeout_and_index_sweep_settings() -> None:
    defaults = Settings.from_env({}, env_file=None)
    assert (defaults.chroma_timeout_s, defaults.index_sweep_interval_s) == (10.0, 30.0)
    chosen = Settings.from_env(
        {"CHROMA_TIMEOUT_S": "2.5", "INDEX_SWEEP_INTERVAL_S": "0"}, env_file=None
    )
    assert (chosen.chroma_timeout_s, chosen.index_sweep_interval_s) == (2.5, 0.0)
    for name, value in (("CHROMA_TIMEOUT_S", "0"), ("INDEX_SWEEP_INTERVAL_S", "-1")):
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({name: value}, env_file=None)


def test_the_similar_ticket_floor_is_the_packaged_models_unless_set() -> None:
    unset = Settings.from_env({}, env_file=None)
    assert unset.similar_ticket_min_score is None
    assert similar_ticket_min_score(unset) == PACKAGED_MODEL_SIMILAR_TICKET_FLOOR
    hashing = Settings.from_env({"EMBEDDING_MODEL": "hashing"}, env_file=None)
    assert similar_ticket_min_score(hashing) == 0.0
    for raw, value in (("0", 0.0), ("0.5", 0.5), ("1", 1.0)):
        chosen = Settings.from_env(
            {"SIMILAR_TICKET_MIN_SCORE": raw, "EMBEDDING_MODEL": "hashing"}, env_file=None
        )
        assert similar_ticket_min_score(chosen) == value
    for raw in ("-0.1", "1.5", "high"):
        with pytest.raises(SettingsError, match="SIMILAR_TICKET_MIN_SCORE"):
            Settings.from_env({"SIMILAR_TICKET_MIN_SCORE": raw}, env_file=None)


def test_the_kb_passage_floor_is_the_packaged_models_unless_set() -> None:
    unset = Settings.from_env({}, env_file=None)
    assert unset.kb_passage_min_score is None
    assert kb_passage_min_score(unset) == PACKAGED_MODEL_KB_PASSAGE_FLOOR == 0.35
    for model in ("hashing", "/models/multilingual-e5"):  # the test embedder; unknown scale
        other = Settings.from_env({"EMBEDDING_MODEL": model}, env_file=None)
        assert kb_passage_min_score(other) == 0.0
    test = Settings.from_env({"ENVIRONMENT": "test"}, env_file=None)  # hashing by default
    assert kb_passage_min_score(test) == 0.0
    for raw, value in (("0", 0.0), ("0.5", 0.5), ("1", 1.0)):
        chosen = Settings.from_env(
            {"KB_PASSAGE_MIN_SCORE": raw, "EMBEDDING_MODEL": "hashing"}, env_file=None
        )
        assert kb_passage_min_score(chosen) == value
    packaged_but_set = Settings.from_env({"KB_PASSAGE_MIN_SCORE": "0"}, env_file=None)
    assert kb_passage_min_score(packaged_but_set) == 0.0
    for raw in ("-0.1", "1.5", "high"):
        with pytest.raises(SettingsError, match="KB_PASSAGE_MIN_SCORE"):
            Settings.from_env({"KB_PASSAGE_MIN_SCORE": raw}, env_file=None)


def test_the_sla_policy_cache_lifetime_is_read_and_bounded() -> None:
    assert Settings.from_env({}, env_file=None).sla_policy_cache_seconds == 5
    read = Settings.from_env({"SLA_POLICY_CACHE_SECONDS": "0"}, env_file=None)
    assert read.sla_policy_cache_seconds == 0
    with pytest.raises(SettingsError, match="SLA_POLICY_CACHE_SECONDS"):
        Settings.from_env({"SLA_POLICY_CACHE_SECONDS": "301"}, env_file=None)
