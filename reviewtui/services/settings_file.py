"""Saving a setting chosen in the app back to `config.toml`, keeping every other line."""

from __future__ import annotations

from pathlib import Path

from reviewtui.domain.settings import with_theme
from reviewtui.services.private_files import write_private


def save_theme(path: Path, theme: str) -> None:
    """Set `theme` in the config file at `path` (made if missing, in a directory readable by
    its owner only). Written whole to a temporary file (mode 0600) and renamed over the old
    one, so a crash leaves the old file or the new one, never half of one. Raises ValueError
    for a file that is not valid TOML, OSError when it cannot be read or written."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    updated = with_theme(text, theme)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_private(path, updated)
