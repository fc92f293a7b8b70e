"""The wheel, built and installed into a clean venv, works on its own: assets, CLI, headless app.

Slow (builds a wheel and installs it with its dependencies); the wheel and the venv are made
once per test session. Every command runs outside the checkout, so nothing is imported from
the source tree by accident.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]


def run(args: list[str], cwd: Path, timeout: int = 600, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environment.update(env)
    result = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=environment
    )
    assert result.returncode == 0, (
        f"{' '.join(args)} exited {result.returncode}\n--- stdout\n{result.stdout[-3000:]}"
        f"\n--- stderr\n{result.stderr[-3000:]}"
    )
    return result


def source_assets(folder: str) -> list[str]:
    base = REPO_ROOT / folder
    if not base.is_dir():
        return []
    return sorted(
        p.relative_to(base).as_posix()
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir)], cwd=REPO_ROOT)
    [built] = outdir.glob("reviewtui-*.whl")
    return built


@pytest.fixture(scope="session")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("sdist")
    run([sys.executable, "-m", "build", "--sdist", "--outdir", str(outdir)], cwd=REPO_ROOT)
    [built] = outdir.glob("reviewtui-*.tar.gz")
    return built


@dataclass(frozen=True)
class Installed:
    venv: Path
    package_dir: Path
    workdir: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def reviewtui(self) -> Path:
        return self.venv / "bin" / "reviewtui"


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("clean-venv")
    venv = base / "venv"
    workdir = base / "work"
    workdir.mkdir()
    run([sys.executable, "-m", "venv", str(venv)], cwd=workdir)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=workdir)
    found = run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import pathlib, reviewtui; print(pathlib.Path(reviewtui.__file__).parent)",
        ],
        cwd=workdir,
    )
    package_dir = Path(found.stdout.strip())
    return Installed(venv=venv, package_dir=package_dir, workdir=workdir)


def test_the_wheel_holds_the_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert any(n.startswith("reviewtui/styles/") and n.endswith(".tcss") for n in names)
    assert any(n.startswith("reviewtui/templates/") and n.endswith(".toml") for n in names)
    assert "reviewtui/datasette/metadata.json" in names
    for folder in ("styles", "sample_data"):
        missing = [f for f in source_assets(folder) if f"reviewtui/{folder}/{f}" not in names]
        assert not missing, f"{folder}/ files missing from the wheel: {missing}"
    assert not any(n.startswith("tests/") for n in names)


def test_the_license_is_in_the_wheel_and_the_sdist(wheel: Path, sdist: Path) -> None:
    license_text = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in license_text
    assert "Copyright (c) 2026 the reviewtui authors" in license_text
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert archive.read(name).decode("utf-8") == license_text
    with tarfile.open(sdist) as archive:
        member = archive.extractfile(f"reviewtui-{VERSION}/LICENSE")
        assert member is not None
        assert member.read().decode("utf-8") == license_text


def test_installed_from_the_wheel_not_the_checkout(installed: Installed) -> None:
    assert installed.package_dir.is_relative_to(installed.venv)
    assert not installed.package_dir.is_relative_to(REPO_ROOT)


def test_installed_package_has_styles_and_templates(installed: Installed) -> None:
    assert sorted((installed.package_dir / "styles").glob("*.tcss"))
    templates = sorted(p.stem for p in (installed.package_dir / "templates").glob("*.toml"))
    assert templates == sorted(
        p.stem for p in (REPO_ROOT / "reviewtui" / "templates").glob("*.toml")
    )
    found = run(
        [
            str(installed.python),
            "-c",
            "from reviewtui.assets import styles_dir; print(styles_dir())",
        ],
        cwd=installed.workdir,
    )
    assert Path(found.stdout.strip()) == installed.package_dir / "styles"


def test_installed_package_has_sample_data(installed: Installed) -> None:
    if not source_assets("sample_data"):
        pytest.skip("sample_data/ has no files yet in the checkout")
    assert (installed.package_dir / "sample_data" / "accounts.csv").is_file()
    found = run(
        [
            str(installed.python),
            "-c",
            "from reviewtui.assets import sample_data_dir; print(sample_data_dir())",
        ],
        cwd=installed.workdir,
    )
    assert Path(found.stdout.strip()) == installed.package_dir / "sample_data"


def test_cli_version(installed: Installed) -> None:
    result = run([str(installed.reviewtui), "--version"], cwd=installed.workdir)
    assert result.stdout.strip() == f"reviewtui {VERSION}"


def test_cli_lists_the_builtin_templates(installed: Installed, tmp_path: Path) -> None:
    result = run(
        [str(installed.reviewtui), "templates"],
        cwd=installed.workdir,
        REVIEWTUI_CONFIG_DIR=str(tmp_path / "config"),
    )
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    builtin = {p.stem for p in (REPO_ROOT / "reviewtui" / "templates").glob("*.toml")}
    assert builtin and builtin <= listed
    assert "warning" not in result.stderr


def test_tab_completion_works_from_the_installed_wheel(
    installed: Installed, tmp_path: Path
) -> None:
    script = run([str(installed.reviewtui), "completion", "bash"], cwd=installed.workdir).stdout
    (tmp_path / "reviewtui.bash").write_text(script, encoding="utf-8")
    tab = (
        'source "$1"; COMP_LINE="reviewtui start "; COMP_POINT=${#COMP_LINE};'
        ' COMP_WORDS=(reviewtui start ""); COMP_CWORD=2;'
        ' _python_argcomplete reviewtui "" start; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = run(
        ["bash", "--norc", "--noprofile", "-c", tab, "bash", str(tmp_path / "reviewtui.bash")],
        cwd=installed.workdir,
        PATH=f"{installed.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        REVIEWTUI_CONFIG_DIR=str(tmp_path / "config"),
    )
    builtin = {p.stem for p in (REPO_ROOT / "reviewtui" / "templates").glob("*.toml")}
    assert set(result.stdout.split()) == builtin


def test_serve_without_its_extra_says_how_to_get_it(installed: Installed, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed.reviewtui), "--db", str(tmp_path / "r.db"), "serve"],
        cwd=installed.workdir,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "pip install 'reviewtui[serve]'" in line
    assert not (tmp_path / "r.db").exists()


_HEADLESS = """
import asyncio, sys
from reviewtui.services.workspace import open_workspace
from reviewtui.app import ReviewApp

ws = open_workspace(sys.argv[1])
app = ReviewApp(ws)

async def go():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen is not None
        print("screen:", type(app.screen).__name__)

try:
    asyncio.run(go())
finally:
    ws.close()
"""


def test_the_app_starts_headless_from_the_installed_wheel(
    installed: Installed, tmp_path: Path
) -> None:
    if not (REPO_ROOT / "reviewtui" / "app").is_dir():
        pytest.skip("reviewtui/app/ does not exist yet")
    db = tmp_path / "headless.db"
    result = run(
        [str(installed.python), "-c", _HEADLESS, str(db)],
        cwd=installed.workdir,
        timeout=180,
        REVIEWTUI_CONFIG_DIR=str(tmp_path / "config"),
    )
    assert result.stdout.startswith("screen: ")
    assert "Traceback" not in result.stderr
    assert db.is_file()
