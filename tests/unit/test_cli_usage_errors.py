"""A bad argument, anywhere on the command line, is one line on stderr and exit 1: the command,
what is wrong, and where its help is; never argparse's usage lines, never a traceback, never a
typed escape sequence passed to the terminal. `--help` still prints the whole help."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import FORBIDDEN_ON_SCREEN

from reviewtui.cli import CommandLineParser, build_parser, main

# (arguments, the command the line names)
BAD_INVOCATIONS = [
    (["abandon", "two"], "reviewtui abandon"),
    (["export", "abc"], "reviewtui export"),
    (["serve", "--port", "eighty"], "reviewtui serve"),
    (["report", "--since", "yesterday"], "reviewtui report"),
    (["import", "accounts", "a.csv", "--as-of", "May 1st"], "reviewtui import accounts"),
    (["import", "accounts", "a.csv", "--sheet"], "reviewtui import accounts"),
    (["import"], "reviewtui import"),
    (["completion", "tcsh"], "reviewtui completion"),
    (["meetings", "--live", "--no-such-option"], "reviewtui meetings"),
    (["no-such-command"], "reviewtui"),
    (["--no-such-option", "meetings"], "reviewtui"),
    (["abandon", "\x1b[31mred"], "reviewtui abandon"),
    (["export", "1", "--format", "\x1b]0;PWNED\x07"], "reviewtui export"),
    (["meetings", "\x1b[2J\u202eevil", "two\nlines"], "reviewtui meetings"),
    # A meeting id is ASCII digits as the meetings list shows them, for every command.
    (["resume", "-3"], "reviewtui resume"),
    (["resume", "\uff12"], "reviewtui resume"),
    (["export", "2.0"], "reviewtui export"),
    (["export", "\uff12"], "reviewtui export"),
]


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.mark.parametrize(("argv", "command"), BAD_INVOCATIONS, ids=repr)
def test_a_bad_argument_is_one_line_and_exit_1(
    tmp_path: Path, argv: list[str], command: str
) -> None:
    db = tmp_path / "reviews.db"
    done = _run("--db", str(db), *argv)
    assert done.returncode == 1, done
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip() and done.stderr.endswith("\n"), done.stderr
    [line] = lines
    assert "Traceback" not in line and "usage:" not in line
    assert line.startswith(f"{command}: ") and line.endswith(f"(see {command} --help)")
    assert not any(bad in line for bad in FORBIDDEN_ON_SCREEN), line
    assert not db.exists()


def test_a_typed_escape_sequence_is_shown_as_typed_not_acted_on() -> None:
    done = _run("meetings", "\x1b[31mred")
    assert done.returncode == 1
    assert done.stderr == (
        "reviewtui meetings: unrecognized arguments: '\\x1b[31mred'"
        " (see reviewtui meetings --help)\n"
    )


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _parsers(sub)
    return found


def test_every_command_parser_reports_usage_errors_in_one_line() -> None:
    parsers = _parsers(build_parser())
    assert len(parsers) > 20
    assert all(isinstance(parser, CommandLineParser) for parser in parsers)


def test_help_is_still_the_whole_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["import", "accounts", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: reviewtui import accounts ")
    assert "--as-of" in out and "Exit status: 0 imported" in out
