"""A mapping file written from what an import chose, for the user to edit and pass back
with --mapping: one line per column, the field (or "ignore") and why, as a comment."""

from __future__ import annotations

from reviewtui.domain.text import one_line
from reviewtui.importers.columns import FIELDS, IGNORE, ColumnMap, normalise_header


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and every control escaped."""
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def mapping_text(columns: ColumnMap, file_name: str) -> str:
    """The TOML text of a mapping file for these columns."""
    lines = [
        f"# Column mapping for {one_line(file_name, 120)}, written by reviewtui import accounts.",
        '# Each line: "Header in the file" = "field", or "ignore". Edit, then import with',
        "#     reviewtui import accounts FILE --mapping THIS_FILE",
        "# Fields: " + ", ".join(FIELDS),
        "",
        "[columns]",
    ]
    for column in columns.columns:
        header = columns.headers[column.index]
        why = one_line(column.why, 160)
        sample = " | ".join(column.sample)
        note = f"# {column.source + ': ' if column.source else ''}{why}"
        if sample:
            note += f"; e.g. {one_line(sample, 80)}"
        if not normalise_header(header):
            lines.append(f"# (column {column.index + 1} has no header) {note[2:]}")
            continue
        target = column.field or IGNORE
        lines.append(f"{toml_string(one_line(header))} = {toml_string(target)}  {note}")
    return "\n".join(lines) + "\n"
