"""Requests per second for one page under gunicorn on 127.0.0.1, from a bounded load generator."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped before it served")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _hammer(port, path, cookie, stop_at, counts, lock):
    done = errors = 0
    while time.monotonic() < stop_at:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == 200:
                done += 1
            else:
                errors += 1
        except OSError:
            errors += 1
    with lock:
        counts["ok"] += done
        counts["errors"] += errors


def requests_per_second(
    path: str, cookie: str, env: dict, *, seconds: float = 10, clients: int = 4, workers: int = 2
) -> tuple[float, int]:
    port = _free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        _wait_until_up(port, process)
        counts, lock = {"ok": 0, "errors": 0}, threading.Lock()
        # One request each first, so the workers' start-up is not counted.
        _hammer(port, path, cookie, time.monotonic() + 1, {"ok": 0, "errors": 0}, lock)
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=_hammer, args=(port, path, cookie, started + seconds, counts, lock)
            )
            for _ in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        return counts["ok"] / elapsed, counts["errors"]
    finally:
        process.terminate()
        process.wait(timeout=30)
