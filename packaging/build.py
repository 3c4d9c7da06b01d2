"""Builds the one-folder program and its Linux archive, and prints their sizes.

    .venv/bin/python packaging/build.py            # -> dist/CareMatch/ and dist/CareMatch-<version>-linux-x86_64.tar.gz

The archive holds the folder, a .desktop launcher, the icon and install.sh (which puts the
launcher in the user's menu); nothing needs a network or a Python on the station PC.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def stage_package(work: Path) -> Path:
    """A plain (not editable) install of CareMatch alone: the layout the bundle must carry, with
    db/ and resources/ inside the package as carematch.migrations and carematch.resources."""
    staging = work / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    pip = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--no-deps", "--target", str(staging), str(ROOT)], check=True)
    return staging


def build_folder(dist: Path, work: Path) -> Path:
    staging = stage_package(work)
    env = dict(os.environ, PYTHONPATH=str(staging), CAREMATCH_STAGING=str(staging))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(PACKAGING / "carematch.spec"),
        ],
        check=True,
        cwd=PACKAGING,
        env=env,
    )
    folder = dist / "CareMatch"
    strip_python(folder)
    return folder


def strip_python(folder: Path) -> None:
    """The interpreter library is the one big binary shipped with its debug symbols (23 MB, 6 MB without).

    Only it: stripping the wheels' own libraries breaks those auditwheel patched (OpenBLAS refuses to load).
    """
    if shutil.which("strip") is None:
        return
    for library in (folder / "_internal").glob("libpython3*.so*"):
        if not library.is_symlink():
            subprocess.run(["strip", "--strip-unneeded", str(library)], check=True)


def make_archive(folder: Path, dist: Path) -> Path:
    from carematch import __version__

    machine = platform.machine().lower() or "x86_64"
    archive = dist / f"CareMatch-{__version__}-linux-{machine}.tar.gz"
    shutil.copy(PACKAGING / "linux" / "carematch.desktop", folder / "carematch.desktop")
    shutil.copy(PACKAGING / "linux" / "install.sh", folder / "install.sh")
    shutil.copy(ROOT / "resources" / "icons" / "app" / "carematch.png", folder / "carematch.png")
    (folder / "install.sh").chmod(0o755)
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname="CareMatch")
    return archive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = build_folder(args.dist.resolve(), args.work.resolve())
    archive = make_archive(folder, args.dist.resolve())
    print(f"folder  {folder}  {folder_size(folder) / 1e6:.1f} MB unpacked (goal < 200 MB)")
    print(f"archive {archive}  {archive.stat().st_size / 1e6:.1f} MB (goal < 80 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
