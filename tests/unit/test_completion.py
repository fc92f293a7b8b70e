"""Tab completion: the script `reviewtui completion SHELL` prints, loaded into a real bash
(and fish and zsh where installed), offers commands, options, template and segment ids from the
user's files, and meeting ids, series and names from the database given with --db. Asking
never makes or changes a database and never shows a traceback."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtui.cli import build_parser
from reviewtui.commands.completion import COMPLETERS, attach_completers, install_target
from reviewtui.services.workspace import open_workspace

BIN = Path(sys.executable).parent
needs_reviewtui = pytest.mark.skipif(
    not (BIN / "reviewtui").exists(), reason="the reviewtui command is not installed here"
)

# Completes LINE (the cursor at its end) the way bash does on Tab, with the loaded script's
# function, and prints each candidate on a line of its own.
BASH_TAB = r"""
source "$1"
line=$2
COMP_LINE=$line
COMP_POINT=${#line}
read -ra COMP_WORDS <<< "$line"
[[ $line == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
complete -p reviewtui >/dev/null || exit 3
function=$(complete -p reviewtui | sed -E 's/.*-F ([^ ]+) .*/\1/')
"$function" reviewtui "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("_ARGCOMPLETE", None)
    return env


def _script(shell: str, tmp_path: Path) -> Path:
    result = subprocess.run(
        [sys.executable, "-m", "reviewtui", "completion", shell],
        capture_output=True,
        text=True,
        timeout=30,
        env=_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    path = tmp_path / f"reviewtui.{shell}"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def bash_tab(line: str, tmp_path: Path) -> list[str]:
    script = _script("bash", tmp_path)
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", BASH_TAB, "bash", str(script), line],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return [c for c in result.stdout.splitlines() if c]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Two meetings, one of them still live, in a series; a hostile series name."""
    from reviewtui.services.meeting import start_meeting

    path = tmp_path / "reviews.db"
    ws = open_workspace(path, config=tmp_path / "no-config")
    try:
        first = start_meeting(ws, "scrum", series="Team Atlas", title="Atlas one")
        first.apply(first.closing.close(override_reason="closed for the completion test"))
        start_meeting(ws, "growth", series="\x1b]0;PWNED\x07 [bold]Evil", title="Live one")
    finally:
        ws.close()
    return path


@needs_reviewtui
def test_bash_offers_commands_then_options_only_after_a_dash(tmp_path: Path) -> None:
    commands = bash_tab("reviewtui ", tmp_path)
    assert {"start", "resume", "export", "segments", "completion", "serve", "backup"} <= set(
        commands
    )
    assert not any(c.startswith("-") for c in commands)
    assert bash_tab("reviewtui res", tmp_path) == ["resume "]
    options = bash_tab("reviewtui start --", tmp_path)
    assert {"--series", "--scope", "--attendee", "--no-app", "--db", "--theme"} <= set(options)
    assert sorted(bash_tab("reviewtui completion ", tmp_path)) == ["bash", "fish", "zsh"]


@needs_reviewtui
def test_bash_offers_template_ids_including_the_users_own(tmp_path: Path) -> None:
    builtin = Path(__file__).resolve().parents[2] / "reviewtui" / "templates" / "scrum.toml"
    own = Path(os.environ["REVIEWTUI_CONFIG_DIR"]) / "templates"
    own.mkdir(parents=True)
    text = builtin.read_text(encoding="utf-8").replace('id = "scrum"', 'id = "weekly-huddle"')
    (own / "huddle.toml").write_text(text, encoding="utf-8")
    found = bash_tab("reviewtui start ", tmp_path)
    assert {"account-planning", "book-of-business", "growth", "scrum", "strategy"} <= set(found)
    assert "weekly-huddle" in found
    assert bash_tab("reviewtui start gr", tmp_path) == ["growth "]


@needs_reviewtui
def test_bash_offers_segment_ids(tmp_path: Path) -> None:
    found = bash_tab("reviewtui segments ", tmp_path)
    assert {"red", "renewal-120", "health-under-40", "new-90", "silent-30"} <= set(found)
    assert sorted(bash_tab("reviewtui segments --json renewal", tmp_path)) == [
        "renewal-120",
        "renewal-large",
    ]


@needs_reviewtui
def test_bash_offers_meeting_ids_from_the_database_given(tmp_path: Path, db: Path) -> None:
    assert sorted(bash_tab(f"reviewtui --db {db} export ", tmp_path)) == ["1", "2"]
    assert sorted(p.name for p in db.parent.glob("reviews.db*")) == ["reviews.db"]
    # resume and abandon take only a meeting that is still live
    assert bash_tab(f"reviewtui --db {db} resume ", tmp_path) == ["2 "]
    assert bash_tab(f"reviewtui --db {db} abandon ", tmp_path) == ["2 "]
    os.environ["REVIEWTUI_DB"] = str(db)  # the same as the app: $REVIEWTUI_DB without --db
    try:
        assert bash_tab("reviewtui resume ", tmp_path) == ["2 "]
    finally:
        del os.environ["REVIEWTUI_DB"]


@needs_reviewtui
def test_bash_offers_series_and_scopes_cleaned(tmp_path: Path, db: Path) -> None:
    series = bash_tab(f"reviewtui --db {db} start scrum --series ", tmp_path)
    assert "Team\\ Atlas" in series
    assert not any("\x1b" in s or "\x07" in s for s in series)
    assert any("Evil" in s for s in series)
    scopes = bash_tab(f"reviewtui --db {db} start scrum --scope ", tmp_path)
    assert sorted(scopes) == ["account:", "csm:", "team:"]
    assert "textual-dark" in bash_tab("reviewtui --theme ", tmp_path)


@needs_reviewtui
@needs_reviewtui
def test_meetings_in_the_write_ahead_log_are_offered_while_the_app_runs(
    tmp_path: Path, db: Path
) -> None:
    from reviewtui.services.meeting import start_meeting

    ws = open_workspace(db, config=tmp_path / "no-config")
    try:  # the database stays open, as in a running app: the new meeting is in the -wal file
        ws.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
        start_meeting(ws, "scrum", title="Started just now")
        assert Path(f"{db}-wal").stat().st_size > 0
        assert sorted(bash_tab(f"reviewtui --db {db} resume ", tmp_path)) == ["2", "3"]
    finally:
        ws.close()


@needs_reviewtui
def test_asking_makes_no_database_and_shows_no_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "reviews.db"
    assert bash_tab(f"reviewtui --db {missing} resume ", tmp_path) == []
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database at all" * 100)
    assert bash_tab(f"reviewtui --db {damaged} export ", tmp_path) == []
    assert not missing.parent.exists()
    assert damaged.read_bytes() == b"not a database at all" * 100
    assert list(tmp_path.glob("damaged.db-*")) == []


@needs_reviewtui
def test_the_hidden_entry_point_is_silent_without_a_shell(tmp_path: Path) -> None:
    env = _env(tmp_path) | {"_ARGCOMPLETE": "1", "COMP_LINE": "reviewtui st", "COMP_POINT": "12"}
    result = subprocess.run(
        [str(BIN / "reviewtui")], capture_output=True, text=True, timeout=30, env=env
    )
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
@needs_reviewtui
def test_fish_offers_ids_with_descriptions(tmp_path: Path, db: Path) -> None:
    script = _script("fish", tmp_path)
    result = subprocess.run(
        [
            "fish",
            "--no-config",
            "-c",
            f"source {script}; complete -C 'reviewtui --db {db} export '",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("\t", 1) for line in result.stdout.splitlines())
    assert set(lines) == {"1", "2"}
    assert "Live one" in lines["2"] and lines["2"].startswith("live")


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
@needs_reviewtui
def test_zsh_offers_template_ids_with_descriptions(tmp_path: Path) -> None:
    script = _script("zsh", tmp_path)
    check = subprocess.run(["zsh", "-n", str(script)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    # _describe (what shows the menu) is replaced by one that prints what it was given.
    program = (
        "autoload -U compinit && compinit -u -D; source $1;"
        ' _describe() { print -rl -- "${(@P)2}"; };'
        ' BUFFER="reviewtui start "; CURSOR=${#BUFFER}; words=(reviewtui start "");'
        " _python_argcomplete"
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", program, "zsh", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path) | {"HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "growth:Growth-led performance review (50 min)" in result.stdout.splitlines()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_install_writes_where_the_shell_looks(
    shell: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewtui.cli import main

    assert main(["completion", shell, "--install"]) == 0
    target = install_target(shell)
    home = Path(os.environ["XDG_DATA_HOME"]).parent
    assert target.is_relative_to(home)
    assert (
        target.name == {"bash": "reviewtui", "zsh": "_reviewtui", "fish": "reviewtui.fish"}[shell]
    )
    assert "reviewtui" in target.read_text(encoding="utf-8")
    out = capsys.readouterr().out
    assert str(target) in out
    if shell == "zsh":
        assert f"fpath=({target.parent} $fpath)" in out


def test_bash_install_follows_bash_completion_user_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BASH_COMPLETION_USER_DIR", str(tmp_path / "bc"))
    assert install_target("bash") == tmp_path / "bc" / "completions" / "reviewtui"


def _actions(
    parser: argparse.ArgumentParser, command: str = ""
) -> list[tuple[str, argparse.Action]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _actions(sub, f"{command} {name}".strip())
        else:
            found.append((command, action))
    return found


def test_every_argument_taking_an_id_completes_it() -> None:
    parser = build_parser()
    attach_completers(parser)
    takes_id = [
        (command, action)
        for command, action in _actions(parser)
        if any(word in (action.help or "") for word in ("meeting id", "template id", "by id"))
        or action.dest in {d for _, d in COMPLETERS}
    ]
    assert {"start", "resume", "export", "segments"} <= {c for c, _ in takes_id}
    for command, action in takes_id:
        assert getattr(action, "completer", None) is not None, f"{command} {action.dest}"
