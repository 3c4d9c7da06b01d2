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


# The goals for what a station PC downloads and unpacks.
UNPACKED_GOAL_MB = 200
ARCHIVE_GOAL_MB = 80


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def stage_package(work: Path) -> Path:
    """A plain (not editable) install of CareMatch alone: the layout the bundle must carry, with
    db/ and resources/ inside the package as carematch.migrations and carematch.resources."""
    staging = work / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    pip = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--no-deps", "--target", str(staging), str(ROOT)], check=True)
    if sys.platform.startswith("linux"):
        from lean_numpy import DEFAULT_CACHE, install_lean_numpy

        # Staged beside CareMatch, it shadows the venv's numpy in the analysis (PYTHONPATH=staging).
        install_lean_numpy(staging, DEFAULT_CACHE)
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
    if sys.platform.startswith("linux"):
        from slim_icu import slim_icu

        for library in (folder / "_internal").rglob("libicudata.so.*"):
            if not library.is_symlink():
                before, after = slim_icu(library)
                print(f"ICU data  {before / 1e6:.1f} -> {after / 1e6:.1f} MB (Chinese and English only)")
        before, after, kept_whole = strip_libraries(folder)
        print(f"stripped  {before / 1e6:.1f} -> {after / 1e6:.1f} MB of libraries; kept whole: {len(kept_whole)}")
        for library in kept_whole:
            print(f"  kept whole (does not load stripped): {library}")
        missing = unresolved_libraries(folder)
        if missing:
            listing = "\n  ".join(missing)
            raise SystemExit(f"libraries linked but neither in the bundle nor on this machine:\n  {listing}")
    return folder


def shared_libraries(folder: Path) -> list[Path]:
    """Every ELF file in the folder but the launchers (whose tail is the program's archive)."""
    found = []
    for path in sorted((folder / "_internal").rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def library_search_path(folder: Path) -> str:
    """What the bundle's launcher and the libraries' own run paths give the loader, as one search path."""
    return os.pathsep.join(sorted({str(path.parent) for path in shared_libraries(folder)}))


def loads(library: Path, search_path: str) -> bool:
    probe = "import ctypes, sys; ctypes.CDLL(sys.argv[1])"
    env = dict(os.environ, LD_LIBRARY_PATH=search_path)
    return subprocess.run([sys.executable, "-c", probe, str(library)], env=env, capture_output=True).returncode == 0


def strip_libraries(folder: Path) -> tuple[int, int, list[str]]:
    """Drops symbol tables and debug information from every shared library that still loads without them.

    Many ship unstripped: OR-Tools' (9 MB of symbols), the interpreter's own modules (full debug
    information). A library that auditwheel patched with patchelf may not load once stripped
    (OpenBLAS: "ELF load command address/offset not page-aligned"), so each stripped copy is loaded
    before it replaces the original. Returns bytes before and after, and the libraries kept whole.
    """
    if shutil.which("strip") is None:
        return 0, 0, []
    search_path = library_search_path(folder)
    before = after = 0
    kept_whole = []
    for library in shared_libraries(folder):
        stripped = library.with_name(library.name + ".stripped")
        shutil.copy2(library, stripped)
        subprocess.run(["strip", "--strip-unneeded", str(stripped)], check=True)
        before += library.stat().st_size
        if stripped.stat().st_size >= library.stat().st_size:
            stripped.unlink()  # shipped stripped already
        elif loads(stripped, search_path):
            stripped.replace(library)
        else:
            stripped.unlink()
            kept_whole.append(str(library.relative_to(folder)))
        after += library.stat().st_size
    return before, after, kept_whole


def unresolved_libraries(folder: Path) -> list[str]:
    """Libraries the bundle links to that are neither in it nor on this machine: what pruning must never cause."""
    search_path = library_search_path(folder)
    env = dict(os.environ, LD_LIBRARY_PATH=search_path)
    missing = []
    for library in shared_libraries(folder):
        listing = subprocess.run(["ldd", str(library)], env=env, capture_output=True, text=True).stdout
        missing += [
            f"{library.relative_to(folder)}: {line.split()[0]}" for line in listing.splitlines() if "not found" in line
        ]
    return missing


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
    print(f"folder  {folder}  {folder_size(folder) / 1e6:.1f} MB unpacked (goal < {UNPACKED_GOAL_MB} MB)")
    print(f"archive {archive}  {archive.stat().st_size / 1e6:.1f} MB (goal < {ARCHIVE_GOAL_MB} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
