"""The README, docker-compose.yml and Makefile stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _settings_env_vars() -> set[str]:
    source = (ROOT / "bns" / "settings.py").read_text()
    names = set(re.findall(r"""os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    names |= set(re.findall(r"""env_bool\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    return names


def test_readme_documents_every_settings_variable():
    names = _settings_env_vars()
    assert {"DATABASE_URL", "REDIS_URL", "BNS_SECRET_KEY", "BNS_PRODUCTION"} <= names
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))
    assert names - documented == set(), "add these variables to the README's 'Environment variables' table"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[: readme.index("## Demo logins")]
    assert "make demo" in head and "make test" in head
    assert "docs/home.png" in readme


def test_docker_compose_is_valid_and_complete():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    env = services["web"]["environment"]
    for name in ("DATABASE_URL", "REDIS_URL", "BNS_SECRET_KEY", "BNS_PRODUCTION", "BNS_ALLOWED_HOSTS", "BNS_SSL_REDIRECT"):
        assert name in env, name
    for name in ("worker", "beat"):
        assert services[name]["environment"] == env
    web_command = " ".join(services["web"]["command"])
    assert "migrate" in web_command and "collectstatic" in web_command and "gunicorn bns.wsgi" in web_command
    assert "worker" in services["worker"]["command"] and "beat" in services["beat"]["command"]


def test_makefile_targets():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("demo", "test", "lint", "migrations-check", "run-worker", "run-beat", "install"):
        assert re.search(rf"^{re.escape(target)}:", makefile, flags=re.MULTILINE), target
