"""Keys as the app names them, taken from the bindings: no key is typed as prose anywhere.

`key_name` is what the footer, the help and every hint show for one key (F8, Ctrl+N, Esc);
`binding_keys` is the keys a binding has where a widget is, after the user's keymap
(`[keys]` in config.toml), so a remapped key is named as remapped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, format_key

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "space": "Space",
    "backspace": "Backspace",
    "delete": "Delete",
    "insert": "Insert",
    "home": "Home",
    "end": "End",
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}
_KNOWN = frozenset(k.value for k in Keys) | frozenset(_NAMES)


def key_name(key: str) -> str:
    """One key as shown: `f8` -> F8, `ctrl+n` -> Ctrl+N, `escape` -> Esc, `n` -> n."""
    *modifiers, base = key.strip().split("+")
    if base in _NAMES:
        shown = _NAMES[base]
    elif base[:1] == "f" and base[1:].isdigit():
        shown = base.upper()
    else:
        shown = format_key(base)
        if modifiers and len(shown) == 1:
            shown = shown.upper()
    return "+".join([*(m.capitalize() for m in modifiers), shown])


def keys_text(keys: str) -> str:
    """A binding's keys (comma-separated) as shown: `f8,ctrl+n` -> F8 or Ctrl+N."""
    return " or ".join(key_name(k) for k in keys.split(",") if k.strip())


def normal_key(key: str) -> str:
    """`key` as Textual names it: modifiers and key names in lower case (a single character
    keeps its case: `N` is Shift+n)."""
    *modifiers, base = key.strip().split("+")
    return "+".join([*(m.lower() for m in modifiers), base if len(base) == 1 else base.lower()])


def key_problem(key: str) -> str | None:
    """Why `key` is not a key the app can bind, or None when it is one."""
    *modifiers, base = normal_key(key).split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"{unknown[0]!r} is not a modifier ({', '.join(MODIFIERS)})"
    if not base:
        return "a key is missing"
    if base in _KNOWN or (base[:1] == "f" and base[1:].isdigit() and 1 <= int(base[1:]) <= 24):
        return None
    if len(base) == 1 and base.isprintable() and not base.isspace():
        return None
    try:
        unicodedata.lookup(base.replace("_", " "))
    except KeyError:
        return f"{base!r} is not a key name"
    return None


def _classes_near(node: DOMNode) -> Iterator[type]:
    """The classes whose bindings can apply where `node` is: its own, the screen's and its
    widgets', then the app's."""
    yield from type(node).__mro__
    screen = node.screen if node is not node.app else None
    if screen is not None:
        for child in screen.walk_children(with_self=True):
            yield from type(child).__mro__
    yield from type(node.app).__mro__


def declared_bindings(cls: type) -> list[Binding]:
    """The bindings a class declares itself (not the ones it inherits)."""
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


# Default keys found by (class of the node, class of its screen, binding id): hints are built
# on every key typed, and the same screen class always holds the same widgets.
_FOUND: dict[tuple[type, type | None, str], str] = {}


def _bound_keys(node: DOMNode, binding_id: str, on: type | None) -> str:
    keymap: dict[str, str] = getattr(node.app, "keymap_in_use", {})
    if binding_id in keymap:
        return keymap[binding_id]
    where = (on or type(node), None if on else type(node.screen), binding_id)
    if where not in _FOUND:
        for cls in on.__mro__ if on is not None else _classes_near(node):
            keys = next((b.key for b in declared_bindings(cls) if b.id == binding_id), None)
            if keys is not None:
                _FOUND[where] = keys
                break
        else:
            raise LookupError(f"no key binding {binding_id!r} here")
    return _FOUND[where]


def binding_keys(node: DOMNode, binding_id: str, *, on: type | None = None) -> str:
    """The keys of binding `binding_id` where `node` is (or of class `on`, a dialog about to
    open), as shown in a sentence, a user's keymap applied: "F8 or Ctrl+N".

    Raises LookupError when no binding there has that id: a hint must name a real binding."""
    return keys_text(_bound_keys(node, binding_id, on))


def footer_key(node: DOMNode, binding_id: str) -> str:
    """The first key of binding `binding_id`, as the footer shows keys (`app.get_key_display`),
    for a hint line that reads like the footer."""
    first = _bound_keys(node, binding_id, None).split(",")[0].strip()
    return node.app.get_key_display(Binding(first, ""))


def widget_keys(widget: type, action: str) -> str:
    """The keys of one of Textual's own widget bindings (they have no id: no keymap changes
    them), by its action: `widget_keys(Input, "submit")` is Enter."""
    for cls in widget.__mro__:
        for binding in declared_bindings(cls):
            if binding.action == action:
                return keys_text(binding.key)
    raise LookupError(f"no {action!r} binding on {widget.__name__}")


def submit_keys() -> str:
    """The keys that submit a text field."""
    from textual.widgets import Input

    return widget_keys(Input, "submit")
