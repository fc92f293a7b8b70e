"""Every key binding of the app, found in its classes; a user's keymap checked against them.

Each binding has an id: `[keys]` in config.toml maps ids to keys (comma-separated, as Textual's
keymaps do), the help lists the ids, and tests/ui/test_key_table.py holds the README's key
table to the bindings.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.dom import DOMNode

import reviewtui.screens
import reviewtui.widgets
from reviewtui.widgets.key_hints import declared_bindings, key_problem, normal_key


def _subclasses(cls: type) -> Iterable[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def binding_classes() -> list[type]:
    """Every screen and widget class of the app that declares bindings (each module of
    screens/ and widgets/ is imported to find them)."""
    for package in (reviewtui.screens, reviewtui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")
    found = {
        cls
        for cls in _subclasses(DOMNode)
        if cls.__module__.startswith("reviewtui.") and declared_bindings(cls)
    }
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def bindings_by_id(classes: Iterable[type]) -> dict[str, list[Binding]]:
    found: dict[str, list[Binding]] = {}
    for cls in classes:
        for binding in declared_bindings(cls):
            if binding.id:
                found.setdefault(binding.id, []).append(binding)
    return found


def checked_keys(wanted: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The entries of a user's keymap whose keys are all keys (normalised as Textual names
    them), and one line for each entry that has one that is not; that binding keeps its
    default keys. Binding ids are checked by `unknown_ids`."""
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in wanted.items():
        parts = [k.strip() for k in keys.split(",")]
        bad = next(((k, p) for k in parts if (p := key_problem(k)) is not None), None)
        if bad is not None:
            key, problem = bad
            problems.append(f"[keys] {binding_id}: {key!r}: {problem}; its default keys stay")
            continue
        keymap[binding_id] = ",".join(normal_key(k) for k in parts)
    return keymap, problems


def unknown_ids(keymap: Mapping[str, str], classes: Iterable[type]) -> list[str]:
    """One line for each keymap entry that names no binding of the app."""
    known = bindings_by_id(classes)
    return [
        f"[keys] {binding_id}: there is no key binding with this id"
        " (the README's key table lists them)"
        for binding_id in keymap
        if binding_id not in known
    ]
