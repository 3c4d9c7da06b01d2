"""Shared fixtures: a fresh SQLite file per test, offscreen Qt, no network."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("CAREMATCH_DB", None)

from carematch.core.db import Store


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'carematch.sqlite'}"


@pytest.fixture(scope="session")
def small_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 200-resident demo county, built once per test session; tests open copies of it (copy_of)."""
    from carematch.core.demo import build_demo

    path = tmp_path_factory.mktemp("small-demo") / "demo.sqlite"
    with Store(f"sqlite:///{path}") as opened, opened.unit_of_work(actor="test") as session:
        build_demo(session, residents=200)
    return path


@pytest.fixture
def copy_of(tmp_path: Path) -> Iterator[Callable[[Path], Store]]:
    """Opens a Store on a private copy of a prepared SQLite file; closed when the test ends."""
    with contextlib.ExitStack() as opened:

        def open_copy(source: Path) -> Store:
            copy = tmp_path / f"copy-{uuid.uuid4().hex[:8]}.sqlite"
            shutil.copyfile(source, copy)
            return opened.enter_context(Store(f"sqlite:///{copy}"))

        yield open_copy


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, db_url: str) -> Iterator[Store]:
    """The same database tests against an SQLite file and a fresh database on a private PostgreSQL."""
    url = db_url if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Store(url) as opened:
        yield opened


# --- PostgreSQL server mode (server engineer, issue 9) ---------------------------------------------
def _pg_cluster_module() -> Any:
    path = Path(__file__).parent.parent / "bench" / "pg_cluster.py"
    spec = importlib.util.spec_from_file_location("pg_cluster", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PG_TEMPLATE = "carematch_template"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """A private PostgreSQL cluster on loopback for the whole session, stopped and removed at the end."""
    module = _pg_cluster_module()
    try:
        cluster = module.PrivateCluster().start()
    except module.PostgresMissing as missing:
        if os.environ.get("CI"):
            pytest.fail(str(missing), pytrace=False)
        pytest.skip(str(missing))
    try:
        # Migrated once; every test gets a copy of it (CREATE DATABASE ... TEMPLATE takes ~0.1 s).
        Store(cluster.create_database(PG_TEMPLATE)).close()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Any) -> Iterator[str]:
    """A fresh, migrated database of its own for one test."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    yield pg_cluster.create_database(name, template=PG_TEMPLATE)
    pg_cluster.drop_database(name)


@pytest.fixture
def pg_empty_url(pg_cluster: Any) -> Iterator[str]:
    """A fresh, empty database (no schema yet) for one test."""
    name = f"empty_{uuid.uuid4().hex[:16]}"
    yield pg_cluster.create_database(name)
    pg_cluster.drop_database(name)


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does may touch the real user's data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
