"""The set-up contract: `make` finds a Python >= 3.12 by itself, or says clearly there is none."""

import os
import subprocess
import sys
from pathlib import Path

FIND_PYTHON = Path(__file__).resolve().parent.parent / "bin" / "find-python"


def fake_python(folder: Path, name: str, version: tuple[int, int]) -> Path:
    """A stand-in interpreter that reports `version` to the finder's probe."""
    path = folder / name
    below = "1" if version < (3, 12) else "0"
    path.write_text(f"#!/bin/sh\nexit {below}\n")
    path.chmod(0o755)
    return path


def find(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", str(FIND_PYTHON)], env=env, capture_output=True, text=True, check=False
    )


def isolated_env(tmp_path: Path, **extra) -> dict:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("sort", "ls", "cat"):
        (bin_dir / tool).symlink_to(f"/usr/bin/{tool}")
    return {
        "PATH": str(bin_dir),
        "HOME": str(tmp_path),
        "PYENV_ROOT": str(tmp_path / "pyenv"),
    } | extra


def test_an_old_default_python3_is_passed_over_for_a_newer_one(tmp_path):
    env = isolated_env(tmp_path)
    fake_python(tmp_path / "bin", "python3", (3, 11))
    newer = fake_python(tmp_path / "bin", "python3.13", (3, 13))
    result = find(env)
    assert result.returncode == 0
    assert result.stdout.strip() == str(newer)


def test_pyenv_versions_are_found_when_not_on_path(tmp_path):
    env = isolated_env(tmp_path)
    fake_python(tmp_path / "bin", "python3", (3, 11))
    version_bin = tmp_path / "pyenv" / "versions" / "3.12.1" / "bin"
    version_bin.mkdir(parents=True)
    pyenv_python = fake_python(version_bin, "python3", (3, 12))
    result = find(env)
    assert result.stdout.strip() == str(pyenv_python)


def test_it_stops_with_a_clear_message_when_there_is_none(tmp_path):
    env = isolated_env(tmp_path)
    fake_python(tmp_path / "bin", "python3", (3, 11))
    result = find(env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "needs Python 3.12 or newer" in result.stderr


def test_the_real_machine_has_one(tmp_path):
    result = find(dict(os.environ))
    assert result.returncode == 0
    assert (
        subprocess.run(
            [result.stdout.strip(), "-c", "import sys; assert sys.version_info >= (3, 12)"],
            check=False,
        ).returncode
        == 0
    )
    assert sys.version_info >= (3, 12)
