"""Everything reviewtui takes from Textual's private API, in this one module.

Textual's private modules (`textual._loop`, `textual._parser`, `textual._xterm_parser`), the
copy of `LinuxDriver.run_input_thread`, the driver's and parser's private attributes, the
app's closing flags, its keymap and its exception handler, and a widget's own bindings are
used here and nowhere else.
tests/unit/test_textual_private.py fails, naming this module, when the installed Textual no
longer matches what it relies on.

The terminal driver: Escape then typing stays Escape; a terminal that goes away is a hangup.

Terminals send Alt+h as ESC h, so an ESC that arrives together with the next key is ambiguous.
It arrives together more often than one would think: tmux, with its default escape-time, turns
Escape pressed just before a letter into ESC+letter itself; over SSH both land in one packet;
and while the app is busy for a moment, everything typed meanwhile is read in one go.

Textual reads ESC+letter as Alt+letter, so the Escape is gone: a help screen or dialog stays
open and what is typed next goes to it and is lost. And when more than 31 characters follow the
ESC in one read, Textual gives up on the sequence and types a "^" in place of the Escape.
reviewtui binds no Alt+letter key, so an ESC followed by a printable character that cannot
start an escape sequence is read as Escape, then the character. Sequences (arrows, function
keys, mouse, bracketed paste, Alt+Backspace) are left alone, and so is text inside a paste.

When the terminal goes away (an SSH link drops, a terminal window is closed), Textual's output
thread dies on the first failed write; the screen's next writes then fill its queue and the
app freezes for good, as an orphan that still holds the database, before it can even handle
the hangup signal. Here output to a terminal that is gone is dropped, and reading end-of-file
from it is treated as the hangup it is: the app gets SIGHUP, keeps the draft and exits, even
where the signal itself never reaches it.
"""

from __future__ import annotations

import os
import re
import selectors
import signal
import weakref
from codecs import getincrementaldecoder
from collections.abc import Iterable
from typing import Any, TextIO

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen

# `ReviewLinuxDriver.run_input_thread` is a copy of Textual's `LinuxDriver.run_input_thread`
# with two changes; this is the start of the sha256 of the source it was copied from.
COPIED_RUN_INPUT_THREAD = "d796af6d69db337d"

ESC = "\x1b"
# ESC then a printable character that is not one of the introducers of an escape sequence:
# CSI [, SS3 O, OSC ], DCS P, ST \, APC _, PM ^, SOS X (and not ESC, space-less controls, DEL).
_ESCAPE_THEN_TEXT = re.compile(r"\x1b(?=[^\x00-\x1f\x7f\[O\]P\\_^X])")


def _starts_text(data: str) -> bool:
    return _ESCAPE_THEN_TEXT.match(ESC + data[:1]) is not None


class EscapeThenTypingParser(XTermParser):
    """Textual's key parser, except that ESC + typing is Escape + typing, not Alt+key."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._escape_pending = False  # the last chunk ended with a bare ESC
        self._in_paste = False

    def _pasting(self, before: str) -> bool:
        """Whether the text after `before` (the chunk so far) is inside a bracketed paste."""
        start = before.rfind(BRACKETED_PASTE_START)
        end = before.rfind(BRACKETED_PASTE_END)
        if start == end == -1:
            return self._in_paste
        return start > end

    def _end_escape(self) -> Iterable[Message]:
        """Treat the ESC just fed as a key of its own, as if its time had run out."""
        if self._timeout_time is not None:
            self._timeout_time = 0.0
            yield from self.tick()

    def feed(self, data: str) -> Iterable[Message]:
        if not data:
            yield from super().feed(data)
            return
        if self._escape_pending and _starts_text(data) and not self._in_paste:
            yield from self._end_escape()
        start = 0
        for match in _ESCAPE_THEN_TEXT.finditer(data):
            if self._pasting(data[: match.start()]):
                continue
            yield from super().feed(data[start : match.end()])
            yield from self._end_escape()
            start = match.end()
        yield from super().feed(data[start:])
        self._in_paste = self._pasting(data)
        self._escape_pending = data.endswith(ESC)


class TerminalOutput:
    """The terminal the screen is drawn on; once writing to it fails, output is dropped."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._stream.write(text)
            except (OSError, ValueError):  # EIO, EPIPE, or closed: the terminal has gone
                self.gone = True
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self.gone = True

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class ReviewLinuxDriver(LinuxDriver):
    """Textual's Linux driver with `EscapeThenTypingParser`, and a terminal that may go away."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self._file is not None:
            self._file = TerminalOutput(self._file)  # type: ignore[assignment]

    def _terminal_gone(self) -> None:
        """Input ended: the terminal hung up. Tell the app the way the kernel would."""
        if not self._loop.is_closed():
            self._loop.call_soon_threadsafe(os.kill, os.getpid(), signal.SIGHUP)

    def run_input_thread(self) -> None:
        # As LinuxDriver.run_input_thread (Textual 8), with the parser above, and an end of
        # input (a hung-up terminal) that stops reading instead of spinning on it.
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = EscapeThenTypingParser(self._debug)
        feed = parser.feed
        tick = parser.tick
        decode = getincrementaldecoder("utf-8")().decode
        ended = False

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False
        ) -> None:
            nonlocal ended
            for last, (_key, mask) in loop_last(selector_events):
                if mask & selectors.EVENT_READ:
                    try:
                        raw = os.read(fileno, 1024 * 4)
                    except OSError:  # EIO: the terminal hung up
                        raw = b""
                    if not raw:
                        ended = True
                        break
                    for event in feed(decode(raw, final=final and last)):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
                if ended:
                    self._terminal_gone()
                    return
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass


def driver_for(default: type[Driver]) -> type[Driver]:
    """Our driver where Textual would use its plain Linux one; anything else is left alone."""
    return ReviewLinuxDriver if default is LinuxDriver else default


def shutting_down(node: MessagePump) -> bool:
    """Whether `node` (the app, a screen) is closing or closed: Textual's private flags."""
    return bool(node._closing or node._closed)


def keymapped_bindings(node: DOMNode, key: str) -> list[Binding]:
    """The bindings of `node` itself (not its parents') for `key`, the app's keymap applied:
    a binding remapped by its id is found under its new key, and no longer under its old one.

    Textual applies the keymap only when it walks the chain of bindings from the focused
    widget up to the app, once a key has bubbled up; a widget that runs its own bindings
    itself reads them here, as Textual would, from a copy of its bindings."""
    bindings = node._bindings
    keymap = node.app._keymap
    if keymap:
        # Remapped once per keymap, not on every key typed (the keymap is replaced whole).
        kept = _KEYMAPPED.get(node)
        if kept is None or kept[0] is not keymap or kept[1] is not node._bindings:
            bindings = bindings.copy()
            bindings.apply_keymap(keymap)  # clashes are Textual's to report, on its own walk
            _KEYMAPPED[node] = (keymap, node._bindings, bindings)
        else:
            bindings = kept[2]
    return list(bindings.key_to_bindings.get(key, ()))


# A node's bindings with the keymap applied, while that keymap and those bindings last.
_KEYMAPPED: weakref.WeakKeyDictionary[DOMNode, tuple[object, BindingsMap, BindingsMap]] = (
    weakref.WeakKeyDictionary()
)


class OpaqueScreens(App[Any]):
    """Screens under an opaque screen are not drawn: only a see-through one (a dialog) shows
    the screen below it.

    Textual counts the screen directly under the current one as visible whatever the current
    screen's background. Such a background screen, once asked to repaint, hands its whole area
    to the screen above and asks to repaint again: every key then cost a full repaint of the
    meeting screen under it (6 ms at 120x40, and a frame later than the change the key made).
    """

    @property
    def _background_screens(self) -> list[Screen[Any]]:
        stack = self._screen_stack
        if stack and stack[-1].styles.background.a == 1:
            return []
        return super()._background_screens


class UnhandledErrors(App[Any]):
    """An app that sees each unhandled exception first: `unhandled_error` returns True when it
    dealt with it, and Textual's own handling (a traceback, then exit) is skipped."""

    def unhandled_error(self, error: Exception) -> bool:
        return False

    def _handle_exception(self, error: Exception) -> None:
        if not self.unhandled_error(error):
            super()._handle_exception(error)
