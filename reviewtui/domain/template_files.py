"""Where review templates are found: the built-in folder, then the user's; no validation here.

Kept apart from the models (`domain.templates`, pydantic) so that the files can be listed, and
their contents compared with what was validated last time, without importing pydantic."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from reviewtui.assets import asset_dir


def builtin_dir() -> Path:
    return asset_dir("templates")


def template_files(user_dirs: Iterable[Path] = ()) -> Iterator[Path]:
    """Every template file in load order: the built-in ones, then each user folder's (a later
    file with the same id overrides an earlier one)."""
    for directory in (builtin_dir(), *user_dirs):
        if directory.is_dir():
            yield from sorted(directory.glob("*.toml"))
