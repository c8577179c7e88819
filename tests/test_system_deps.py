"""bin/system-deps, which `make run`, `make test` and CI use for the system packages they need."""

import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bin" / "system-deps"


def run(tmp_path, *args, uid):
    """The script on a machine that has none of the commands it looks for, as that user."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$*" >> {tmp_path / "apt.log"}\n')
    for tool in ("id", "apt-get"):
        (bin_dir / tool).chmod(0o755)
    return subprocess.run(
        [shutil.which("bash"), str(SCRIPT), *args],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_without_root_it_stops_with_the_command_to_run(tmp_path):
    result = run(tmp_path, "test", uid=1000)
    assert result.returncode == 1
    command = result.stderr.splitlines()[-1].strip()
    assert command.startswith("sudo apt-get update && sudo apt-get install -y nodejs npm chromium")
    assert command.endswith("poppler-utils")
    assert not (tmp_path / "apt.log").exists()


def test_make_run_needs_only_what_builds_the_stylesheet(tmp_path):
    result = run(tmp_path, "run", uid=1000)
    assert result.stderr.splitlines()[-1].strip().endswith("install -y nodejs npm")


def test_as_root_it_updates_once_and_installs_what_is_missing(tmp_path):
    result = run(tmp_path, "test", "postgresql", uid=0)
    assert result.returncode == 0, result.stderr
    update, install = (tmp_path / "apt.log").read_text().splitlines()
    assert update == "update -qq"
    assert install.startswith("install -y -qq nodejs npm chromium")
    assert install.endswith("poppler-utils postgresql")


def test_nothing_is_installed_when_nothing_is_missing(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("node", "npm"):
        (bin_dir / tool).write_text("#!/bin/sh\n")
        (bin_dir / tool).chmod(0o755)
    result = run(tmp_path, "run", uid=0)
    assert result.returncode == 0 and result.stdout == ""
    assert not (tmp_path / "apt.log").exists()
