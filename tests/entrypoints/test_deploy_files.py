"""docs/deploy/compose.yaml stays true: it parses, names only real settings, and runs
only valid `astratickets` command lines (the images are not built here)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from entrypoints.cli import main

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docs" / "deploy" / "compose.yaml"
# Variables of the images and libraries, not AstraTickets settings.
OTHER_VARIABLES = {"HF_HUB_OFFLINE", "ANONYMIZED_TELEMETRY", "FORWARDED_ALLOW_IPS"}


def _documented_settings() -> set[str]:
    text = (ROOT / "docs" / "configuration.md").read_text()
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", text, re.MULTILINE))


def _read_settings() -> set[str]:
    text = (ROOT / "entrypoints" / "settings.py").read_text()
    return set(re.findall(r'"([A-Z][A-Z0-9_]{2,})"', text))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def _application_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: service
        for name, service in compose["services"].items()
        if service.get("image") == "astratickets:latest"
    }


def test_the_topology_has_every_part(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "redis", "chroma", "migrate", "api", "worker", "proxy"} <= set(services)
    assert services["api"]["deploy"]["replicas"] >= 2
    for name in ("api", "worker"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert set(_application_services(compose)) == {"chroma", "migrate", "api", "worker"}


def test_every_setting_passed_is_a_real_documented_setting(compose: dict[str, Any]) -> None:
    documented, read = _documented_settings(), _read_settings()
    for name, service in _application_services(compose).items():
        environment = service["environment"]
        for variable in set(environment) - OTHER_VARIABLES:
            assert variable in documented, f"{name}: {variable} is not in configuration.md"
            assert variable in read, f"{name}: {variable} is not read by entrypoints/settings.py"
        for required in ("DATABASE_URL", "REDIS_URL", "CHROMA_URL", "SECRET_KEY"):
            assert required in environment, f"{name} lacks {required}"
        assert environment["ENVIRONMENT"] == "production"


def _check_command_line(args: list[str]) -> None:
    """Parse an `astratickets ...` command line as the CLI would, without running it."""
    assert args[0] == "astratickets"
    command: click.Command = main
    rest = args[1:]
    while isinstance(command, click.Group) and rest and rest[0] in command.commands:
        command, rest = command.commands[rest[0]], rest[1:]
    assert not isinstance(command, click.Group), f"{args}: no such command"
    command.make_context(args[0], list(rest))  # raises on an unknown option or bad value


def test_every_command_is_a_valid_astratickets_command_line(compose: dict[str, Any]) -> None:
    commands = {
        name: service["command"]
        for name, service in _application_services(compose).items()
        if service["command"][0] == "astratickets"
    }
    assert set(commands) == {"migrate", "api", "worker"}
    for args in commands.values():
        _check_command_line(args)
    assert commands["migrate"][1:] == ["db", "upgrade"]
    assert "--no-migrate" in commands["api"]


def test_the_deploy_page_names_only_real_settings() -> None:
    text = (ROOT / "docs" / "deploy.md").read_text()
    named = set(re.findall(r"`([A-Z][A-Z0-9_]{3,})`", text))
    named -= {"FORWARDED_ALLOW_IPS"}  # uvicorn's own
    assert named and named <= _documented_settings(), named - _documented_settings()
