"""Reading keys: Escape followed at once by typing is Escape, then the typing, never Alt+key."""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers.headless_driver import HeadlessDriver
from textual.drivers.linux_driver import LinuxDriver

from reviewtui.terminal_input import EscapeThenTypingParser, ReviewLinuxDriver, driver_for

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


def keys(*chunks: str, flush: bool = True, stock: bool = False) -> list[str]:
    """Key names (or `paste:<text>`) the parser makes of chunks read one after the other.

    `stock=True` uses Textual's own parser, to compare with.
    """
    parser = XTermParser() if stock else EscapeThenTypingParser()
    found: list[events.Event] = []
    for chunk in chunks:
        found += [e for e in parser.feed(chunk) if isinstance(e, events.Key | events.Paste)]
    if flush and parser._timeout_time is not None:
        parser._timeout_time = 0.0  # as if ESCDELAY had passed with nothing more read
        found += list(parser.tick())
    return [f"paste:{e.text}" if isinstance(e, events.Paste) else e.key for e in found]


def test_escape_then_letters_in_one_read() -> None:
    assert keys("\x1bhello\r") == ["escape", "h", "e", "l", "l", "o", "enter"]


def test_escape_then_a_long_burst_types_no_caret() -> None:
    text = "this note is longer than thirty-two characters"
    found = keys("\x1b" + text)
    assert found[0] == "escape"
    assert "circumflex_accent" not in found
    assert len(found) == 1 + len(text)


def test_escape_at_the_end_of_one_read_and_letters_in_the_next() -> None:
    assert keys("ab\x1b", "cd") == ["a", "b", "escape", "c", "d"]


def test_escape_alone_is_escape_once_its_time_runs_out() -> None:
    assert keys("\x1b") == ["escape"]
    assert keys("\x1b", flush=False) == []  # still waiting: it may be the start of a sequence


def test_two_escapes_then_text() -> None:
    assert keys("\x1b\x1bq") == ["escape", "escape", "q"]


def test_sequences_are_untouched() -> None:
    assert keys("\x1b[A\x1bOP\x1b[21~\x1b[15~") == ["up", "f1", "f10", "f5"]
    for sequence in ("\x1b\x7f", "\x1b\r", "\x1b[<0;3;4M", "\x1bOA", "\x1b[1;5C"):
        assert keys(sequence) == keys(sequence, stock=True), repr(sequence)


def test_text_inside_a_paste_is_left_as_textual_reads_it() -> None:
    for chunks in (
        [PASTE_START + "a\x1bb c" + PASTE_END],
        [PASTE_START + "one", "\x1bxy", " two" + PASTE_END],
        [PASTE_START + "plain [b]text[/b]" + PASTE_END],
    ):
        assert keys(*chunks) == keys(*chunks, stock=True), chunks
    assert keys(PASTE_START + "plain" + PASTE_END, "\x1bq") == ["paste:plain", "escape", "q"]


def test_markup_and_escape_codes_in_typing_reach_the_app_as_text() -> None:
    found = keys("[b]x[/b]")
    assert found == [
        "left_square_bracket",
        "b",
        "right_square_bracket",
        "x",
        "left_square_bracket",
        "slash",
        "b",
        "right_square_bracket",
    ]


def test_the_driver_is_replaced_only_where_textual_uses_its_linux_driver() -> None:
    assert driver_for(LinuxDriver) is ReviewLinuxDriver
    assert driver_for(HeadlessDriver) is HeadlessDriver
