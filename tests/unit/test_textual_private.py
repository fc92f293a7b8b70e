"""The private Textual API reviewtui relies on is still there, as reviewtui/terminal_input.py
(the one module that uses it) expects it. A Textual upgrade that changes any of it fails here,
loudly, before it breaks typing in the app."""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
from pathlib import Path

import pytest
import textual
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.message_pump import MessagePump
from textual.widgets import Input

import reviewtui
from reviewtui import terminal_input

MODULE = "reviewtui/terminal_input.py"
PACKAGE = Path(reviewtui.__file__).parent


def changed(what: str) -> str:
    return (
        f"{MODULE} relies on Textual's private {what}, which the installed Textual"
        f" {textual.__version__} no longer has as expected: update {MODULE} to match"
    )


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("textual._loop", ["loop_last"]),
        ("textual._parser", ["ParseError"]),
        ("textual._xterm_parser", ["XTermParser", "BRACKETED_PASTE_START", "BRACKETED_PASTE_END"]),
    ],
)
def test_the_private_modules_are_there(module: str, names: list[str]) -> None:
    try:
        found = importlib.import_module(module)
    except ImportError:
        pytest.fail(changed(f"module {module}"))
    for name in names:
        assert hasattr(found, name), changed(f"{module}.{name}")


def test_the_parser_keeps_its_escape_timeout_and_tick() -> None:
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    assert hasattr(parser, "_timeout_time"), changed("XTermParser._timeout_time")
    assert callable(getattr(parser, "tick", None)), changed("XTermParser.tick")
    list(parser.feed("\x1b"))
    assert parser._timeout_time is not None, changed("XTermParser._timeout_time (set by ESC)")


def test_the_copied_input_loop_matches_textuals() -> None:
    source = inspect.getsource(LinuxDriver.run_input_thread)
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    assert digest == terminal_input.COPIED_RUN_INPUT_THREAD, changed(
        "LinuxDriver.run_input_thread (copied into ReviewLinuxDriver; compare the two, then"
        f" set COPIED_RUN_INPUT_THREAD = {digest!r})"
    )
    for name in ("_file", "_loop", "_debug", "exit_event", "fileno"):
        assert name in inspect.getsource(LinuxDriver), changed(f"LinuxDriver.{name}")


def test_the_app_keeps_its_closing_flags_and_exception_handler() -> None:
    init = inspect.getsource(MessagePump.__init__)
    for flag in ("self._closing", "self._closed"):
        assert flag in init, changed(f"MessagePump.{flag.removeprefix('self.')}")
    assert callable(getattr(App, "_handle_exception", None)), changed("App._handle_exception")


def test_the_app_still_lists_its_background_screens() -> None:
    """OpaqueScreens narrows which screens Textual draws under the current one."""
    assert isinstance(App.__dict__.get("_background_screens"), property), changed(
        "App._background_screens"
    )
    assert "_screen_stack" in inspect.getsource(App), changed("App._screen_stack")


async def test_an_opaque_screen_has_nothing_under_it_and_a_dialog_has() -> None:
    from textual.screen import ModalScreen, Screen

    class Probe(terminal_input.OpaqueScreens):
        pass

    app = Probe()
    async with app.run_test(size=(40, 10)) as pilot:
        await app.push_screen(Screen())
        await pilot.pause()
        assert app._background_screens == []
        await app.push_screen(ModalScreen())
        await pilot.pause()
        assert len(app._background_screens) == 1


def test_input_still_handles_paste_itself() -> None:
    """NoteInput's paste replaces Input's own (which keeps only the first line) by preventing
    the default handler, which must still be the one that pastes."""
    assert "_on_paste" in Input.__dict__, changed("Input._on_paste")


async def test_a_widgets_own_bindings_read_with_the_keymap_applied() -> None:
    """SteadyInput runs its own bindings itself, found through the widget's private bindings
    map with the app's private keymap applied, as Textual's own walk of the bindings does."""
    from textual.binding import Binding, BindingsMap
    from textual.widget import Widget

    class Keyed(Widget, can_focus=True):
        BINDINGS = [Binding("tab", "complete", "Complete", id="complete")]

    app = App[None]()
    async with app.run_test(size=(40, 10)):
        widget = Keyed()
        await app.mount(widget)
        assert isinstance(getattr(widget, "_bindings", None), BindingsMap), changed(
            "DOMNode._bindings"
        )
        assert getattr(app, "_keymap", None) == {}, changed("App._keymap")
        assert [b.action for b in terminal_input.keymapped_bindings(widget, "tab")] == ["complete"]
        app.set_keymap({"complete": "ctrl+l,?"})
        assert terminal_input.keymapped_bindings(widget, "tab") == [], changed(
            "App._keymap (as set_keymap sets it) or BindingsMap.apply_keymap"
        )
        for key in ("ctrl+l", "question_mark"):  # as Textual names keys: `?` is question_mark
            (found,) = terminal_input.keymapped_bindings(widget, key)
            assert (found.action, found.id) == ("complete", "complete")
        # The widget's own map is read, never changed.
        assert [b.key for b in widget._bindings.key_to_bindings["tab"]] == ["tab"]


def test_no_other_module_touches_the_private_api() -> None:
    """What is checked above is all there is: nothing else imports a private Textual module
    or reads the private flags."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "terminal_input.py":
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual._"):
                offenders.append(f"{path.name}:{node.lineno} imports {node.module}")
            if isinstance(node, ast.Attribute) and node.attr in (
                "_closing",
                "_closed",
                "_handle_exception",
                "_xterm_parser",
                "_timeout_time",
                "_background_screens",
                "_bindings",
                "_keymap",
            ):
                offenders.append(f"{path.name}:{node.lineno} uses {node.attr}")
    assert not offenders, f"private Textual API belongs in {MODULE}: " + "; ".join(offenders)
