"""`make run`: the server and the background worker start together and stop together, cleanly."""

import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
STARTED = ("Quit the server with CONTROL-C", "Starting worker")
NOISE = ("Segmentation fault", "Terminated", "Traceback", "make: ***")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A temporary SQLite database holding what the worker reads (its task queue)."""
    where = tmp_path_factory.mktemp("serve")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{where / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(where / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, "manage.py", "migrate", "django_tasks_database", "-v", "0"]
    subprocess.run(manage, cwd=ROOT, env=env, check=True, timeout=120)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def left_in_session(session: int) -> dict[int, str]:
    """The processes still running in a session: those the command started, by id."""
    left = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session and fields[0] != "Z":
                pid = int(stat.parent.name)
                left[pid] = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue  # gone meanwhile
    return left


def kill_leftovers(session: int) -> None:
    """After a failed test: no process of it outlives it."""
    for pid in left_in_session(session):
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def serve(env, port):
    """`manage.py serve` as `make run` starts it, in a session of its own."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    output = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    return process, output, reader


def wait_for(condition, timeout=180):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_server_and_worker_cleanly(env, stop):
    port = free_port()
    process, output, reader = serve(env, port)

    def text():
        return b"".join(output).decode()

    try:
        wait_for(lambda: all(line in text() for line in STARTED) or process.poll() is not None)
        assert process.poll() is None, text()
        socket.create_connection(("127.0.0.1", port), timeout=10).close()  # it serves

        os.killpg(process.pid, stop)  # as a terminal's Ctrl+C reaches the group make runs in
        assert process.wait(timeout=60) == 0, text()
        reader.join(timeout=10)
        assert not [noise for noise in NOISE if noise in text()], text()
        assert left_in_session(process.pid) == {}
    finally:
        kill_leftovers(process.pid)
        process.wait()


# Starts a command as a shell in a terminal would: leading a session whose controlling terminal
# is its standard input, with Ctrl+C not ignored (whatever the tests were started with).
IN_A_TERMINAL = """
import fcntl, os, signal, sys, termios
os.setsid()
fcntl.ioctl(0, termios.TIOCSCTTY, 0)
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])
"""


def test_ctrl_c_in_the_terminal_ends_make_run_with_status_0(env, tmp_path):
    """make is interrupted too if the Ctrl+C reaches it: it then reports failure, whatever the
    command it runs did. The command takes the Ctrl+C for itself."""
    port = free_port()
    makefile = tmp_path / "Makefile"
    makefile.write_text(f'run:\n\t@"{sys.executable}" manage.py serve 127.0.0.1:{port}\n')
    terminal, far_end = os.openpty()
    command = ["make", "-f", str(makefile), "run"]
    make = subprocess.Popen(
        [sys.executable, "-c", IN_A_TERMINAL, *command],
        cwd=ROOT,
        env=env,
        stdin=far_end,
        stdout=far_end,
        stderr=far_end,
    )
    os.close(far_end)
    output = b""

    def read(seconds):
        nonlocal output
        ready, _, _ = select.select([terminal], [], [], seconds)
        if ready:
            try:
                output += os.read(terminal, 65536)
            except OSError:  # the terminal closed: make has exited
                return False
        return True

    try:
        deadline = time.monotonic() + 180
        while not all(line.encode() in output for line in STARTED):
            assert time.monotonic() < deadline and read(0.5), output.decode()
        os.write(terminal, b"\x03")  # Ctrl+C
        deadline = time.monotonic() + 60
        while read(0.5) and time.monotonic() < deadline:
            pass
        assert make.wait(timeout=30) == 0, output.decode()
        assert not [noise for noise in NOISE if noise.encode() in output], output.decode()
        assert left_in_session(make.pid) == {}
    finally:
        os.close(terminal)
        kill_leftovers(make.pid)
        make.wait()


def test_a_port_in_use_is_named_with_how_to_choose_another(env):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is in use already" in result.stderr
    assert f"PORT={port + 1} make run" in result.stderr
    assert "Serving on" not in result.stdout
