"""packaging/lean_numpy.py: the cache key, the BLAS checks and the toolchain error. Never builds numpy
(minutes); the cached wheel, when a bundle build has left one, is checked for BLAS files."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_lean_numpy() -> ModuleType:
    # packaging/ is not a package (and its name would shadow PyPI's `packaging`): load by path.
    spec = importlib.util.spec_from_file_location("lean_numpy", ROOT / "packaging" / "lean_numpy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["lean_numpy"] = module
    spec.loader.exec_module(module)
    return module


lean_numpy = load_lean_numpy()


def test_cache_key_changes_with_the_numpy_version_and_the_build_options(monkeypatch: pytest.MonkeyPatch) -> None:
    key = lean_numpy.cache_key("2.4.6")
    assert key.startswith("numpy-2.4.6-cp3")
    assert lean_numpy.cache_key("2.4.7") != key
    monkeypatch.setattr(lean_numpy, "BUILD_SETTINGS", (*lean_numpy.BUILD_SETTINGS, ("setup-args", "-Dx=y")))
    assert lean_numpy.cache_key("2.4.6") != key


def test_wheel_check_finds_numpy_libs_and_passes_a_lean_wheel(tmp_path: Path) -> None:
    stock = tmp_path / "stock.whl"
    with zipfile.ZipFile(stock, "w") as archive:
        archive.writestr("numpy/__init__.py", "")
        archive.writestr("numpy.libs/libscipy_openblas64_-32a4b2a6.so", b"\x7fELF")
        archive.writestr("numpy.libs/libgfortran-040039e1.so.5.0.0", b"\x7fELF")
    lean = tmp_path / "lean.whl"
    with zipfile.ZipFile(lean, "w") as archive:
        archive.writestr("numpy/__init__.py", "")
        archive.writestr("numpy/linalg/lapack_lite.cpython-311-x86_64-linux-gnu.so", b"\x7fELF")
        archive.writestr("numpy/distutils/mingw/gfortran_vs2003_hack.c", "int _gfortran_hack;")
    assert lean_numpy.wheel_blas_files(stock) == [
        "numpy.libs/libscipy_openblas64_-32a4b2a6.so",
        "numpy.libs/libgfortran-040039e1.so.5.0.0",
    ]
    assert lean_numpy.wheel_blas_files(lean) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the lean numpy is built on Linux only")
def test_missing_compiler_is_named_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC", "/nonexistent/gcc-for-carematch")
    with pytest.raises(lean_numpy.LeanNumpyError, match=r"/nonexistent/gcc-for-carematch.*apt-get install"):
        lean_numpy.check_toolchain()


def test_cached_lean_wheel_if_any_carries_no_blas() -> None:
    folder = lean_numpy.DEFAULT_CACHE / lean_numpy.cache_key(lean_numpy.installed_numpy_version())
    wheels = sorted(folder.glob("numpy-*.whl"))
    if not wheels:
        pytest.skip(f"no lean numpy wheel cached in {folder} (packaging/lean_numpy.py builds one)")
    assert lean_numpy.wheel_blas_files(wheels[0]) == []
    with zipfile.ZipFile(wheels[0]) as archive:
        assert any(name.endswith(".so") and "_multiarray_umath" in name for name in archive.namelist())
