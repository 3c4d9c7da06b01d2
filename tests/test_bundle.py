"""The installable program: built with PyInstaller and smoke-tested from outside the source tree.

Slow (a few minutes; the first build on a machine also compiles the lean numpy, about 3 more), so
it runs in the full test command and when asked for by name; the other tests never wait for it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.bundle, pytest.mark.timeout(3600)]


def test_the_bundle_builds_and_runs_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(dist), "--work", str(tmp_path / "work")],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    print(build.stdout)
    (archive,) = dist.glob("CareMatch-*-linux-*.tar.gz")
    smoke = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "smoke_test.py"), str(archive)],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    print(smoke.stdout)
    # The smoke test also fails when the folder or the archive is over its size goal.
    assert smoke.returncode == 0, smoke.stdout[-2000:] + smoke.stderr[-4000:]
