"""The command line's own help: the version flag and a line of help for every command."""

from __future__ import annotations

import argparse

import pytest

from reviewtui import __version__
from reviewtui.cli import build_parser, main


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = sub
                found.update({f"{name} {k}": v for k, v in _subcommands(sub).items()})
    return found


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([flag])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"reviewtui {__version__}"


def test_every_command_has_help_and_a_description() -> None:
    parser = build_parser()
    commands = _subcommands(parser)
    assert {"ui", "demo", "start", "resume"} <= set(commands)
    helps: dict[str, str | None] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
    for name in helps:
        assert helps[name], f"{name} has no help line"
    for name, sub in commands.items():
        assert sub.description and sub.description.strip(), f"{name} has no description"


def test_the_demo_names_the_database_it_uses_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--help"])
    assert exited.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "default: a temporary database, deleted when the app quits" in text
    assert "reviews.db in the user data dir" not in text
