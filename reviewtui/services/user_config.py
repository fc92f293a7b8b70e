"""The user's review templates and settings: validated by their pydantic models when first needed,
and outlined for the start screen from a checked cache.

The start screen needs little of them: each template's name, section count and length, the
theme, and any problem to report (and a resumed queues section, its minutes per account). That
outline is kept in a small file in the user cache directory together with a digest of everything
that went into it: every template file (the built-in ones and the user's), `config.toml`, the
modules that validate them and the version. While the digest matches, the app shows its first
screen without importing pydantic; when anything changed, everything is validated again (the
same models, the same messages) and the cache is rewritten. The full models are loaded, and
validated, the first time something needs them: starting a meeting, its wrap-up, the
data-health checks.

The cache is only ever a copy: a missing, unreadable or stale one costs the full load, and one
that cannot be written changes nothing else.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewtui.domain.template_files import template_files
from reviewtui.services.checked_cache import input_digest, read_cache, write_cache
from reviewtui.services.places import CONFIG_FILE, cache_dir

if TYPE_CHECKING:
    from reviewtui.domain.settings import Settings
    from reviewtui.domain.templates import Template

# 2: the outline carries the [keys] table; 3: each template's minutes per account by section
CACHE_FORMAT = 3
# The modules whose rules decide what is valid: a change to either makes the cache stale.
_VALIDATORS = (
    "reviewtui.domain.templates",
    "reviewtui.domain.settings",
    "reviewtui.domain.prompts",
)


@dataclass(frozen=True)
class TemplateOutline:
    """What the start screen lists of a template."""

    id: str
    name: str
    sections: int
    minutes: float
    cadence: str | None = None  # how often its series meet, unless a series sets its own
    # (section title, minutes per account) for the sections that set a timebox per account
    account_minutes: tuple[tuple[str, float], ...] = ()

    def account_timebox(self, title: str) -> int | None:
        """Seconds per account in the section of that title, when the template sets one."""
        for section, minutes in self.account_minutes:
            if section == title:
                return round(minutes * 60)
        return None


@dataclass(frozen=True)
class ConfigOutline:
    """The outcome of validating the templates and settings, in brief."""

    templates: tuple[TemplateOutline, ...]
    theme: str | None
    problems: tuple[str, ...]
    keys: tuple[tuple[str, str], ...] = ()  # the `[keys]` table: binding id -> keys


class UserConfig:
    """The templates and settings of one config directory, each loaded once, when first asked
    for (from any thread)."""

    def __init__(self, folder: Path, cache: Path | None = None) -> None:
        self.folder = folder
        self.settings_path = folder / CONFIG_FILE
        # None: no cache (the outline then comes from the full load).
        self.cache_file = cache
        self._lock = threading.RLock()
        self._templates: dict[str, Template] | None = None
        self._settings: Settings | None = None
        self._outline: ConfigOutline | None = None

    @property
    def template_dirs(self) -> list[Path]:
        return [self.folder / "templates"]

    @property
    def templates(self) -> dict[str, Template]:
        with self._lock:
            if self._templates is None:
                self._load()
            assert self._templates is not None
            return self._templates

    @property
    def settings(self) -> Settings:
        with self._lock:
            if self._settings is None:
                self._load()
            assert self._settings is not None
            return self._settings

    def outline(self) -> ConfigOutline:
        """The templates in brief, the theme and the problems: from the cache when it was made
        from exactly these files, else from the full load (which then refreshes the cache)."""
        with self._lock:
            if self._outline is None:
                digest = self._digest()
                cached = self._read_cache(digest) if digest else None
                if cached is None:
                    self._load()
                    assert self._outline is not None
                    if digest:
                        self._write_cache(digest, self._outline)
                else:
                    self._outline = cached
            return self._outline

    @property
    def problems(self) -> list[str]:
        return list(self.outline().problems)

    # -- the full load, with pydantic ---------------------------------------------------

    def _load(self) -> None:
        from reviewtui.domain.settings import load_settings
        from reviewtui.domain.templates import load_templates

        templates, problems = load_templates(self.template_dirs)
        settings, setting_problems = load_settings(self.settings_path)
        problems.extend(setting_problems)
        self._templates, self._settings = templates, settings
        if self._outline is None:
            self._outline = ConfigOutline(
                templates=tuple(
                    TemplateOutline(
                        t.id,
                        t.name,
                        len(t.sections),
                        t.total_minutes,
                        t.cadence,
                        tuple(
                            (s.title, s.account_minutes) for s in t.sections if s.account_minutes
                        ),
                    )
                    for t in templates.values()
                ),
                theme=settings.theme,
                problems=tuple(problems),
                keys=tuple(settings.keys.items()),
            )

    # -- the cache ----------------------------------------------------------------------

    def _digest(self) -> str | None:
        """A digest of every input of the full load; None when one cannot be read."""
        files = [("template", path) for path in template_files(self.template_dirs)]
        if self.settings_path.is_file():
            files.append(("settings", self.settings_path))
        return input_digest(CACHE_FORMAT, _VALIDATORS, files)

    def _read_cache(self, digest: str) -> ConfigOutline | None:
        data = read_cache(self.cache_file, digest)
        if data is None:
            return None
        try:
            theme = data["theme"]
            return ConfigOutline(
                templates=tuple(
                    TemplateOutline(
                        str(t["id"]),
                        str(t["name"]),
                        int(t["sections"]),
                        t["minutes"],
                        None if t["cadence"] is None else str(t["cadence"]),
                        tuple((str(title), float(m)) for title, m in t["account_minutes"]),
                    )
                    for t in data["templates"]
                ),
                theme=None if theme is None else str(theme),
                problems=tuple(str(p) for p in data["problems"]),
                keys=tuple((str(k), str(v)) for k, v in data["keys"]),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def _write_cache(self, digest: str, outline: ConfigOutline) -> None:
        data: dict[str, object] = {
            "templates": [vars(t) for t in outline.templates],
            "theme": outline.theme,
            "problems": list(outline.problems),
            "keys": [list(pair) for pair in outline.keys],
        }
        write_cache(self.cache_file, digest, data)


def user_config(folder: Path) -> UserConfig:
    """The config directory's templates and settings, with the outline cached in the user
    cache directory (one file per config directory)."""
    name = hashlib.sha256(str(folder.expanduser().absolute()).encode()).hexdigest()[:16]
    return UserConfig(folder, cache_dir() / f"config-{name}.json")
