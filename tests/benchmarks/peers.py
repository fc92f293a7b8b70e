"""Two well-known Textual apps measured beside reviewtui: Harlequin (a SQL IDE) and Posting (an
HTTP client), each in a virtual environment of its own, made once and kept:

    ~/.cache/reviewtui-bench/peers/harlequin, .../posting   ($XDG_CACHE_HOME is honoured)

Each is installed from PyPI at a pinned version with the environment's own pip (each pulls the
Textual it was released with, so they do not share one environment). `run_all.py --peers`
starts them in the same tmux pane as reviewtui and the minimal app, and types into their main
input as into reviewtui's note input. Their files (history, collections, config) go to a
scratch home of the run, never the user's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Pinned, so that a figure compares with the previous run's; raise them deliberately.
VERSIONS = {"harlequin": "2.17.0", "posting": "2.11.1"}
# What else each needs pinned: Posting 2.11.1 runs on Textual 6.1, whose syntax highlighting
# crashes the interpreter (a segmentation fault at start) with tree-sitter 0.26.
EXTRA = {"harlequin": [], "posting": ["tree-sitter<0.26"]}


@dataclass(frozen=True)
class Peer:
    name: str
    version: str
    argv: list[str]
    # Text on screen once the first screen is up and its input has the focus.
    markers: tuple[str, ...]
    # The keys that empty that input between typed words.
    clear: tuple[str, ...] = ("C-u",)


def peers_dir() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "reviewtui-bench" / "peers"


def _requirements(name: str) -> list[str]:
    return [f"{name}=={VERSIONS[name]}", *EXTRA[name]]


def _installed(folder: Path, name: str) -> bool:
    stamp = folder / "installed.json"
    try:
        return (
            json.loads(stamp.read_text(encoding="utf-8")) == _requirements(name)
            and (folder / "bin" / name).exists()
        )
    except (OSError, ValueError):
        return False


def ensure(log: Callable[[str], None], root: Path | None = None) -> dict[str, Path]:
    """Each peer's environment, made (or remade, for another version) when missing; the path
    of each one's command."""
    root = root or peers_dir()
    commands: dict[str, Path] = {}
    for name in VERSIONS:
        folder = root / name
        wanted = _requirements(name)
        if not _installed(folder, name):
            log(f"installing {' '.join(wanted)} into {folder} (once; kept for later runs) ...")
            shutil.rmtree(folder, ignore_errors=True)
            folder.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
            done = subprocess.run(
                [str(folder / "bin" / "pip"), "install", "-q", *wanted],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise SystemExit(f"cannot install {' '.join(wanted)}:\n{done.stderr[-2000:]}")
            (folder / "installed.json").write_text(json.dumps(wanted), encoding="utf-8")
        commands[name] = folder / "bin" / name
    return commands


def peers(commands: dict[str, Path], work: Path) -> list[Peer]:
    """How each peer is started on an empty workspace of the run's, and what says it is up."""
    collection = work / "posting-collection"
    collection.mkdir(exist_ok=True)
    return [
        Peer(
            "harlequin",
            VERSIONS["harlequin"],
            [str(commands["harlequin"]), "--theme", "textual-dark"],
            ("Data Catalog", "Query Editor"),
            ("C-a", "BSpace"),  # its editor selects everything, then deletes it
        ),
        Peer(
            "posting",
            VERSIONS["posting"],
            [str(commands["posting"]), "--collection", str(collection)],
            ("Posting", "Enter a URL"),
        ),
    ]


def scratch_home(work: Path) -> dict[str, str]:
    """Environment variables that keep every program's files inside the run's folder."""
    home = work / "home"
    for part in ("config", "data", "state", "cache"):
        (home / part).mkdir(parents=True, exist_ok=True)
    return {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
