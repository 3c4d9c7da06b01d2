"""What the offline map shows, read from the database in a few column queries (no ORM objects).

Kept free of Qt so it can be loaded off the GUI thread. Coordinates are WGS-84 degrees; the map
projects them with `LocalProjection`, an equirectangular projection around the county centre,
which is exact enough (well under 0.1 %) across a county.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, String, and_, select, type_coerce
from sqlalchemy.orm import Session

from carematch.core.enums import HOLDING_STATUSES, AssignmentStatus, NeedKind
from carematch.core.models import Assignment, CareCentre, Caregiver, MealPoint, Resident, Township, Village

EARTH_RADIUS_M = 6_371_009.0

# Residents are coloured by what the station still has to do for them.
RESIDENT_NO_NEED = 0
RESIDENT_SERVED = 1
RESIDENT_OPEN = 2


@dataclass(frozen=True)
class LocalProjection:
    """Equirectangular projection in metres around (lon0, lat0); y grows southwards like the screen."""

    lon0: float
    lat0: float

    @property
    def _kx(self) -> float:
        return math.radians(1.0) * EARTH_RADIUS_M * math.cos(math.radians(self.lat0))

    @property
    def _ky(self) -> float:
        return math.radians(1.0) * EARTH_RADIUS_M

    def to_xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon0) * self._kx, -(lat - self.lat0) * self._ky

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        return self.lon0 + x / self._kx, self.lat0 - y / self._ky

    def arrays_to_xy(
        self, lons: npt.NDArray[np.float64], lats: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        return (lons - self.lon0) * self._kx, -(lats - self.lat0) * self._ky


@dataclass(frozen=True)
class Place:
    """A named point: a township, village or provider."""

    kind: str  # "township", "village", "meal_point", "care_centre", "caregiver"
    id: uuid.UUID
    name: str
    lon: float
    lat: float
    radius_km: float = 0.0  # service radius (care centre, caregiver) or dine-in radius (meal point)
    delivery_radius_km: float = 0.0
    detail: str = ""


@dataclass
class MapData:
    townships: list[Place] = field(default_factory=list)
    villages: list[Place] = field(default_factory=list)
    meal_points: list[Place] = field(default_factory=list)
    care_centres: list[Place] = field(default_factory=list)
    caregivers: list[Place] = field(default_factory=list)
    # Raw keys as the database returns them (turned into UUIDs only when one is clicked: building
    # 50,000 UUID objects costs more than reading the rows).
    resident_keys: list[object] = field(default_factory=list)
    resident_lons: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    resident_lats: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    resident_states: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, dtype=np.int8))

    def resident_id(self, index: int) -> uuid.UUID:
        key = self.resident_keys[index]
        return key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))

    def providers(self) -> list[Place]:
        return [*self.meal_points, *self.care_centres, *self.caregivers]

    def centre(self) -> tuple[float, float]:
        """The county centre: middle of the townships, else of whatever is placed, else 南浔."""
        places = self.townships or self.villages or self.providers()
        if places:
            lons = [p.lon for p in places]
            lats = [p.lat for p in places]
            return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
        if len(self.resident_lons):
            return float(np.median(self.resident_lons)), float(np.median(self.resident_lats))
        return 120.43, 30.87

    def projection(self) -> LocalProjection:
        lon, lat = self.centre()
        return LocalProjection(lon, lat)


def _located(model: type[MealPoint] | type[CareCentre] | type[Caregiver]) -> tuple[ColumnElement[bool], ...]:
    return (model.lon.is_not(None), model.lat.is_not(None))


def load_map_data(session: Session, *, residents: bool = True) -> MapData:
    data = MapData()
    for t_id, t_name, t_lon, t_lat in session.execute(
        select(Township.id, Township.name, Township.lon, Township.lat).where(
            Township.deleted_at.is_(None), Township.lon.is_not(None), Township.lat.is_not(None)
        )
    ):
        data.townships.append(Place("township", t_id, t_name, float(t_lon or 0.0), float(t_lat or 0.0)))
    for v_id, v_name, v_lon, v_lat, population, t_name in session.execute(
        select(Village.id, Village.name, Village.lon, Village.lat, Village.elderly_population, Township.name)
        .join(Township, Village.township_id == Township.id)
        .where(Village.deleted_at.is_(None), Village.lon.is_not(None), Village.lat.is_not(None))
    ):
        # The query keeps placed villages only; `or 0.0` is for the type checker.
        data.villages.append(
            Place("village", v_id, v_name, float(v_lon or 0.0), float(v_lat or 0.0), detail=f"{t_name}|{population}")
        )
    for m in session.execute(
        select(
            MealPoint.id,
            MealPoint.name,
            MealPoint.lon,
            MealPoint.lat,
            MealPoint.dine_in_radius_km,
            MealPoint.delivers,
            MealPoint.delivery_radius_km,
        ).where(MealPoint.deleted_at.is_(None), MealPoint.closed.is_(False), *_located(MealPoint))
    ):
        delivery = m.delivery_radius_km if m.delivers else 0.0
        data.meal_points.append(
            Place("meal_point", m.id, m.name, float(m.lon), float(m.lat), m.dine_in_radius_km, delivery)
        )
    for c in session.execute(
        select(CareCentre.id, CareCentre.name, CareCentre.lon, CareCentre.lat, CareCentre.service_radius_km).where(
            CareCentre.deleted_at.is_(None), CareCentre.closed.is_(False), *_located(CareCentre)
        )
    ):
        data.care_centres.append(Place("care_centre", c.id, c.name, float(c.lon), float(c.lat), c.service_radius_km))
    for g in session.execute(
        select(Caregiver.id, Caregiver.name, Caregiver.lon, Caregiver.lat, Caregiver.service_radius_km).where(
            Caregiver.deleted_at.is_(None), Caregiver.closed.is_(False), *_located(Caregiver)
        )
    ):
        data.caregivers.append(Place("caregiver", g.id, g.name, float(g.lon), float(g.lat), g.service_radius_km))
    if residents:
        _load_residents(session, data)
    return data


def _load_residents(session: Session, data: MapData) -> None:
    covered = {
        (resident_id, kind)
        for resident_id, kind in session.execute(
            select(type_coerce(Assignment.resident_id, String), Assignment.kind).where(
                and_(
                    Assignment.deleted_at.is_(None),
                    Assignment.status.in_([*HOLDING_STATUSES, AssignmentStatus.PROPOSED]),
                )
            )
        )
    }
    rows = session.execute(
        select(
            type_coerce(Resident.id, String),
            Resident.lon,
            Resident.lat,
            Resident.need_meal,
            Resident.need_delivery,
            Resident.need_dementia_care,
            Resident.need_home_visit,
        ).where(Resident.deleted_at.is_(None), Resident.lon.is_not(None), Resident.lat.is_not(None))
    ).all()
    data.resident_keys = [row[0] for row in rows]
    data.resident_lons = np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows))
    data.resident_lats = np.fromiter((row[2] for row in rows), dtype=np.float64, count=len(rows))
    states = np.zeros(len(rows), dtype=np.int8)
    for index, row in enumerate(rows):
        needs = []
        if row[3] or row[4]:
            needs.append(NeedKind.MEAL)
        if row[5]:
            needs.append(NeedKind.DEMENTIA_CARE)
        if row[6]:
            needs.append(NeedKind.HOME_VISIT)
        if needs:
            open_need = any((row[0], kind) not in covered for kind in needs)
            states[index] = RESIDENT_OPEN if open_need else RESIDENT_SERVED
    data.resident_states = states
