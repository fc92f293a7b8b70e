"""The layer rule: layers point down, Textual stays out of the core, SQL stays in store.

- domain/, store/ and services/ import without pulling in Textual (checked in a fresh process);
- no module outside reviewtui/store/ holds an SQL string;
- domain/ and store/ never import the layers above them;
- screens/ and widgets/ never reach the database directly (they call services).
"""

from __future__ import annotations

import ast
import json
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import reviewtui

PACKAGE_DIR = Path(reviewtui.__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
CORE_PACKAGES = ("reviewtui.domain", "reviewtui.store", "reviewtui.services")

# -- finding modules ---------------------------------------------------------------------


def walk_modules(package: str) -> list[str]:
    """The package and every module below it, found on disk (nothing is imported here)."""
    directory = PACKAGE_DIR.joinpath(*package.split(".")[1:])
    found = [package]
    for info in pkgutil.walk_packages([str(directory)], prefix=f"{package}."):
        found.append(info.name)
    return sorted(found)


def source_files(*parts: str) -> list[Path]:
    """Python files under reviewtui/<parts...> (a folder or a single module)."""
    target = PACKAGE_DIR.joinpath(*parts)
    if target.with_suffix(".py").is_file():
        return [target.with_suffix(".py")]
    if not target.is_dir():
        return []
    return sorted(p for p in target.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    relative = path.relative_to(REPO_ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def where(path: Path, line: int) -> str:
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    return f"{shown}:{line}"


# -- (a) Textual never loaded by the core ----------------------------------------------------

_IMPORT_PROBE = """
import importlib, json, sys
offenders = []
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    if loaded:
        offenders.append([name, loaded[:3]])
        break
print(json.dumps(offenders))
"""


def test_walk_finds_the_core_modules() -> None:
    modules = [m for p in CORE_PACKAGES for m in walk_modules(p)]
    for expected in (
        "reviewtui.domain.due_dates",
        "reviewtui.store.db",
        "reviewtui.services.meeting",
    ):
        assert expected in modules


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_imports_without_textual(package: str) -> None:
    modules = walk_modules(package)
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE, json.dumps(modules)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, f"importing {package} failed:\n{result.stderr}"
    offenders = json.loads(result.stdout.strip().splitlines()[-1])
    assert not offenders, (
        f"{offenders[0][0]} pulls in Textual ({', '.join(offenders[0][1])});"
        f" {package} must import without it"
    )


def test_import_probe_detects_textual() -> None:
    """The probe itself must notice Textual, or the check above proves nothing."""
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE, json.dumps(["reviewtui.domain", "textual.app"])],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    offenders = json.loads(result.stdout.strip().splitlines()[-1])
    assert offenders and offenders[0][0] == "textual.app"


# -- (b) static checks ---------------------------------------------------------------------

_SQL_KEYWORD_UPPER = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|WITH|BEGIN|PRAGMA|DROP|ALTER)\s"
)
# Case-insensitive SQL shapes that ordinary prose ("Delete note", "Select an account") lacks.
_SQL_SHAPE = re.compile(
    r"""^\s*(?:
        SELECT\s+(?:\*|DISTINCT\s|count\s*\(|max\s*\(|min\s*\(|coalesce\s*\(|\w+\.[\w*]+)
      | SELECT\s.+\sFROM\s+\w+(?:\s+\w+)?\s+(?:WHERE|JOIN|ORDER\s+BY|GROUP\s+BY|LIMIT)\b
      | INSERT\s+(?:OR\s+\w+\s+)?INTO\s+\w+
      | REPLACE\s+INTO\s+\w+
      | UPDATE\s+\w+\s+SET\s+\w+\s*=
      | DELETE\s+FROM\s+\w+
      | CREATE\s+(?:TEMP\w*\s+|UNIQUE\s+|VIRTUAL\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\s
      | DROP\s+(?:TABLE|INDEX|VIEW|TRIGGER)\s
      | ALTER\s+TABLE\s+\w+
      | WITH\s+(?:RECURSIVE\s+)?\w+\s*(?:\([^)]*\))?\s*AS\s*(?:NOT\s+)?(?:MATERIALIZED\s+)?\(
      | BEGIN(?:\s+(?:DEFERRED|IMMEDIATE|EXCLUSIVE))?(?:\s+TRANSACTION)?\s*;?\s*$
      | PRAGMA\s+\w+\s*(?:=|\(|;|$)
    )""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)


def looks_like_sql(text: str) -> bool:
    return bool(_SQL_KEYWORD_UPPER.match(text) or _SQL_SHAPE.match(text))


def _leading_text(node: ast.AST) -> str | None:
    """The literal text a string expression starts with (plain strings and f-strings)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def sql_literals(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    # Skip docstrings, and the pieces of f-strings (each f-string is checked whole).
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text: str | None = node.value
        elif isinstance(node, ast.JoinedStr):
            text = _leading_text(node)
        else:
            continue
        if text and looks_like_sql(text):
            yield node.lineno, " ".join(text.split())[:60]


@dataclass(frozen=True)
class Import:
    line: int
    modules: tuple[str, ...]  # what the statement names, e.g. ("reviewtui", "reviewtui.app")


def imports(path: Path, name: str | None = None) -> list[Import]:
    """Every import statement in a file (relative imports resolved), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name or module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(node.lineno, (alias.name,)) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            # `from reviewtui import store` imports reviewtui.store as well as reviewtui.
            names = (module, *(f"{module}.{alias.name}" for alias in node.names))
            found.append(Import(node.lineno, names))
    return found


def _matches(module: str, forbidden: str) -> bool:
    return module == forbidden or module.startswith(forbidden + ".")


def forbidden_imports(
    files: list[Path], forbidden: tuple[str, ...], why: str, name: str | None = None
) -> list[str]:
    problems = []
    for path in files:
        for found in imports(path, name):
            bad = next((m for m in found.modules if any(_matches(m, f) for f in forbidden)), None)
            if bad is not None:
                problems.append(f"{where(path, found.line)}: imports {bad} ({why})")
    return sorted(problems, key=lambda p: (p.split(":")[0], int(p.split(":")[1])))


def test_sql_detector_tells_sql_from_prose() -> None:
    sql = [
        "SELECT * FROM accounts",
        "select id from accounts where key = ?",
        "SELECT ",
        "INSERT INTO notes (text) VALUES (?)",
        "insert or replace into drafts values (?)",
        "UPDATE actions SET status = 'done'",
        "update actions set status = ?",
        "DELETE FROM drafts WHERE meeting_id = ?",
        "delete from drafts",
        "CREATE TABLE x (id INTEGER)",
        "create index idx on x (id)",
        "WITH RECURSIVE chain(id) AS (SELECT 1)",
        "with t as (select 1) select * from t",
        "BEGIN IMMEDIATE",
        "begin",
        "PRAGMA foreign_keys = ON",
        "pragma journal_mode",
        "  SELECT count(*) AS n FROM accounts",
        "select a.name, b.x from a join b",
    ]
    prose = [
        "Delete note",
        "Delete this note? It stays in the record as deleted.",
        "Update due date",
        "Select an account from the queue",
        "select the next account",
        "With owner and due date",
        "with tmux, keys like ctrl+b are taken",
        "Begin the meeting",
        "begin again",
        "Create a meeting from a template",
        "Pragmatic choices",
        "Insert a blank line",
        "updates every second",
        "",
    ]
    assert [s for s in sql if not looks_like_sql(s)] == []
    assert [p for p in prose if looks_like_sql(p)] == []


def test_sql_detector_finds_the_sql_in_store() -> None:
    """The store is full of SQL; if the detector saw none, the next test would prove nothing."""
    found = [hit for path in source_files("store") for hit in sql_literals(path)]
    assert len(found) >= 20


def test_sql_detector_sees_fstrings_and_names_the_line(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Select the accounts from the list."""\n'
        "x = 1\n"
        "def f(t):\n"
        "    return f'SELECT * FROM {t}'\n",
        encoding="utf-8",
    )
    assert [line for line, _ in sql_literals(sample)] == [4]


def test_no_sql_outside_store() -> None:
    store_dir = PACKAGE_DIR / "store"
    problems = [
        f"{where(path, line)}: SQL outside reviewtui/store: {text!r}"
        for path in source_files()
        if store_dir not in path.parents
        for line, text in sql_literals(path)
    ]
    assert not problems, "only reviewtui/store may hold SQL:\n" + "\n".join(problems)


UPPER_LAYERS = (
    "textual",
    "reviewtui.services",
    "reviewtui.screens",
    "reviewtui.widgets",
    "reviewtui.app",
    "reviewtui.commands",
    "reviewtui.cli",
)


def test_domain_imports_only_downward() -> None:
    problems = forbidden_imports(
        source_files("domain"),
        (*UPPER_LAYERS, "reviewtui.store", "sqlite3", "sqlite_utils"),
        "domain is pure logic: no UI, no services, no database",
    )
    assert not problems, "\n".join(problems)


def test_store_imports_only_downward() -> None:
    problems = forbidden_imports(
        source_files("store"),
        UPPER_LAYERS,
        "store sits under services and must not know the UI",
    )
    assert not problems, "\n".join(problems)


def test_screens_and_widgets_call_services_not_the_database() -> None:
    files = source_files("screens") + source_files("widgets")
    problems = forbidden_imports(
        files,
        ("reviewtui.store", "sqlite3", "sqlite_utils"),
        "screens and widgets call services, never the database",
    )
    assert not problems, "\n".join(problems)


def test_import_check_resolves_relative_imports_and_names_the_line(tmp_path: Path) -> None:
    fake = tmp_path / "probe.py"
    fake.write_text(
        "import os\nfrom ..store import db\nfrom textual.app import App\n"
        "from reviewtui import services\n"
    )
    problems = forbidden_imports(
        [fake],
        ("reviewtui.store", "reviewtui.services", "textual"),
        "test",
        name="reviewtui.domain.probe",
    )
    assert problems == [
        f"{fake}:2: imports reviewtui.store (test)",
        f"{fake}:3: imports textual.app (test)",
        f"{fake}:4: imports reviewtui.services (test)",
    ]


# The UI writes through the app's one write path only: the session's `*_change` methods
# describe a change and `write` queues it. The methods that apply a change at once (for
# commands and tests) would write on the UI's connection, wait on a busy database and raise.
# A session's parts return changes; only `session.apply` writes them at once.
_APPLYING_AT_ONCE = {"apply"}


def _writes_at_once(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        if owner_name == "session" and node.func.attr in _APPLYING_AT_ONCE:
            yield node.lineno, f"session.{node.func.attr}(...)"
        if isinstance(node.func, ast.Attribute) and node.func.attr == "apply_change":
            yield node.lineno, "apply_change(...)"
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "apply_change":
            yield node.lineno, "apply_change"


def test_the_ui_writes_only_through_the_write_path() -> None:
    files = [*source_files("screens"), *source_files("widgets"), *source_files("app")]
    problems = [
        f"{where(path, line)}: {what} writes at once; queue the change with `write` instead"
        for path in files
        for line, what in _writes_at_once(path)
    ]
    assert not problems, "\n".join(problems)


def test_the_write_path_check_sees_a_direct_write(tmp_path: Path) -> None:
    sample = tmp_path / "screen.py"
    sample.write_text(
        "def f(self):\n    self.session.apply(self.session.clock.goto(3))\n"
        "    self.write(self.session.clock.goto(3))\n    apply_change(ws, c)\n"
    )
    assert [line for line, _ in _writes_at_once(sample)] == [2, 4]


# -- (c) the import contracts in pyproject.toml ----------------------------------------------


def test_import_contracts_hold() -> None:
    """`lint-imports` (import-linter): layers point down, no package cycles, no Textual in the
    core, no database in the UI. The contracts are in pyproject.toml."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
