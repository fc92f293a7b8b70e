"""`reviewtui completion bash|zsh|fish`: Tab completion of commands, options and the ids the
user's own files and database hold.

The script a shell loads calls `reviewtui` itself on each Tab (argcomplete's protocol: the
_ARGCOMPLETE environment variable); `complete` below answers it from the same parser that
reads the command line, so every command and option, also ones added later, is offered."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reviewtui.commands.common import fail

SHELLS = ("bash", "zsh", "fish")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "completion",
        help="print or install Tab completion for bash, zsh or fish",
        description=(
            "Print the script that gives SHELL Tab completion of reviewtui's commands,"
            " options, template and segment ids, meeting ids, series and names, or write it"
            " where SHELL loads it from with --install. The script asks reviewtui on each Tab,"
            " so ids always come from your own files and database."
        ),
    )
    parser.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    parser.add_argument(
        "--install",
        action="store_true",
        help="write the script where the shell finds it, and say what else is needed",
    )
    parser.set_defaults(func=run)


def script(shell: str) -> str:
    from argcomplete import shellcode

    code = shellcode(["reviewtui"], shell=shell)
    header = f"# Tab completion of reviewtui for {shell}, made by `reviewtui completion {shell}`.\n"
    return header + code.lstrip("\n")


def _home(env: str, fallback: str) -> Path:
    value = os.environ.get(env, "")
    return Path(value) if value.strip() else Path.home() / fallback


def install_target(shell: str) -> Path:
    """Where each shell loads a user's completion scripts from (bash: bash-completion's
    per-user folder; fish: its completions folder; zsh: a folder to put on $fpath)."""
    if shell == "bash":
        user_dir = os.environ.get("BASH_COMPLETION_USER_DIR", "")
        if user_dir.strip():
            return Path(user_dir) / "completions/reviewtui"
        return _home("XDG_DATA_HOME", ".local/share") / "bash-completion/completions/reviewtui"
    if shell == "fish":
        return _home("XDG_CONFIG_HOME", ".config") / "fish/completions/reviewtui.fish"
    return _home("XDG_DATA_HOME", ".local/share") / "zsh/site-functions/_reviewtui"


def _after_install(shell: str, target: Path) -> str:
    if shell == "bash":
        return (
            "New bash shells load it through the bash-completion package; without that"
            f" package, add this line to ~/.bashrc: source {target}"
        )
    if shell == "zsh":
        return (
            "Add this line to ~/.zshrc before compinit runs (or before the line that"
            f" loads your framework): fpath=({target.parent} $fpath)"
        )
    return "New fish shells load it."


def run(args: argparse.Namespace) -> int:
    from reviewtui.domain.text import one_line

    text = script(args.shell)
    if not args.install:
        sys.stdout.write(text)
        return 0
    target = install_target(args.shell)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{target}: cannot write: {error.strerror or error}")
    print(f"Wrote {one_line(str(target))}. {one_line(_after_install(args.shell, target))}")
    return 0


# -- answering a Tab ---------------------------------------------------------------------

Completer = Callable[..., dict[str, str]]


def _db(parsed_args: argparse.Namespace) -> Path:
    from reviewtui.services.database_location import DatabaseLocation
    from reviewtui.services.places import resolve_database

    # Where --db comes in for a Tab (cli.main is not run): it is read here.
    explicit = getattr(parsed_args, "db", None)
    location = resolve_database(DatabaseLocation.parse(explicit) if explicit else None)
    if location.file is None:
        raise LookupError("a database in memory holds no names yet")  # offers nothing
    return location.file


def _templates(**_: Any) -> dict[str, str]:
    from reviewtui.services.completion import template_ids

    return template_ids()


def _segments(**_: Any) -> dict[str, str]:
    from reviewtui.services.completion import segment_ids

    return segment_ids()


def _meetings(parsed_args: argparse.Namespace, **_: Any) -> dict[str, str]:
    from reviewtui.services.completion import meeting_ids

    return meeting_ids(_db(parsed_args))


def _live_meetings(parsed_args: argparse.Namespace, **_: Any) -> dict[str, str]:
    from reviewtui.services.completion import meeting_ids

    return meeting_ids(_db(parsed_args), live_only=True)


def _series(parsed_args: argparse.Namespace, **_: Any) -> dict[str, str]:
    from reviewtui.services.completion import series_names

    return series_names(_db(parsed_args))


def _people(parsed_args: argparse.Namespace, **_: Any) -> dict[str, str]:
    from reviewtui.services.completion import people_names

    return people_names(_db(parsed_args))


def _accounts(parsed_args: argparse.Namespace, **_: Any) -> dict[str, str]:
    from reviewtui.services.completion import account_names

    return account_names(_db(parsed_args))


def _scopes(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> dict[str, str]:
    from reviewtui.services.completion import scopes

    return scopes(_db(parsed_args), prefix)


def _themes(**_: Any) -> dict[str, str]:
    from textual.theme import BUILTIN_THEMES

    return {name: "" for name in sorted(BUILTIN_THEMES)}


# What an argument offers, by the command it belongs to and its dest ("*": any command).
COMPLETERS: dict[tuple[str, str], Completer] = {
    ("*", "template"): _templates,
    ("*", "segment"): _segments,
    ("*", "meeting"): _meetings,
    ("resume", "meeting"): _live_meetings,
    ("abandon", "meeting"): _live_meetings,
    ("*", "series"): _series,
    ("*", "owner"): _people,
    ("*", "account"): _accounts,
    ("*", "scope"): _scopes,
    ("*", "theme"): _themes,
}


def _quiet(completer: Completer) -> Completer:
    """A completer that offers nothing, silently, when anything goes wrong."""

    def wrapped(**kwargs: Any) -> dict[str, str]:
        try:
            return completer(**kwargs)
        except Exception:
            return {}

    return wrapped


def attach_completers(parser: argparse.ArgumentParser, command: str = "") -> None:
    """Give every argument that takes an id or a name its completer (arguments that already
    have one keep it), in this parser and every subcommand's."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                attach_completers(sub, f"{command} {name}".strip())
            continue
        if getattr(action, "completer", None) is not None:
            continue
        found = COMPLETERS.get((command, action.dest)) or COMPLETERS.get(("*", action.dest))
        if found is not None:
            action.completer = _quiet(found)  # type: ignore[attr-defined]


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's Tab and exit; nothing reaches the terminal but the candidates (the
    shell script sends stdout and stderr elsewhere), and no traceback ever does."""
    try:
        import argcomplete

        attach_completers(parser)
        argcomplete.autocomplete(parser, always_complete_options=False)
    except Exception:
        pass
    os._exit(1)  # autocomplete exits by itself once it has answered
