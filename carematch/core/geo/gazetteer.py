"""The station's gazetteer (地名库): townships and villages with their centres and elderly population.

`Gazetteer` is an in-memory, read-only picture of the Township and Village tables, built once
per import or form and asked many times. Names are compared the way clerks write them: full- or
half-width, with or without the 镇/乡/街道 or 村/社区 suffix ("练市" finds 练市镇, "荃步" finds
荃步村). `upsert_township` and `upsert_village` are the session services that write the tables.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from carematch.core.enums import CoordSource
from carematch.core.errors import UserInputError, msg
from carematch.core.geo.distance import distance_m
from carematch.core.models import Township, Village

# Longest first, so 街道办事处 is cut before 街道 and 民族乡 before 乡.
TOWNSHIP_SUFFIXES = ("街道办事处", "街道办", "民族乡", "街道", "镇", "乡")
VILLAGE_SUFFIXES = ("村民委员会", "居民委员会", "村委会", "居委会", "社区", "居委", "村")
# A place name keeps at least this many characters when its suffix is cut (新村 stays 新村).
_MIN_KEY_LEN = 2


def clean_name(name: object) -> str:
    """A place name as stored: NFKC (full-width to half-width), every white space removed."""
    if name is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name)))


def _strip_suffix(name: str, suffixes: Sequence[str]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= _MIN_KEY_LEN:
            return name[: -len(suffix)]
    return name


def township_key(name: object) -> str:
    """The part of a township name clerks may write alone: 练市镇 → 练市, 旧馆街道 → 旧馆."""
    return _strip_suffix(clean_name(name), TOWNSHIP_SUFFIXES)


def village_key(name: object) -> str:
    """The part of a village name clerks may write alone: 荃步村 → 荃步, 适园社区 → 适园."""
    return _strip_suffix(clean_name(name), VILLAGE_SUFFIXES)


@dataclass(frozen=True)
class VillagePlace:
    township: str
    name: str
    lon: float | None
    lat: float | None
    coord_source: CoordSource | None = None
    elderly_population: int = 0
    id: uuid.UUID | None = None
    aliases: tuple[str, ...] = ()  # former names (曾用名) of a merged or renamed village

    @property
    def has_centre(self) -> bool:
        return self.lon is not None and self.lat is not None

    @property
    def full_name(self) -> str:
        return self.township + self.name

    def called(self, written: object) -> bool:
        """Whether `written` is this village's present name or its stem (not a former name)."""
        cleaned = clean_name(written)
        return cleaned in (clean_name(self.name), village_key(self.name))


@dataclass(frozen=True)
class TownshipPlace:
    name: str
    county: str = ""
    lon: float | None = None
    lat: float | None = None
    coord_source: CoordSource | None = None
    villages: tuple[VillagePlace, ...] = ()
    id: uuid.UUID | None = None

    @property
    def has_centre(self) -> bool:
        return self.lon is not None and self.lat is not None

    @property
    def elderly_population(self) -> int:
        return sum(v.elderly_population for v in self.villages)


def _add_once(table: dict[str, list[VillagePlace]], name: str, village: VillagePlace) -> None:
    places = table.setdefault(name, [])
    if not any(place is village for place in places):
        places.append(village)


class Gazetteer:
    """Townships and villages in memory, with look-ups tolerant of how clerks write names."""

    def __init__(self, townships: Iterable[TownshipPlace]) -> None:
        self.townships: tuple[TownshipPlace, ...] = tuple(townships)
        self._townships_by_full: dict[str, list[TownshipPlace]] = {}
        self._townships_by_key: dict[str, list[TownshipPlace]] = {}
        self._villages_by_full: dict[str, list[VillagePlace]] = {}
        self._villages_by_key: dict[str, list[VillagePlace]] = {}
        for township in self.townships:
            self._townships_by_full.setdefault(clean_name(township.name), []).append(township)
            self._townships_by_key.setdefault(township_key(township.name), []).append(township)
            for village in township.villages:
                for name in (village.name, *village.aliases):
                    _add_once(self._villages_by_full, clean_name(name), village)
                    _add_once(self._villages_by_key, village_key(name), village)
        # Every name and stem, so the address reader rejects most substrings with one set look-up.
        self.known_pieces = frozenset(
            (*self._townships_by_full, *self._townships_by_key, *self._villages_by_full, *self._villages_by_key)
        )
        self._village_vectors: npt.NDArray[np.float64] | None = None
        self._centred_villages: tuple[VillagePlace, ...] = ()
        self.longest_name = max(
            (len(name) for names in (self._townships_by_full, self._villages_by_full) for name in names), default=0
        )

    @classmethod
    def load(cls, session: Session) -> Gazetteer:
        """The gazetteer as the database holds it now (soft-deleted places left out)."""
        rows = session.scalars(
            select(Township)
            .where(Township.deleted_at.is_(None))
            .options(selectinload(Township.villages))
            .order_by(Township.name)
        ).all()
        return cls(
            TownshipPlace(
                name=t.name,
                county=t.county,
                lon=t.lon,
                lat=t.lat,
                coord_source=t.coord_source,
                id=t.id,
                villages=tuple(
                    VillagePlace(
                        township=t.name,
                        name=v.name,
                        lon=v.lon,
                        lat=v.lat,
                        coord_source=v.coord_source,
                        elderly_population=v.elderly_population,
                        id=v.id,
                        aliases=tuple(v.aliases or ()),
                    )
                    for v in sorted(t.villages, key=lambda v: v.name)
                    if v.deleted_at is None
                ),
            )
            for t in rows
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Gazetteer:
        """From the JSON layout of resources/places/*_gazetteer.json (county, townships, villages)."""
        county = str(data.get("county", ""))
        return cls(
            TownshipPlace(
                name=clean_name(t["name"]),
                county=county,
                lon=t.get("lon"),
                lat=t.get("lat"),
                villages=tuple(
                    VillagePlace(
                        township=clean_name(t["name"]),
                        name=clean_name(v["name"]),
                        lon=v.get("lon"),
                        lat=v.get("lat"),
                        elderly_population=int(v.get("elderly_population", 0)),
                        aliases=tuple(clean_name(a) for a in v.get("aliases", ())),
                    )
                    for v in t.get("villages", ())
                ),
            )
            for t in data.get("townships", ())
        )

    @property
    def villages(self) -> tuple[VillagePlace, ...]:
        return tuple(v for t in self.townships for v in t.villages)

    def __len__(self) -> int:
        return len(self.townships)

    # --- townships --------------------------------------------------------------------------

    def townships_named(self, name: object) -> list[TownshipPlace]:
        """Townships a name may mean: the exact name if one has it, else those sharing its stem."""
        cleaned = clean_name(name)
        if not cleaned:
            return []
        exact = self._townships_by_full.get(cleaned)
        if exact:
            return list(exact)
        return list(self._townships_by_key.get(township_key(cleaned), []))

    def township(self, name: object) -> TownshipPlace | None:
        """The one township a name means, or None when none (or more than one) does."""
        found = self.townships_named(name)
        return found[0] if len(found) == 1 else None

    # --- villages ---------------------------------------------------------------------------

    def villages_named(self, name: object, township: object = "") -> list[VillagePlace]:
        """Villages a name may mean (in `township` when given): exact names first, else by stem."""
        cleaned = clean_name(name)
        if not cleaned:
            return []
        wanted = {t.name for t in self.townships_named(township)} if clean_name(township) else None

        def inside(places: list[VillagePlace]) -> list[VillagePlace]:
            return [v for v in places if wanted is None or v.township in wanted]

        exact = inside(self._villages_by_full.get(cleaned, []))
        if exact:
            return exact
        return inside(self._villages_by_key.get(village_key(cleaned), []))

    def village(self, township_name: object, village_name: object) -> VillagePlace | None:
        """The one village of that township the name means, or None when none (or more than one) does."""
        found = self.villages_named(village_name, township_name)
        return found[0] if len(found) == 1 else None

    def villages_in(self, township_name: object) -> tuple[VillagePlace, ...]:
        township = self.township(township_name)
        return township.villages if township else ()

    def nearest_village(self, lon: float, lat: float) -> tuple[VillagePlace, int] | None:
        """The village whose centre is nearest to (lon, lat) and its distance in metres (None: no centres).

        A county has at most a few thousand villages: one matrix-vector product over their unit
        vectors (the nearest centre has the largest dot product) beats any index per single query.
        """
        if self._village_vectors is None:
            centred = [(v, v.lon, v.lat) for v in self.villages if v.lon is not None and v.lat is not None]
            self._centred_villages = tuple(v for v, _, _ in centred)
            self._village_vectors = _unit_vectors([c[1] for c in centred], [c[2] for c in centred])
        if not self._centred_villages:
            return None
        best = int(np.argmax(self._village_vectors @ _unit_vectors([lon], [lat])[0]))
        village = self._centred_villages[best]
        assert village.lon is not None and village.lat is not None
        return village, distance_m(lon, lat, village.lon, village.lat)

    # --- for the address reader --------------------------------------------------------------

    def township_mentions(self, text: str, start: int, end: int) -> tuple[list[TownshipPlace], bool]:
        """Townships whose full name (True) or stem (False) is exactly text[start:end]."""
        piece = text[start:end]
        if piece in self._townships_by_full:
            return self._townships_by_full[piece], True
        return self._townships_by_key.get(piece, []), False

    def village_mentions(self, text: str, start: int, end: int) -> tuple[list[VillagePlace], bool]:
        """Villages whose full name (True) or stem (False) is exactly text[start:end]."""
        piece = text[start:end]
        if piece in self._villages_by_full:
            return self._villages_by_full[piece], True
        return self._villages_by_key.get(piece, []), False


def _unit_vectors(lons: Sequence[float], lats: Sequence[float]) -> npt.NDArray[np.float64]:
    lam, phi = np.radians(np.asarray(lons, dtype=np.float64)), np.radians(np.asarray(lats, dtype=np.float64))
    return np.column_stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))


# --- session services ---------------------------------------------------------------------


def _required_name(name: object, zh_what: str, en_what: str) -> str:
    cleaned = clean_name(name)
    if not cleaned:
        raise UserInputError(msg("{what}名称不能为空", "The {what_en} name is empty", what=zh_what, what_en=en_what))
    if len(cleaned) > 40:
        raise UserInputError(
            msg(
                "{what}名称太长（最多40个字）",
                "The {what_en} name is too long (at most 40 characters)",
                what=zh_what,
                what_en=en_what,
            )
        )
    return cleaned


def find_township(session: Session, name: object, *, include_deleted: bool = False) -> Township | None:
    """The Township row of exactly that name (after cleaning), else of that stem when only one has it."""
    cleaned = clean_name(name)
    query = select(Township)
    if not include_deleted:
        query = query.where(Township.deleted_at.is_(None))
    exact = session.scalars(query.where(Township.name == cleaned)).first()
    if exact is not None or not cleaned:
        return exact
    key = township_key(cleaned)
    same_stem = [t for t in session.scalars(query).all() if township_key(t.name) == key]
    return same_stem[0] if len(same_stem) == 1 else None


def upsert_township(
    session: Session,
    *,
    name: str,
    county: str | None = None,
    lon: float | None = None,
    lat: float | None = None,
    coord_source: CoordSource | None = None,
) -> Township:
    """Create the township or update the one of that name (bringing back a deleted one).

    Values left as None keep what is stored; coordinates change only as a pair.
    """
    cleaned = _required_name(name, "乡镇(街道)", "township")
    township = session.scalars(select(Township).where(Township.name == cleaned)).first()
    if township is None:
        township = Township(name=cleaned, county=clean_name(county))
        session.add(township)
    elif township.deleted_at is not None:
        township.deleted_at = None
    if county is not None and clean_name(county) != township.county:
        township.county = clean_name(county)
    if lon is not None and lat is not None:
        if (township.lon, township.lat) != (lon, lat):
            township.lon, township.lat = lon, lat
        if township.coord_source != (coord_source or CoordSource.MANUAL):
            township.coord_source = coord_source or CoordSource.MANUAL
    return township


def upsert_village(
    session: Session,
    *,
    township: str | Township,
    name: str,
    lon: float | None = None,
    lat: float | None = None,
    coord_source: CoordSource | None = None,
    elderly_population: int | None = None,
    aliases: Sequence[str] | None = None,
) -> Village:
    """Create the village in its township or update it (the township is created when missing).

    Values left as None keep what is stored; coordinates change only as a pair.
    """
    cleaned = _required_name(name, "村(社区)", "village")
    if elderly_population is not None and elderly_population < 0:
        raise UserInputError(msg("老年人口不能为负数", "The elderly population cannot be negative"))
    parent = township if isinstance(township, Township) else upsert_township(session, name=township)
    village = None
    if parent.id is not None:
        village = session.scalars(
            select(Village).where(Village.township_id == parent.id, Village.name == cleaned)
        ).first()
    if village is None:
        village = next((v for v in parent.villages if v.name == cleaned), None)
    if village is None:
        village = Village(township=parent, name=cleaned, elderly_population=elderly_population or 0)
        session.add(village)
    elif village.deleted_at is not None:
        village.deleted_at = None
    if lon is not None and lat is not None:
        if (village.lon, village.lat) != (lon, lat):
            village.lon, village.lat = lon, lat
        if village.coord_source != (coord_source or CoordSource.MANUAL):
            village.coord_source = coord_source or CoordSource.MANUAL
    if elderly_population is not None and village.elderly_population != elderly_population:
        village.elderly_population = elderly_population
    if aliases is not None:
        former = list(dict.fromkeys(a for a in (clean_name(x) for x in aliases) if a and a != cleaned))
        if list(village.aliases or []) != former:
            village.aliases = former
    return village
