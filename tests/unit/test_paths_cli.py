"""`reviewtui paths`: where everything lives, as lines or JSON; and the help names the config
file and the default database. Nothing is made by asking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KEYS = [
    "config_file",
    "config_dir",
    "templates_dir",
    "segments_dir",
    "data_dir",
    "database",
    "minutes_dir",
    "recovery_file",
    "cache_dir",
]


def run(*argv: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", *argv],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env=env,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("REVIEWTUI_DB", None)
    environment["XDG_DATA_HOME"] = str(tmp_path / "data")
    environment["REVIEWTUI_CONFIG_DIR"] = str(tmp_path / "conf")
    environment["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    return environment


def test_paths_as_json(tmp_path: Path, env: dict[str, str]) -> None:
    result = run("paths", "--json", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert list(found) == KEYS
    conf, data = tmp_path / "conf", tmp_path / "data" / "reviewtui"
    assert found["config_file"] == str(conf / "config.toml")
    assert found["config_dir"] == str(conf)
    assert found["templates_dir"] == str(conf / "templates")
    assert found["segments_dir"] == str(conf / "segments")
    assert found["data_dir"] == str(data)
    assert found["database"] == str(data / "reviews.db")
    assert found["minutes_dir"] == str(data / "minutes")
    assert found["recovery_file"] == str(data / "reviews.db.recovery")
    assert found["cache_dir"] == str(tmp_path / "cache" / "reviewtui")
    assert not (tmp_path / "data").exists() and not conf.exists()


def test_paths_follow_db_then_the_environment(tmp_path: Path, env: dict[str, str]) -> None:
    env["REVIEWTUI_DB"] = str(tmp_path / "env" / "team.db")
    from_env = json.loads(run("paths", "--json", env=env, cwd=tmp_path).stdout)
    assert from_env["database"] == str(tmp_path / "env" / "team.db")
    assert from_env["minutes_dir"] == str(tmp_path / "env" / "minutes")
    given = tmp_path / "given" / "mine.db"
    from_flag = json.loads(run("--db", str(given), "paths", "--json", env=env, cwd=tmp_path).stdout)
    assert from_flag["database"] == str(given)
    assert from_flag["recovery_file"] == str(given) + ".recovery"
    after = json.loads(run("paths", "--json", "--db", str(given), env=env, cwd=tmp_path).stdout)
    assert after == from_flag


def test_paths_as_lines(tmp_path: Path, env: dict[str, str]) -> None:
    db = tmp_path / "x.db"
    result = run("--db", str(db), "paths", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("  ", 1) for line in result.stdout.splitlines())
    lines = {key.strip(): value.strip() for key, value in lines.items()}
    assert list(lines) == [key.replace("_", " ") for key in KEYS]
    assert lines["database"] == str(db)
    assert lines["recovery file"] == f"{db}.recovery"
    assert lines["config file"] == str(tmp_path / "conf" / "config.toml")


def test_help_names_the_config_file_and_the_database(tmp_path: Path, env: dict[str, str]) -> None:
    env["COLUMNS"] = "400"
    result = run("--help", env=env, cwd=tmp_path)
    assert result.returncode == 0
    assert str(tmp_path / "conf" / "config.toml") in result.stdout
    assert str(tmp_path / "data" / "reviewtui" / "reviews.db") in result.stdout
    assert "paths" in result.stdout


def test_help_names_the_data_directory_and_the_database_in_use(
    tmp_path: Path, env: dict[str, str]
) -> None:
    env["COLUMNS"] = "400"
    env["REVIEWTUI_DB"] = str(tmp_path / "team" / "shared.db")
    result = run("--help", env=env, cwd=tmp_path)
    assert result.returncode == 0
    assert f"Data directory: {tmp_path / 'data' / 'reviewtui'}." in result.stdout
    assert f"Database: {tmp_path / 'team' / 'shared.db'} (from $REVIEWTUI_DB)" in result.stdout
    assert not (tmp_path / "team").exists()
