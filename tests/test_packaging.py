from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "carematch").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_shipped_files_are_found_through_the_package() -> None:
    from carematch.core.paths import font_path, migrations_path, resource_path

    assert font_path().stat().st_size > 1_000_000
    assert (migrations_path() / "env.py").exists()
    assert resource_path("places", "nanxun_demo_gazetteer.json").exists()
