"""packaging/linux/install.sh: the menu launcher it writes must start the program wherever the clerk
unpacked it, including folders whose names have spaces, Chinese, & or %."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux launcher")


def unpack(folder: Path) -> None:
    """What the archive puts in the folder, as far as install.sh is concerned."""
    folder.mkdir(parents=True)
    for name in ("install.sh", "carematch.desktop"):
        shutil.copy(LINUX / name, folder / name)


def install(folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(folder / "install.sh")],
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        check=False,
    )


def exec_program(entry: str) -> list[str]:
    """The command line a desktop runs for the Exec key (desktop-entry spec: string escapes, then
    shell-like quoting, then %% for a literal %)."""
    line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    return [word.replace("%%", "%") for word in shlex.split(line.removeprefix("Exec=").replace("\\\\", "\\"))]


@pytest.mark.parametrize("name", ["CareMatch", "养老 服务匹配 A&B 100%|2026"])
def test_launcher_points_at_the_unpacked_folder_and_validates(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    home = tmp_path / "home"
    (home / "Desktop").mkdir(parents=True)
    unpack(folder)
    result = install(folder, home)
    assert result.returncode == 0, result.stderr
    entry_file = home / ".local" / "share" / "applications" / "carematch.desktop"
    entry = entry_file.read_text()
    assert exec_program(entry) == [str(folder / "carematch")]
    assert f"Icon={folder / 'carematch.png'}" in entry.splitlines()
    assert (home / "Desktop" / "carematch.desktop").read_text() == entry
    validate = subprocess.run(["desktop-file-validate", str(entry_file)], capture_output=True, text=True)
    assert validate.returncode == 0 and not validate.stdout.strip(), validate.stdout + validate.stderr


def test_folder_a_launcher_cannot_name_is_refused_in_chinese_and_english(tmp_path: Path) -> None:
    folder = tmp_path / "a$b"
    home = tmp_path / "home"
    unpack(folder)
    result = install(folder, home)
    assert result.returncode == 1
    assert "请换一个文件夹" in result.stderr and "move CareMatch elsewhere" in result.stderr
    assert not (home / ".local" / "share" / "applications" / "carematch.desktop").exists()
