"""docker-compose.yml and the Dockerfile as production needs them (there is no Docker engine
in CI, so the files are read, not run): secrets only from the environment, a non-root
read-only app, Redis for the limits, health checks everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
SECRET = re.compile(r"SECRET|PASSWORD|TOKEN|AUTH")


def test_every_service_has_a_health_check_and_only_the_app_a_port_on_loopback():
    services = COMPOSE["services"]
    assert set(services) == {"neo4j", "redis", "web"}
    for name, service in services.items():
        assert service["healthcheck"]["test"], name
        assert service["restart"] == "unless-stopped", name
    assert "ports" not in services["neo4j"] and "ports" not in services["redis"]
    assert all(port.startswith("127.0.0.1:") for port in services["web"]["ports"])
    depends = services["web"]["depends_on"]
    assert {name: d["condition"] for name, d in depends.items()} == {
        "neo4j": "service_healthy", "redis": "service_healthy"}


def test_no_secret_has_a_default():
    for name, service in COMPOSE["services"].items():
        for variable, value in (service.get("environment") or {}).items():
            if SECRET.search(variable):
                value = str(value)
                required = "${" in value and ":?" in value
                optional_empty = value.endswith(":-}")
                assert required or optional_empty, (name, variable, value)


def test_the_app_runs_unprivileged_on_a_read_only_file_system():
    web = COMPOSE["services"]["web"]
    assert web["read_only"] is True and web["cap_drop"] == ["ALL"]
    writable = [mount.split(":")[0] for mount in web["tmpfs"]]
    assert writable == ["/tmp"]  # noqa: S108 - the container's tmpfs, not this machine's
    assert web["environment"]["PROMETHEUS_MULTIPROC_DIR"].startswith(writable[0] + "/")
    assert web["environment"]["RATELIMIT_STORAGE_URI"].endswith("redis://redis:6379/0}")
    user = re.findall(r"^USER (\S+)$", DOCKERFILE, re.M)
    assert user and user[-1] not in ("root", "0")
    assert DOCKERFILE.index("USER ") < DOCKERFILE.index("CMD ")
    assert "--access-logfile" not in DOCKERFILE, "one log format: the app's JSON lines"
