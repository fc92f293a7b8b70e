"""The user's keymap: the `[keys]` table of config.toml applied to the app's bindings at start.

A good entry remaps its binding; a bad one (a key that is not a key, an id no binding has) is
one line of warning, and that binding keeps its keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewtui.domain.text import one_line

if TYPE_CHECKING:
    from reviewtui.app.review_app import ReviewApp


def apply_keymap(app: ReviewApp) -> None:
    """Remap the bindings the `[keys]` table names. The ids are checked off the app's loop:
    that imports every screen, which the start skips."""
    # From the outline: the start screen is drawn without loading the settings' models.
    wanted = dict(app.ws.config.outline().keys)
    if not wanted:
        return
    from reviewtui.screens.keys import checked_keys

    keymap, problems = checked_keys(wanted)
    app.keymap_in_use = keymap
    app.set_keymap(keymap)
    say_keymap_problems(app, problems)
    app.run_worker(lambda: _check_keymap_ids(app), thread=True, group="keymap")


def _check_keymap_ids(app: ReviewApp) -> None:
    """In a worker thread: the ids in the keymap that no binding of any screen has."""
    from reviewtui.screens.keys import binding_classes, unknown_ids

    problems = unknown_ids(app.keymap_in_use, [type(app), *binding_classes()])
    if problems:
        app.call_from_thread(say_keymap_problems, app, problems)


def say_keymap_problems(app: ReviewApp, problems: list[str]) -> None:
    source = one_line(str(app.ws.settings_path or "config.toml"))
    for problem in problems:
        app.notify(f"{source}: {one_line(problem)}", severity="warning", timeout=10)
