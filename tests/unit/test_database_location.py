"""`--db` is read into a DatabaseLocation once, where it comes in: a file (its `~` expanded) or
a database in memory. Hostile paths (a `~`, spaces and quotes, a directory, a missing parent)
are named as given everywhere they are shown, and refused in one line where they are opened."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from reviewtui.cli import build_parser, main
from reviewtui.commands.app import resume_command
from reviewtui.services.database_location import IN_MEMORY, DatabaseLocation
from reviewtui.services.places import DB_ENV, resolve_database
from reviewtui.services.workspace import open_workspace
from reviewtui.store import StoreError


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv(DB_ENV, raising=False)
    monkeypatch.setenv("REVIEWTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return folder


def paths_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, str]:
    assert main([*argv, "paths", "--json"]) == 0
    found: dict[str, str] = json.loads(capsys.readouterr().out)
    return found


def test_a_tilde_is_expanded_once_where_db_comes_in(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    location = DatabaseLocation.parse("~/team/reviews.db")
    assert location.file == home / "team" / "reviews.db"
    assert not location.in_memory
    assert location.recovery_file == home / "team" / "reviews.db.recovery"
    assert location.minutes_dir == home / "team" / "minutes"
    found = paths_json(capsys, "--db", "~/team/reviews.db")
    assert found["database"] == str(home / "team" / "reviews.db")
    assert found["recovery_file"] == str(home / "team" / "reviews.db.recovery")
    assert found["minutes_dir"] == str(home / "team" / "minutes")


def test_spaces_and_quotes_survive_the_command_line_back(home: Path) -> None:
    given = home / 'it\'s a "team" db; rm -rf ~' / "team reviews.db"
    location = DatabaseLocation.parse(str(given))
    assert str(location) == str(given)
    assert shlex.split(location.command_arg) == [str(given)]
    assert location.recovery_file == given.parent / "team reviews.db.recovery"
    args = build_parser().parse_args(["--db", str(given), "ui"])
    args.db = DatabaseLocation.parse(args.db)
    assert shlex.split(resume_command(args)) == ["reviewtui", "--db", str(given), "resume"]


def test_memory_is_a_database_that_keeps_nothing(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    memory = DatabaseLocation.parse(":memory:")
    assert memory == DatabaseLocation.of(None) and memory.in_memory
    assert (str(memory), memory.recovery_file, memory.command_arg) == (IN_MEMORY, None, ":memory:")
    assert memory.minutes_dir == tmp_path / "minutes"
    assert memory.absolute() == memory
    found = paths_json(capsys, "--db", ":memory:")
    assert (found["database"], found["recovery_file"]) == (IN_MEMORY, "")
    assert not (tmp_path / ":memory:").exists()
    ws = open_workspace(memory, config=tmp_path / "config")
    try:
        assert ws.location.in_memory and ws.db.path is None
    finally:
        ws.close()
    # A file whose name only looks like it is a file.
    assert DatabaseLocation.parse("./:memory:").file == Path(":memory:")


def test_db_then_the_environment_then_the_default(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resolve_database(None).file == tmp_path / "data" / "reviewtui" / "reviews.db"
    monkeypatch.setenv(DB_ENV, "~/env.db")
    assert resolve_database(None).file == home / "env.db"
    monkeypatch.setenv(DB_ENV, ":memory:")
    assert resolve_database(None).in_memory
    given = DatabaseLocation.parse("~/given.db")
    assert resolve_database(given) == given


def test_an_empty_path_is_refused() -> None:
    for empty in ("", "   "):
        with pytest.raises(ValueError, match="empty"):
            DatabaseLocation.parse(empty)


def test_an_empty_db_is_one_line_and_a_blank_environment_is_unset(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for empty in ("", "   "):
        assert main(["--db", empty, "meetings"]) == 1
        [line] = capsys.readouterr().err.splitlines()
        assert line.startswith("reviewtui: --db:") and "empty" in line
    monkeypatch.setenv(DB_ENV, "  ")
    assert resolve_database(None).file == tmp_path / "data" / "reviewtui" / "reviews.db"


def test_a_directory_is_refused_in_one_line_and_nothing_is_made_in_it(
    home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    location = DatabaseLocation.parse(str(folder))
    assert location.file == folder and str(location) == str(folder)
    with pytest.raises(StoreError) as refused:
        open_workspace(location, config=tmp_path / "config")
    assert str(folder) in str(refused.value) and "\n" not in str(refused.value)
    assert list(folder.iterdir()) == []


def test_a_missing_parent_is_refused_and_not_made(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given = tmp_path / "no such" / "folder" / "r.db"
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(given), "import", "accounts", str(tmp_path / "none.csv")])
    assert exit_info.value.code == 1
    [line] = capsys.readouterr().err.splitlines()
    assert "does not exist" in line and str(given.parent) in line
    assert not (tmp_path / "no such").exists()


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["datasette-metadata"], "a database in memory is gone"),
        (["backup", "copy.db"], "an in-memory database cannot be backed up"),
    ],
)
def test_commands_that_need_a_file_say_so_for_memory(
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", ":memory:", *command])
    assert exit_info.value.code == 1
    [line] = capsys.readouterr().err.splitlines()
    assert said in line
    # No file named ":memory:", no copy: nothing beside the settings and the home folder.
    assert not [p.name for p in tmp_path.iterdir() if p.name not in ("config", "home")]
