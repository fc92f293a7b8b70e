"""Where things live (database, config, minutes) and the open handles every use-case needs."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reviewtui.domain.clock import Clock, SystemClock
from reviewtui.services.database_location import DatabaseLocation
from reviewtui.services.places import (  # noqa: F401  (where things live, re-exported)
    APP_NAME,
    CONFIG_ENV,
    CONFIG_FILE,
    DB_ENV,
    config_dir,
    default_db_path,
    resolve_database,
)
from reviewtui.services.user_config import UserConfig, user_config
from reviewtui.store import Database, open_database
from reviewtui.store.db import open_another_connection

if TYPE_CHECKING:
    from reviewtui.domain.settings import Settings
    from reviewtui.domain.templates import Template


@dataclass
class Workspace:
    db: Database
    clock: Clock
    # The templates and settings, each validated when first used (see `services.user_config`).
    config: UserConfig
    tz: str = "UTC"

    @property
    def templates(self) -> dict[str, Template]:
        return self.config.templates

    @property
    def settings(self) -> Settings:
        return self.config.settings

    @property
    def problems(self) -> list[str]:
        """What is wrong with the user's templates or settings, one line each."""
        return self.config.problems

    @property
    def settings_path(self) -> Path:
        """The config.toml the settings come from, where a setting chosen in the app is saved."""
        return self.config.settings_path

    @property
    def location(self) -> DatabaseLocation:
        """Where the database is: its file, or in memory."""
        return DatabaseLocation(self.db.path)

    @property
    def minutes_dir(self) -> Path:
        return self.location.minutes_dir

    def template(self, template_id: str) -> Template:
        try:
            return self.templates[template_id]
        except KeyError:
            known = ", ".join(sorted(self.templates))
            raise ValueError(f"no template {template_id!r} (known: {known})") from None

    def close(self) -> None:
        self.db.close()

    def checkpoint(self) -> bool:
        """Fold the write-ahead log into the database file, unless another program is busy
        with it (then False, and nothing waits more than a moment)."""
        return self.db.checkpoint()

    def on_connection(self, db: Database) -> Workspace:
        """This workspace on another connection to its database (see `own_connection`)."""
        return replace(self, db=db)

    @contextlib.contextmanager
    def own_connection(self) -> Iterator[Workspace]:
        """This workspace on a database connection of its own, for a long read in a worker
        thread: the app's connection, shared by the screens, is never kept waiting meanwhile.
        An in-memory database has only the one connection."""
        if self.db.path is None:
            yield self
            return
        other = self.on_connection(open_another_connection(self.db.path))
        try:
            yield other
        finally:
            other.db.close()


def _make_private_dir(folder: Path) -> None:
    """Make `folder` and any missing parents, each readable by the owner only (mode 0700,
    whatever the umask)."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path, 0o700)


def open_workspace(
    database: DatabaseLocation | Path | str | None,
    clock: Clock | None = None,
    config: Path | None = None,
    create_parent: bool = False,
    create: bool = True,
) -> Workspace:
    """Open the database (creating/migrating it unless `create` is false); the templates and
    settings of `config` (default: the user's config directory) are read when first used.
    `database`: a location, or a path (`:memory:` or None: in memory).

    `create_parent` makes the database's directory (readable by the owner only) if missing:
    for the default data directory only; a directory the user named is theirs to make."""
    file = DatabaseLocation.of(database).file
    if file is not None and create_parent:
        _make_private_dir(file.parent)
    db = open_database(file, create=create)
    clock = clock or SystemClock()
    return Workspace(db=db, clock=clock, config=user_config(config or config_dir()), tz=clock.tz)
