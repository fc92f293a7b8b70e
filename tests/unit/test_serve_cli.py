"""`reviewtui serve`: loopback by default; any other address only with --allow-remote and a
warning; one line (never a traceback) for a port in use, a bad address or a missing extra; the
page it serves runs `reviewtui ui` on the same database (the browser test drives it)."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from reviewtui.cli import has_terminal, main
from reviewtui.commands.serve import app_command, is_loopback, public_url, remote_warning
from reviewtui.services.database_location import DatabaseLocation


def run(*argv: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "127.9.9.9", "localhost", "::1", "[::1]"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "team-host"])
def test_other_addresses_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "team-host.example"])
def test_another_address_needs_allow_remote(host: str, tmp_path: Path) -> None:
    db = tmp_path / "reviews.db"
    result = run("--db", str(db), "serve", "--host", host)
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"reviewtui: --host {host}: ")
    assert "--allow-remote" in line and "no login" in line and "whole database" in line
    assert not db.exists()


def test_the_warning_says_what_is_at_stake() -> None:
    text = remote_warning("0.0.0.0", 8000)
    assert "0.0.0.0:8000" in text
    assert "no login" in text and "whole database" in text


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve")
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run("--db", str(tmp_path / "r.db"), "serve", "--port", str(port))
    assert result.returncode == 1
    assert (
        result.stderr == f"reviewtui: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )
    assert not (tmp_path / "r.db").exists()


@pytest.mark.parametrize("port", ["0", "65536", "eighty"])
def test_a_bad_port_is_a_usage_error(port: str) -> None:
    result = run("serve", "--port", port)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("reviewtui serve: argument --port: ")
    assert "is not a port number" in line and line.endswith("(see reviewtui serve --help)")


def test_without_textual_serve_it_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(tmp_path / "r.db"), "serve"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "reviewtui[serve]" in err


def test_each_tab_runs_the_app_on_this_database() -> None:
    db = Path('/tmp/it\'s a "db"; rm -rf ~/reviews.db')
    command = shlex.split(app_command(DatabaseLocation(db), "nord"))
    assert command == [
        "exec",
        sys.executable,
        "-m",
        "reviewtui",
        "--db",
        str(db),
        "--theme",
        "nord",
        "ui",
    ]
    assert shlex.split(app_command(DatabaseLocation(db), None))[-1] == "ui"
    in_memory = shlex.split(app_command(DatabaseLocation(None), None))
    assert in_memory[-3:] == ["--db", ":memory:", "ui"]


def test_public_url() -> None:
    assert public_url("127.0.0.1", 8000, None) == "http://127.0.0.1:8000"
    assert public_url("::1", 8001, None) == "http://[::1]:8001"
    assert public_url("0.0.0.0", 8000, None) == f"http://{socket.gethostname()}:8000"
    assert public_url("127.0.0.1", 8000, "https://x.example/review/") == "https://x.example/review"


def test_a_browser_tab_counts_as_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert has_terminal()


def test_serves_the_page_on_loopback_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = tmp_path / "reviews.db"
    server = subprocess.Popen(
        [sys.executable, "-m", "reviewtui", "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()
        assert banner == f"Serving reviewtui on http://127.0.0.1:{port} (database {db})\n"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            page = response.read().decode("utf-8")
        assert f"ws://127.0.0.1:{port}/ws" in page
        assert "<div>reviewtui</div>" in page
        assert db.exists()  # made (and checked) before the first tab opens
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=15)
    assert server.returncode == 0
    assert err == ""
