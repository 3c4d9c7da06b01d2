"""A lean numpy for the Linux bundle: the same version as the venv's, built from the PyPI sdist
without BLAS/LAPACK, stripped, and with fewer CPU dispatch targets.

    .venv/bin/python packaging/lean_numpy.py --target /tmp/lean     # build (or reuse) and install there

Why: the PyPI wheel carries numpy.libs/ (OpenBLAS, libgfortran, libquadmath: 28.5 MB) and a
_multiarray_umath with code paths up to AVX512_SPR. CareMatch only does elementwise array work
(grid spatial index, candidate rules) and hands arrays to OR-Tools; it never multiplies matrices
or solves linear systems, so BLAS is dead weight. numpy.linalg still works without it, on numpy's
own bundled lapack_lite (slow, but unused by the program).

Build options (numpy's meson.options for 2.4):
  blas=none, lapack=none, allow-noblas=true  no external BLAS/LAPACK, numpy.libs/ disappears
  cpu-baseline=min                           X86_V2 (SSE4.2/POPCNT), the same floor as the PyPI wheel,
                                             so no station PC that runs the stock wheel is left out
  cpu-dispatch=X86_V3                        keep the AVX2/FMA3 variants, drop the AVX512 ones
                                             (measured: see docs in the report, size vs speed)
  -Wl,--strip-all (c and c++ link args)      no symbol tables; the release buildtype has no debug info

The wheel is built once by pip (build isolation brings meson-python, meson, ninja and Cython from
PyPI) and cached under a folder named after the numpy version, the interpreter and a hash of the
options, so a changed option or a numpy upgrade builds anew. Linux only: on Windows the bundle
keeps the stock wheel (building numpy there needs MSVC and gains less: its wheel has one
OpenBLAS DLL and no gfortran).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = ROOT / "build" / "lean-numpy"

# meson-python config settings passed to pip as -C<key>=<value>.
BUILD_SETTINGS: tuple[tuple[str, str], ...] = (
    ("setup-args", "-Dblas=none"),
    ("setup-args", "-Dlapack=none"),
    ("setup-args", "-Dallow-noblas=true"),
    ("setup-args", "-Dcpu-baseline=min"),
    ("setup-args", "-Dcpu-dispatch=X86_V3"),
    # meson-python packs files from its install plan itself, so `meson install --strip` would not
    # apply: strip at link time instead (the release buildtype already has no debug info).
    ("setup-args", "-Dc_link_args=-Wl,--strip-all"),
    ("setup-args", "-Dcpp_link_args=-Wl,--strip-all"),
)
# Names that betray an external BLAS/LAPACK (the PyPI wheel's numpy.libs/ holds these).
BLAS_MARKERS = ("openblas", "gfortran", "quadmath", "numpy.libs", "libblas", "liblapack", "mkl_")


class LeanNumpyError(RuntimeError):
    """The lean numpy cannot be built or fails its checks; the message says what to do."""


def installed_numpy_version() -> str:
    return importlib.metadata.version("numpy")


def cache_key(version: str) -> str:
    """numpy-<version>-<python tag>-<platform>-<hash of the build options>."""
    options = "\n".join(f"{key}={value}" for key, value in BUILD_SETTINGS)
    digest = hashlib.sha256(options.encode()).hexdigest()[:12]
    python_tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform_tag = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"numpy-{version}-{python_tag}-{platform_tag}-{digest}"


def check_toolchain() -> None:
    """Fail early, with the fix, when a C/C++ compiler or the Python headers are missing."""
    if not sys.platform.startswith("linux"):
        raise LeanNumpyError(
            f"The lean numpy is built on Linux only (this is {sys.platform}); bundle the stock numpy wheel here."
        )
    missing = []
    for variable, default in (("CC", "cc"), ("CXX", "c++")):
        compiler = os.environ.get(variable, default).split()[0]
        if shutil.which(compiler) is None:
            missing.append(f"{compiler} (${variable})")
    include = Path(sysconfig.get_paths()["include"])
    if not (include / "Python.h").is_file():
        missing.append(f"Python headers ({include / 'Python.h'})")
    if missing:
        raise LeanNumpyError(
            "Cannot build the lean numpy, missing: "
            + ", ".join(missing)
            + ". On Debian: apt-get install gcc g++ python3-dev (scripts/dev.sh installs them)."
        )


def is_binary(name: str) -> bool:
    """A shared library or something in a vendored-library folder: numpy's sources carry files
    such as numpy/distutils/mingw/gfortran_vs2003_hack.c whose names alone mean nothing."""
    base = name.rsplit("/", 1)[-1].lower()
    return ".libs/" in name or base.endswith((".so", ".dll", ".dylib")) or ".so." in base


def wheel_blas_files(wheel: Path) -> list[str]:
    """Libraries inside the wheel whose names betray an external BLAS/LAPACK (empty when lean)."""
    with zipfile.ZipFile(wheel) as archive:
        return [name for name in archive.namelist() if is_binary(name) and any(m in name.lower() for m in BLAS_MARKERS)]


def linked_blas_libraries(numpy_folder: Path) -> list[str]:
    """`ldd` lines of numpy's extension modules that point at a BLAS/LAPACK/Fortran runtime."""
    found = []
    for module in sorted(numpy_folder.rglob("*.so")):
        output = subprocess.run(["ldd", str(module)], capture_output=True, text=True, check=False).stdout
        found += [
            f"{module.name}: {line.strip()}"
            for line in output.splitlines()
            if any(m in line.lower() for m in BLAS_MARKERS)
        ]
    return found


def lean_numpy_wheel(cache_dir: Path) -> Path:
    """The lean wheel of the running interpreter's numpy version: reused from cache_dir, or
    built from the PyPI sdist (several minutes on 2 cores) and cached there."""
    version = installed_numpy_version()
    folder = cache_dir / cache_key(version)
    cached = sorted(folder.glob(f"numpy-{version}-*.whl"))
    if cached:
        return cached[0]
    check_toolchain()
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lean-numpy-", dir=cache_dir) as scratch:
        out = Path(scratch) / "wheel"
        command = [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-cache-dir",  # pip's own wheel cache does not key on the -C options
            "--no-binary",
            "numpy",
            "--wheel-dir",
            str(out),
            f"numpy=={version}",
            *[f"-C{key}={value}" for key, value in BUILD_SETTINGS],
            "-Ccompile-args=-j2",  # the build machines have 2 cores
        ]
        print(f"Building lean numpy {version} from source (several minutes)...", flush=True)
        build_log = Path(scratch) / "build.log"
        with build_log.open("w") as log:
            result = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=False)
        if result.returncode != 0:
            tail = "\n".join(build_log.read_text(errors="replace").splitlines()[-40:])
            raise LeanNumpyError(f"Building numpy {version} failed (pip exit {result.returncode}):\n{tail}")
        wheels = sorted(out.glob(f"numpy-{version}-*.whl"))
        if len(wheels) != 1:
            raise LeanNumpyError(f"Expected one numpy {version} wheel in {out}, found {[w.name for w in wheels]}")
        blas_files = wheel_blas_files(wheels[0])
        if blas_files:
            raise LeanNumpyError(f"The lean numpy wheel still carries BLAS files: {blas_files}")
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / wheels[0].name
        shutil.move(str(wheels[0]), final)
    return final


def install_lean_numpy(target: Path, cache_dir: Path) -> None:
    """pip-install the lean wheel (built or cached) into target, e.g. the bundle's staging folder,
    then check that none of its extension modules links a BLAS/LAPACK/Fortran library."""
    wheel = lean_numpy_wheel(cache_dir)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "--upgrade",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    if (target / "numpy.libs").exists():
        raise LeanNumpyError(f"{target / 'numpy.libs'} exists after installing the lean numpy")
    linked = linked_blas_libraries(target / "numpy")
    if linked:
        raise LeanNumpyError("The lean numpy links BLAS/LAPACK libraries:\n" + "\n".join(linked))


def folder_size(path: Path) -> int:
    """Bytes of the files under path, leaving out the __pycache__ folders pip compiles."""
    return sum(
        f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink() and "__pycache__" not in f.parts
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", type=Path, required=True, help="folder to install the lean numpy into")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"wheel cache (default {DEFAULT_CACHE})")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        install_lean_numpy(args.target, args.cache)
    except LeanNumpyError as error:
        print(f"lean_numpy: {error}", file=sys.stderr)
        return 1
    numpy_folder = args.target / "numpy"
    total = folder_size(numpy_folder)
    tests = sum(folder_size(t) for t in numpy_folder.rglob("tests") if t.is_dir())
    umath = next(numpy_folder.glob("_core/_multiarray_umath*.so"))
    print(f"wheel:   {lean_numpy_wheel(args.cache)}")
    print(f"numpy:   {total / 1e6:.1f} MB unpacked ({(total - tests) / 1e6:.1f} MB without tests/)")
    print(f"umath:   {umath.stat().st_size / 1e6:.1f} MB ({umath.name})")
    print("BLAS:    none (no numpy.libs/, ldd shows no openblas/gfortran/quadmath)")
    print(f"elapsed: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
