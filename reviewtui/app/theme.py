"""The app's theme: `--theme`, else the one in config.toml, applied at start; a theme picked in
the app (Ctrl+P, then theme) is saved to config.toml for the next start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewtui.domain.text import one_line
from reviewtui.widgets.key_hints import binding_keys

if TYPE_CHECKING:
    from textual.theme import Theme

    from reviewtui.app.review_app import ReviewApp


class ThemeChoice:
    """The theme in use, and the one line said when the one asked for is not a theme."""

    def __init__(self, app: ReviewApp, requested: str | None) -> None:
        self.app = app
        self.requested = requested  # `--theme` for this run
        self.in_use = ""
        self.problem = ""

    def apply_at_start(self) -> None:
        """The theme asked for on the command line, or else in config.toml; a name that is not
        a theme is one line of warning, and the default theme stays."""
        app = self.app
        name = self.requested
        source = "--theme"
        if name is None:
            name, source = app.ws.config.outline().theme, str(app.ws.settings_path)
        if name and name in app.available_themes:
            app.theme = name
        elif name:
            self.problem = (
                f"{one_line(source)}: no theme {one_line(name, 40)!r}; using {app.theme}"
                f" ({binding_keys(app, 'palette')}, then theme, lists them)"
            )
            app.notify(self.problem, severity="warning", timeout=8)
        self.in_use = app.theme
        app.theme_changed_signal.subscribe(app, self.chosen)

    def chosen(self, theme: Theme) -> None:
        """A theme picked in the app is saved to config.toml, so the next start uses it; every
        other setting in the file stays as it was."""
        if theme.name == self.in_use:
            return  # the one applied at start, or chosen again
        self.in_use = theme.name
        path = self.app.ws.settings_path
        from reviewtui.services.settings_file import save_theme

        try:
            save_theme(path, theme.name)
        except (OSError, ValueError) as error:
            self.app.notify(
                f"Theme not saved to {one_line(str(path))}: {one_line(str(error))}",
                severity="warning",
                timeout=8,
            )
