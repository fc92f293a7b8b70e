"""Where the database is: a file, or in memory for this run only (`--db :memory:`).

`--db` and $REVIEWTUI_DB are read into a `DatabaseLocation` once, where they come in
(`cli.main`, and the shell's Tab completion, which does not run it). From there on nothing
reads `:memory:` or expands a `~` again: the location says whether anything is kept, how it
is named to the user and on a command line, and where its recovery file and minutes go.

Light on purpose (no database, no Textual): the command line's help and the start screen
use it.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

MEMORY = ":memory:"  # SQLite's name for a database in memory, as `--db` takes it
IN_MEMORY = "in memory (nothing is kept)"
RECOVERY_SUFFIX = ".recovery"


@dataclass(frozen=True)
class DatabaseLocation:
    """A database file (its `~` expanded), or None for one in memory."""

    file: Path | None

    @classmethod
    def parse(cls, given: str | os.PathLike[str]) -> DatabaseLocation:
        """`--db` (or $REVIEWTUI_DB) as given: `:memory:` for a database in memory, else a
        path, its leading `~` expanded. ValueError for an empty one."""
        text = os.fspath(given)
        if text == MEMORY:
            return cls(None)
        if not text.strip():
            raise ValueError("the database path is empty")
        return cls(Path(text).expanduser())

    @classmethod
    def of(cls, given: DatabaseLocation | str | os.PathLike[str] | None) -> DatabaseLocation:
        """`given` as a location: None is a database in memory."""
        if isinstance(given, DatabaseLocation):
            return given
        return cls(None) if given is None else cls.parse(given)

    @property
    def in_memory(self) -> bool:
        return self.file is None

    def __str__(self) -> str:
        """How the database is named to the user."""
        return str(self.file) if self.file is not None else IN_MEMORY

    @property
    def command_arg(self) -> str:
        """What `--db` takes for this database, quoted for a shell."""
        return shlex.quote(str(self.file) if self.file is not None else MEMORY)

    @property
    def recovery_file(self) -> Path | None:
        """Where changes that could not be written wait; None in memory, where nothing
        outlives the run."""
        return recovery_path(self.file) if self.file is not None else None

    @property
    def minutes_dir(self) -> Path:
        """Minutes are written next to the database; in memory, under the current folder."""
        folder = self.file.parent if self.file is not None else Path.cwd()
        return folder / "minutes"

    def absolute(self) -> DatabaseLocation:
        """The same database named from the root, for a process started elsewhere."""
        return self if self.file is None else DatabaseLocation(self.file.resolve())


def recovery_path(db_file: Path) -> Path:
    """The recovery file of the database in `db_file`: next to it (`reviews.db.recovery`)."""
    return db_file.with_name(db_file.name + RECOVERY_SUFFIX)
