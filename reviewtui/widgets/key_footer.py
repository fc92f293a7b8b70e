"""The footer used on every screen: compact, so the keys that matter fit in 80 columns."""

from __future__ import annotations

from textual.widgets import Footer


def key_footer() -> Footer:
    """Ctrl+P (command palette) is listed in the help screen instead of taking footer space."""
    return Footer(compact=True, show_command_palette=False)
