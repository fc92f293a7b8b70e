"""Search snippets for display: the match markers split out, controls cleaned, no markup."""

from __future__ import annotations

from reviewtui.domain.text import MATCH_END, MATCH_START, plain_snippet, snippet_parts


def test_snippet_parts_split_on_the_markers_and_clean_each_piece() -> None:
    snippet = (
        f"…the {MATCH_START}budget{MATCH_END} [bold]\x1b]0;x\x07 is\n{MATCH_START}up{MATCH_END}"
    )
    assert snippet_parts(snippet) == [
        ("…the ", False),
        ("budget", True),
        (" [bold] is ", False),
        ("up", True),
    ]
    assert plain_snippet(snippet) == "…the «budget» [bold] is «up»"
    assert snippet_parts("") == []
