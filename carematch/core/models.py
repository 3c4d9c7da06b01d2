"""The records of DESIGN §2 as SQLAlchemy 2 typed models.

Every registry record has a UUID key, created/updated timestamps, a version counter that
SQLAlchemy checks on every UPDATE (optimistic locking) and a soft-deletion time. The audit
trail is written by `carematch.core.audit` from the session, not by the models.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    Uuid,
    event,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from carematch.core.enums import (
    AbilityLevel,
    AssignmentStatus,
    Assistance,
    CentreType,
    CertLevel,
    CoordSource,
    LabelledEnum,
    Living,
    NeedKind,
    Sex,
)
from carematch.core.names import pinyin_keys

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


E = TypeVar("E", bound=LabelledEnum)


class EnumValue(TypeDecorator[E], Generic[E]):
    """Stores a LabelledEnum by its value (text or number), so the database reads plainly."""

    impl = String(24)
    cache_ok = True

    def __init__(self, enum_cls: type[E]) -> None:
        super().__init__()
        self.enum_cls = enum_cls
        self._by_text = {str(member.value): member for member in enum_cls}

    def process_bind_param(self, value: E | None, dialect: Dialect) -> str | None:
        return None if value is None else str(value.value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        if value is None:
            return None
        member = self._by_text.get(str(value))
        if member is None:
            raise ValueError(f"{value!r} is not a {self.enum_cls.__name__}")
        return member


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


class Record(Base):
    """Columns every registry record has."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # SQLAlchemy adds "AND version = :old" to every UPDATE and raises StaleDataError
        # when no row matched: a stale write is refused, never applied.
        return {"version_id_col": cls.__table__.c.version}


class Placed:
    """Coordinates in WGS-84 with where they came from and the error that source implies."""

    township: Mapped[str] = mapped_column(String(40), default="")
    village: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    coord_source: Mapped[CoordSource | None] = mapped_column(EnumValue(CoordSource))
    coord_error_m: Mapped[int | None] = mapped_column(Integer)

    @property
    def has_location(self) -> bool:
        return self.lon is not None and self.lat is not None


class Resident(Placed, Record):
    __tablename__ = "residents"

    citizen_id: Mapped[str] = mapped_column(String(18), unique=True)
    # registry (0003): the last 4 characters of the ID, indexed, so "search by ID tail" needs no scan.
    id_tail: Mapped[str] = mapped_column(String(4), default="", index=True)
    name: Mapped[str] = mapped_column(String(40), index=True)
    name_pinyin: Mapped[str] = mapped_column(String(160), default="", index=True)
    name_initials: Mapped[str] = mapped_column(String(40), default="", index=True)
    sex: Mapped[Sex] = mapped_column(EnumValue(Sex))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(24), default="", index=True)
    living: Mapped[Living] = mapped_column(EnumValue(Living), default=Living.OTHER)
    ability: Mapped[AbilityLevel] = mapped_column(EnumValue(AbilityLevel), default=AbilityLevel.INTACT)
    dementia: Mapped[bool] = mapped_column(Boolean, default=False)
    assistance: Mapped[Assistance] = mapped_column(EnumValue(Assistance), default=Assistance.NONE)
    emergency_contact: Mapped[str] = mapped_column(String(40), default="")
    emergency_phone: Mapped[str] = mapped_column(String(24), default="")
    need_meal: Mapped[bool] = mapped_column(Boolean, default=False)
    need_delivery: Mapped[bool] = mapped_column(Boolean, default=False)
    need_dementia_care: Mapped[bool] = mapped_column(Boolean, default=False)
    need_home_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    visit_skills: Mapped[list[str]] = mapped_column(default=list)
    visits_per_week: Mapped[int] = mapped_column(Integer, default=1)
    diet: Mapped[list[str]] = mapped_column(default=list)
    notes: Mapped[str] = mapped_column(Text, default="")

    assignments: Mapped[list[Assignment]] = relationship(back_populates="resident")

    __table_args__ = (
        CheckConstraint("visits_per_week BETWEEN 1 AND 7", name="visits_per_week"),
        Index("ix_residents_township_village", "township", "village"),
        Index("ix_residents_village", "village"),
        Index("ix_residents_township_initials", "township", "name_initials"),
    )

    def needs(self) -> list[NeedKind]:
        kinds = []
        if self.need_meal or self.need_delivery:
            kinds.append(NeedKind.MEAL)
        if self.need_dementia_care:
            kinds.append(NeedKind.DEMENTIA_CARE)
        if self.need_home_visit:
            kinds.append(NeedKind.HOME_VISIT)
        return kinds


@event.listens_for(Resident.name, "set", propagate=True)
def _resident_renamed(target: Resident, value: Any, old: Any, initiator: Any) -> None:
    target.name_pinyin, target.name_initials = pinyin_keys(str(value or ""))


@event.listens_for(Resident.citizen_id, "set", propagate=True)
def _resident_id_set(target: Resident, value: Any, old: Any, initiator: Any) -> None:
    target.id_tail = str(value or "")[-4:]


class CareCentre(Placed, Record):
    __tablename__ = "care_centres"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    centre_type: Mapped[CentreType] = mapped_column(EnumValue(CentreType), default=CentreType.CARE_CENTRE)
    stars: Mapped[int] = mapped_column(Integer, default=0)
    total_beds: Mapped[int] = mapped_column(Integer, default=0)
    dementia_beds: Mapped[int] = mapped_column(Integer, default=0)
    dementia_beds_occupied: Mapped[int] = mapped_column(Integer, default=0)
    service_radius_km: Mapped[float] = mapped_column(Float, default=10.0)
    contact: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(24), default="")
    closed: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        CheckConstraint("stars BETWEEN 0 AND 5", name="stars"),
        CheckConstraint("dementia_beds >= 0 AND dementia_beds_occupied >= 0", name="beds"),
    )


class MealPoint(Placed, Record):
    __tablename__ = "meal_points"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    daily_capacity: Mapped[int] = mapped_column(Integer, default=0)
    dine_in_radius_km: Mapped[float] = mapped_column(Float, default=1.0)
    delivers: Mapped[bool] = mapped_column(Boolean, default=False)
    delivery_radius_km: Mapped[float] = mapped_column(Float, default=0.0)
    meal_times: Mapped[list[str]] = mapped_column(default=list)
    special_diets: Mapped[list[str]] = mapped_column(default=list)
    contact: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(24), default="")
    closed: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (CheckConstraint("daily_capacity >= 0", name="capacity"),)


class Caregiver(Placed, Record):
    __tablename__ = "caregivers"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    citizen_id: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str] = mapped_column(String(24), default="")
    cert_level: Mapped[CertLevel] = mapped_column(EnumValue(CertLevel), default=CertLevel.GRADE5)
    first_aid: Mapped[bool] = mapped_column(Boolean, default=False)
    skills: Mapped[list[str]] = mapped_column(default=list)
    centre_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("care_centres.id"))
    service_radius_km: Mapped[float] = mapped_column(Float, default=5.0)
    max_clients: Mapped[int] = mapped_column(Integer, default=8)
    available_days: Mapped[list[str]] = mapped_column(default=list)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)

    centre: Mapped[CareCentre | None] = relationship()

    __table_args__ = (CheckConstraint("max_clients >= 0", name="max_clients"),)

    @property
    def double_certified(self) -> bool:
        """双证: the caregiver certificate plus the first-aid (救护员) certificate."""
        return self.first_aid


class Township(Record):
    """Gazetteer: a township (乡镇/街道) with its centre."""

    __tablename__ = "townships"

    name: Mapped[str] = mapped_column(String(40), unique=True)
    county: Mapped[str] = mapped_column(String(40), default="")
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    coord_source: Mapped[CoordSource | None] = mapped_column(EnumValue(CoordSource))

    villages: Mapped[list[Village]] = relationship(back_populates="township")


class Village(Record):
    """Gazetteer: a village (村/社区) with its centre and 60+ population."""

    __tablename__ = "villages"

    township_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("townships.id"))
    name: Mapped[str] = mapped_column(String(40))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    coord_source: Mapped[CoordSource | None] = mapped_column(EnumValue(CoordSource))
    elderly_population: Mapped[int] = mapped_column(Integer, default=0)
    # geo: former names (曾用名) of merged or renamed villages, still written in addresses.
    aliases: Mapped[list[str]] = mapped_column(default=list)

    township: Mapped[Township] = relationship(back_populates="villages")

    __table_args__ = (
        Index("uq_villages_township_name", "township_id", "name", unique=True),
        CheckConstraint("elderly_population >= 0", name="population"),
    )


class Assignment(Record):
    """派单: one need of a resident matched to one provider."""

    __tablename__ = "assignments"

    resident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("residents.id"), index=True)
    kind: Mapped[NeedKind] = mapped_column(EnumValue(NeedKind))
    status: Mapped[AssignmentStatus] = mapped_column(
        EnumValue(AssignmentStatus), default=AssignmentStatus.PROPOSED, index=True
    )
    meal_point_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meal_points.id"), index=True)
    care_centre_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("care_centres.id"), index=True)
    caregiver_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("caregivers.id"), index=True)
    distance_m: Mapped[int | None] = mapped_column(Integer)
    delivery: Mapped[bool] = mapped_column(Boolean, default=False)
    visit_days: Mapped[list[str]] = mapped_column(default=list)
    proposed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(40), default="")
    needs_rematch: Mapped[bool] = mapped_column(Boolean, default=False)
    rematch_reason: Mapped[str] = mapped_column(String(200), default="")

    resident: Mapped[Resident] = relationship(back_populates="assignments")
    meal_point: Mapped[MealPoint | None] = relationship()
    care_centre: Mapped[CareCentre | None] = relationship()
    caregiver: Mapped[Caregiver | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN meal_point_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN care_centre_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN caregiver_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_provider",
        ),
    )

    @property
    def provider(self) -> MealPoint | CareCentre | Caregiver:
        provider = self.meal_point or self.care_centre or self.caregiver
        assert provider is not None
        return provider


class AuditEntry(Base):
    """One insert, update or delete of a record: who, when, which fields, old and new values.

    `seq` is this database's own change sequence; sync uses it as the exchange token.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(40), default="")
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    action: Mapped[str] = mapped_column(String(10))
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Setting(Base):
    """Station settings (name, phone, address, operator, default radii, language)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class GeocodeCache(Base):
    """Answers of the optional online geocoder, kept so each address is asked once."""

    __tablename__ = "geocode_cache"

    query: Mapped[str] = mapped_column(String(300), primary_key=True)
    provider: Mapped[str] = mapped_column(String(40), primary_key=True)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


REGISTRY_MODELS: tuple[type[Record], ...] = (
    Resident,
    CareCentre,
    MealPoint,
    Caregiver,
    Township,
    Village,
    Assignment,
)


# --- coverage (issue 8): monthly snapshots of the bureau's figures ---------------------------


class CoverageSnapshot(Base):
    """One figure of one month, as it stood the last time the figures were computed in that month.

    Kept so "last month's value" is what was really reported then; a month with no snapshot shows
    "—" rather than a number rebuilt from timestamps (capacity and radius edits leave no trace in
    created_at/deleted_at). `scope` is a township name, or "" for the whole registry.
    """

    __tablename__ = "coverage_snapshots"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    figure: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# --- server (issue 9): offline sync between stations and the county --------------------------


class SyncClock(Base):
    """The version vector of one record, for telling a newer version from a concurrent one.

    `vector` maps a database's identity to the audit seq of the last change made there that this
    version includes. Audit entries of the record after `seen_seq` are local edits not yet
    counted: they raise this database's own entry when the record is next exported or compared.
    """

    __tablename__ = "sync_clocks"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    vector: Mapped[dict[str, Any]] = mapped_column(default=dict)
    seen_seq: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str] = mapped_column(String(80), default="")


class SyncPeer(Base):
    """Another database this one has exchanged files with, and how far each side has the other's changes."""

    __tablename__ = "sync_peers"

    database_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    received_upto: Mapped[int] = mapped_column(Integer, default=0)
    acked_upto: Mapped[int] = mapped_column(Integer, default=0)
    last_import_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SyncConflict(Base):
    """A version of a record that lost a merge to a concurrent one, held until a person settles it."""

    __tablename__ = "sync_conflicts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="concurrent")
    held: Mapped[dict[str, Any]] = mapped_column(default=dict)
    held_vector: Mapped[dict[str, Any]] = mapped_column(default=dict)
    held_origin: Mapped[str] = mapped_column(String(80), default="")
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    settled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    settled_by: Mapped[str] = mapped_column(String(40), default="")
    resolution: Mapped[str] = mapped_column(String(20), default="")
