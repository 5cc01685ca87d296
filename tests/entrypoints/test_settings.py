from pathlib import Path

import pytest

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
