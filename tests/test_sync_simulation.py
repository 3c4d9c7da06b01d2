"""A county server and three stations edit offline and exchange files in random order; in the end
every database shows the same registry, and every edit is either in it or held as a conflict."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from carematch.core import sync
from carematch.core.db import Store
from carematch.core.enums import Sex
from carematch.core.models import REGISTRY_MODELS, Resident, SyncConflict, utcnow
from carematch.core.sync import rows

DATABASES = ("county", "station-1", "station-2", "station-3")
SEEDED = 3
EXAMPLES = int(os.environ.get("CAREMATCH_SYNC_EXAMPLES", "6"))

edit = st.tuples(st.just("edit"), st.integers(0, 3), st.integers(0, 2))
delete = st.tuples(st.just("delete"), st.integers(0, 3), st.integers(0, 2))
create = st.tuples(st.just("create"), st.integers(0, 3), st.just(0))
send = st.tuples(st.just("send"), st.integers(0, 3), st.integers(0, 3))
# Import an old file again, late, or somewhere it was not meant for.
resend = st.tuples(st.just("resend"), st.integers(0, 40), st.integers(0, 3))
# Few records and many edits between exchanges, so the same record is often changed in two places.
operations = st.lists(st.one_of(edit, edit, delete, create, send, send, resend), min_size=8, max_size=16)


@dataclass
class World:
    folder: Path
    stores: list[Store]
    files: list[Path] = field(default_factory=list)
    tokens: dict[str, str | None] = field(default_factory=dict)  # edit token -> the token it replaced
    created: int = 0

    def send(self, source: int, target: int) -> None:
        if source == target:
            return
        path = self.folder / f"{len(self.files):03d}-{DATABASES[source]}.zip"
        with self.stores[source].unit_of_work() as session:
            sync.export_changes(session, path)
        self.files.append(path)
        sync.import_file(self.stores[target], path)

    def resend(self, index: int, target: int) -> None:
        if not self.files:
            return
        path = self.files[index % len(self.files)]
        with self.stores[target].reading() as session:
            own = sync.database_identity(session) == sync.read_package(path).database_id
        if not own:
            sync.import_file(self.stores[target], path)

    def change(self, where: int, pick: int, *, deleting: bool) -> None:
        token = f"t{len(self.tokens)}"
        with self.stores[where].unit_of_work(actor=DATABASES[where]) as session:
            people = session.scalars(select(Resident).order_by(Resident.citizen_id)).all()
            resident = people[pick % len(people)]
            self.tokens[token] = resident.notes
            resident.notes = token
            if deleting:
                resident.deleted_at = utcnow()

    def create(self, where: int) -> None:
        token = f"t{len(self.tokens)}"
        self.created += 1
        with self.stores[where].unit_of_work(actor=DATABASES[where]) as session:
            session.add(new_resident(f"33050319{where}{self.created:09d}", token))
        self.tokens[token] = None


def new_resident(citizen_id: str, notes: str) -> Resident:
    return Resident(citizen_id=citizen_id, name="王秀英", sex=Sex.FEMALE, birth_date=dt.date(1940, 5, 3), notes=notes)


def registry(store: Store) -> dict[str, list[dict[str, Any]]]:
    with store.reading() as session:
        return {
            model.__tablename__: sorted((rows.to_row(r) for r in session.scalars(select(model))), key=lambda r: r["id"])
            for model in REGISTRY_MODELS
        }


def held_versions(store: Store) -> dict[str, dict[str, Any]]:
    with store.reading() as session:
        return {
            str(c.id): c.held for c in session.scalars(select(SyncConflict).where(SyncConflict.settled_at.is_(None)))
        }


_template: list[Path] = []


def blank_database(folder: Path, name: str) -> Store:
    """A migrated, never used SQLite file (copied: migrating four files per example is slow)."""
    if not _template:
        path = Path(tempfile.mkdtemp(prefix="carematch-sim-")) / "template.sqlite"
        Store(f"sqlite:///{path}").close()
        _template.append(path)
    target = folder / f"{name}.sqlite"
    shutil.copyfile(_template[0], target)
    return Store(f"sqlite:///{target}")


@pytest.fixture(params=["sqlite", "postgresql"])
def county_server(request: pytest.FixtureRequest) -> Callable[[Path], Store]:
    """Makes a fresh county database per example: an SQLite file, or a database on the private PostgreSQL."""
    if request.param == "sqlite":
        return lambda folder: blank_database(folder, "county")
    cluster = request.getfixturevalue("pg_cluster")

    def fresh(folder: Path) -> Store:
        return Store(cluster.create_database(f"sim_{uuid.uuid4().hex[:12]}", template="carematch_template"))

    return fresh


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=operations)
def test_stations_exchanging_in_any_order_converge_and_lose_nothing(
    county_server: Callable[[Path], Store], steps: list[tuple[str, int, int]]
) -> None:
    with tempfile.TemporaryDirectory(prefix="carematch-sim-") as scratch:
        folder = Path(scratch)
        world = World(folder, [county_server(folder)] + [blank_database(folder, name) for name in DATABASES[1:]])
        try:
            with world.stores[0].unit_of_work(actor="county") as session:
                for number in range(SEEDED):
                    token = f"t{len(world.tokens)}"
                    session.add(new_resident(f"3305031940000000{number}", token))
                    world.tokens[token] = None
            for station in (1, 2, 3):
                world.send(0, station)

            for action, first, second in steps:
                if action in ("edit", "delete"):
                    world.change(first, second, deleting=action == "delete")
                elif action == "create":
                    world.create(first)
                elif action == "send":
                    world.send(first, second)
                else:
                    world.resend(first, second)

            # Everyone back in touch: stations to the county and back, twice, so relayed changes arrive.
            for _ in range(2):
                for station in (1, 2, 3):
                    world.send(station, 0)
                for station in (1, 2, 3):
                    world.send(0, station)

            shown = [registry(store) for store in world.stores]
            held = [held_versions(store) for store in world.stores]
            assert all(view == shown[0] for view in shown), "every database shows the same registry"
            assert all(versions == held[0] for versions in held), "every database holds the same conflicts"

            live = {row["notes"] for row in shown[0]["residents"]}
            kept = {version["notes"] for version in held[0].values()}
            replaced = {previous for previous in world.tokens.values() if previous is not None}
            lost = [token for token in world.tokens if token not in replaced and token not in live | kept]
            assert lost == [], f"edits neither applied nor held: {lost}"
        finally:
            for store in world.stores:
                store.close()
