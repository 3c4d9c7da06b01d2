"""Where the program's files are: shipped resources and migrations, and the user's data folder."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import platformdirs

APP_NAME = "CareMatch"


def resource_path(*parts: str) -> Path:
    """A file shipped in `resources/` (inside the installed package or the bundle)."""
    return Path(str(files("carematch.resources").joinpath(*parts)))


def migrations_path() -> Path:
    return Path(str(files("carematch.migrations")))


def data_dir() -> Path:
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url(explicit: str | None = None) -> str:
    """`--db`, else CAREMATCH_DB, else carematch.sqlite in the user's data folder."""
    chosen = explicit or os.environ.get("CAREMATCH_DB")
    if not chosen:
        chosen = str(data_dir() / "carematch.sqlite")
    return as_url(chosen)


def as_url(db: str) -> str:
    if "://" in db:
        return db
    return "sqlite:///" + str(Path(db).expanduser().resolve())


def font_path() -> Path:
    return resource_path("fonts", "wqy-microhei.ttc")
