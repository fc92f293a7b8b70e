"""Over a real SSH connection: the link drops mid-meeting, and nothing typed is lost.

A throwaway `sshd` listens on 127.0.0.1 with its own host key and accepts one throwaway user
key for the current user. The app runs on the "server" side of `ssh -tt`; killing the ssh
client drops the link, so the server's pty hangs up and the app gets SIGHUP, as when a laptop
lid closes or Wi-Fi goes. The next `reviewtui resume` over SSH must continue the meeting with
the half-typed note back in the input and the clocks where they were.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tmux import (
    POLL,
    Tmux,
    alive,
    integrity,
    is_reviewtui,
    kill,
    query,
    read_clocks,
    wait_db,
    wait_exit,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DRAFT_START = "the sponsor wants a QBR before"
DRAFT_END = " the renewal call ✓"
OUTAGE = 3.0  # seconds offline before reconnecting: long enough that counting them would show


# The per-test homes (see tests/conftest.py), passed on to the app the server starts.
ISOLATION = ("REVIEWTUI_CONFIG_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tool(name: str) -> str:
    path = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else "")
    if not path:
        pytest.skip(f"{name} is not installed (CI installs openssh-server with .ci/run)")
    return path


class SSHServer:
    def __init__(self, port: int, key: Path, process: subprocess.Popen[bytes], log: Path) -> None:
        self.port = port
        self.key = key
        self.process = process
        self.log = log

    def command(self, remote: list[str]) -> list[str]:
        """An `ssh -tt` command line that runs `remote` on this server."""
        return [
            _tool("ssh"),
            "-tt",
            "-F",
            "/dev/null",
            "-i",
            str(self.key),
            "-p",
            str(self.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "127.0.0.1",
            shlex.join(remote),
        ]


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[SSHServer]:
    daemon = _tool("sshd")
    keygen = _tool("ssh-keygen")
    _tool("ssh")
    folder = tmp_path / "sshd"
    folder.mkdir()
    host_key = folder / "host_ed25519"
    user_key = folder / "user_ed25519"
    for key in (host_key, user_key):
        subprocess.run(
            [keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, timeout=30
        )
    authorized = folder / "authorized_keys"
    authorized.write_text(user_key.with_suffix(".pub").read_text())
    user = pwd.getpwuid(os.getuid()).pw_name
    port = _free_port()
    config = folder / "sshd_config"
    config.write_text(
        f"Port {port}\n"
        "ListenAddress 127.0.0.1\n"
        f"HostKey {host_key}\n"
        f"PidFile {folder / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {authorized}\n"
        f"AllowUsers {user}\n"
        "PermitRootLogin prohibit-password\n"
        "PubkeyAuthentication yes\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "UsePAM no\n"
        "StrictModes no\n"
        "PrintMotd no\n"
        "PrintLastLog no\n"
        "LogLevel VERBOSE\n"
    )
    if os.getuid() == 0 and not Path("/run/sshd").is_dir():
        Path("/run/sshd").mkdir(mode=0o755, parents=True)  # sshd's privilege-separation dir
    log = folder / "sshd.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [daemon, "-D", "-e", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 10
        while "Server listening" not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"sshd did not start:\n{log.read_text(errors='replace')}")
            time.sleep(POLL)
        yield SSHServer(port, user_key, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _server_app(db: Path, timeout: float = 15.0) -> int:
    """The pid of the reviewtui the SSH server started for this test's database."""
    wanted = f"REVIEWTUI_DB={db}".encode()
    deadline = time.monotonic() + timeout
    while True:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or not is_reviewtui(int(entry.name)):
                continue
            try:
                environ = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if wanted in environ and alive(int(entry.name)):
                return int(entry.name)
        if time.monotonic() > deadline:
            raise AssertionError(f"no reviewtui process on the server side for {db}")
        time.sleep(POLL)


def test_dropped_ssh_link_keeps_notes_draft_and_clock(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path, sshd: SSHServer
) -> None:
    db = tmp_path / "remote.db"
    subprocess.run(
        [str(exe), "--db", str(db), "start", "strategy", "--series", "Acme", "--no-app"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    remote = [
        "env",
        f"REVIEWTUI_DB={db}",
        "TERM=xterm-256color",
        "LANG=C.UTF-8",
        f"PATH={exe.parent}:/usr/local/bin:/usr/bin:/bin",
        *(
            f"{k}={os.environ[k]}"
            for k in ("REVIEWTUI_CONFIG_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
        ),
        str(exe),
        "resume",
    ]
    term = terminal(width=80, height=24)
    term.start(sshd.command(remote))
    term.wait_for("Overall strategy", "Type a note", timeout=20)
    client = term.pane_pid()
    app = _server_app(db)
    assert app != client

    for text in ("over ssh: first", "d: ship the audit by [b]friday[/b]"):
        term.send_text(text)
        term.send_keys("Enter")
    term.wait_for("over ssh: first", "ship the audit by [b]friday[/b]")
    term.send_text(DRAFT_START)
    wait_db(db, "SELECT text FROM drafts", [(DRAFT_START,)])
    term.send_text(DRAFT_END)
    screen = term.wait_until(lambda s: "✓" in term.input_line(s), "the end of the draft")
    before = read_clocks(screen)

    kill(client, signal.SIGTERM)  # the link drops: sshd hangs up the app's terminal
    dropped = time.monotonic()
    wait_exit(client)
    wait_exit(app, timeout=10)

    assert query(db, "SELECT text FROM drafts") == [(DRAFT_START + DRAFT_END,)]
    assert query(db, "SELECT status FROM meetings") == [("live",)]
    assert [r[0] for r in query(db, "SELECT text FROM notes ORDER BY id")] == [
        "over ssh: first",
        "ship the audit by [b]friday[/b]",
    ]
    assert integrity(db) == "ok"
    time.sleep(max(0.0, OUTAGE - (time.monotonic() - dropped)))  # offline for a while

    term.respawn(sshd.command(remote))
    screen = term.wait_until(
        lambda s: (
            "Overall strategy" in s
            and "✓" in term.input_line(s)
            and "over ssh: first" in s
            and "ship the audit by [b]friday[/b]" in s
        ),
        "the resumed meeting over ssh",
        timeout=20,
    )
    assert term.input_line(screen) == DRAFT_START + DRAFT_END
    after = read_clocks(screen)
    assert abs(after.section - before.section) <= 2, (before, after)
    assert abs(after.meeting - before.meeting) <= 2, (before, after)
    # The meeting goes on: Enter saves the recovered draft as a note.
    term.send_keys("Enter")
    term.wait_for("Note     " + DRAFT_START)
    wait_db(db, "SELECT count(*) FROM notes", [(3,)])
