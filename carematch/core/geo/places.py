"""The bundled township names of Zhejiang and Sichuan: checking and completing what clerks type.

A clerk may write 练市 for 练市镇, 炼市镇 for 练市镇 (same sound, wrong character) or 旧馆街道办 for
旧馆街道. `suggest_townships` ranks the bundled names for such an entry (exact name, same stem,
same pinyin, then similar characters), optionally within a county; `check_township` says whether
the name is a real township and what it should be written as. The names come from the statistical
division codes (see resources/places/ATTRIBUTION.md); the station's own gazetteer stays the
authority for its county, and the bundled list has no township coordinates.
"""

from __future__ import annotations

import csv
import difflib
import functools
import gzip
from collections.abc import Iterable
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from carematch.core.geo.gazetteer import clean_name, township_key, village_key
from carematch.core.paths import resource_path

TOWNSHIPS_FILE = ("places", "townships_zhejiang_sichuan.csv")
COUNTY_CENTRES_FILE = ("places", "county_centres_zhejiang_sichuan.csv")
VILLAGES_FILE = ("places", "villages_zhejiang_sichuan.csv.gz")
_COUNTY_SUFFIXES = ("自治县", "县", "区", "市")


@dataclass(frozen=True)
class BundledTownship:
    province: str
    city: str
    county: str
    name: str
    nbs_code: str

    @property
    def full_name(self) -> str:
        return f"{self.province}{self.city}{self.county}{self.name}"


@dataclass(frozen=True)
class TownshipSuggestion:
    township: BundledTownship
    score: float  # 1.0 exact; lower for stems, same pinyin, similar characters
    reason: str  # "exact", "stem", "pinyin", "similar"


@dataclass(frozen=True)
class TownshipCheck:
    known: bool  # the name, as written, is a bundled township (in the county when one was given)
    canonical: str | None  # how to write it when one township clearly is meant, else None
    suggestions: tuple[TownshipSuggestion, ...]


@dataclass(frozen=True)
class CountyCentre:
    province: str
    city: str
    county: str
    lon: float
    lat: float
    verified: bool  # always False for the bundled list: rounded, datum unstated


@functools.lru_cache(maxsize=65536)
def _pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))


@dataclass(frozen=True)
class _Entry:
    township: BundledTownship
    stem: str
    pinyin: str


@functools.lru_cache(maxsize=1)
def _entries() -> tuple[_Entry, ...]:
    with resource_path(*TOWNSHIPS_FILE).open(encoding="utf-8", newline="") as handle:
        townships = [
            BundledTownship(row["province"], row["city"], row["county"], row["township"], row["nbs_code"])
            for row in csv.DictReader(handle)
        ]
    return tuple(_Entry(t, township_key(t.name), _pinyin(township_key(t.name))) for t in townships)


def bundled_townships() -> tuple[BundledTownship, ...]:
    """Every bundled township of Zhejiang and Sichuan, in statistical-code order."""
    return tuple(entry.township for entry in _entries())


def county_stem(name: object) -> str:
    """南浔区 → 南浔, 长兴县 → 长兴 (a county written without its suffix)."""
    cleaned = clean_name(name)
    for suffix in _COUNTY_SUFFIXES:
        if cleaned.endswith(suffix) and len(cleaned) - len(suffix) >= 2:
            return cleaned[: -len(suffix)]
    return cleaned


def _in_county(entries: Iterable[_Entry], county: str) -> list[_Entry]:
    if not county:
        return list(entries)
    wanted = county_stem(county)
    return [e for e in entries if county_stem(e.township.county) == wanted or e.township.county == county]


def suggest_townships(name: object, *, county: object = "", limit: int = 5) -> list[TownshipSuggestion]:
    """The bundled townships `name` most likely means, best first (empty when nothing is close)."""
    return list(_suggest(clean_name(name), clean_name(county), limit))


@functools.lru_cache(maxsize=4096)  # an import repeats the same few township names many times
def _suggest(cleaned: str, county: str, limit: int) -> tuple[TownshipSuggestion, ...]:
    if not cleaned:
        return ()
    entries = _in_county(_entries(), county)
    stem = township_key(cleaned)
    sound = _pinyin(stem)
    found: dict[BundledTownship, TownshipSuggestion] = {}

    def offer(entry: _Entry, score: float, reason: str) -> None:
        known = found.get(entry.township)
        if known is None or known.score < score:
            found[entry.township] = TownshipSuggestion(entry.township, score, reason)

    for entry in entries:
        if entry.township.name == cleaned:
            offer(entry, 1.0, "exact")
        elif entry.stem == stem:
            offer(entry, 0.95, "stem")
        elif sound and entry.pinyin == sound:
            offer(entry, 0.9, "pinyin")
    if len(found) < limit:
        for entry in entries:
            if entry.township in found:
                continue
            ratio = difflib.SequenceMatcher(None, stem, entry.stem).ratio()
            if ratio >= 0.6:
                offer(entry, round(0.8 * ratio, 3), "similar")
    ranked = sorted(found.values(), key=lambda s: (-s.score, s.township.nbs_code))
    return tuple(ranked[:limit])


def check_township(name: object, *, county: object = "") -> TownshipCheck:
    """Whether `name` is a bundled township (in `county` when given), and how to write it."""
    suggestions = tuple(suggest_townships(name, county=county))
    known = bool(suggestions) and suggestions[0].reason == "exact"
    best = [s for s in suggestions if s.score == suggestions[0].score] if suggestions else []
    names = {s.township.name for s in best}
    canonical = best[0].township.name if best and len(names) == 1 and best[0].score >= 0.9 else None
    return TownshipCheck(known, canonical, suggestions)


@functools.lru_cache(maxsize=1)
def county_centres() -> tuple[CountyCentre, ...]:
    """Rough county centres (UNVERIFIED: rounded to 0.01°, datum unstated): a hint, never a placement."""
    with resource_path(*COUNTY_CENTRES_FILE).open(encoding="utf-8", newline="") as handle:
        return tuple(
            CountyCentre(row["province"], row["city"], row["county"], float(row["lon"]), float(row["lat"]), False)
            for row in csv.DictReader(handle)
        )


def county_centre(county: object, *, city: object = "") -> CountyCentre | None:
    """The rough centre of a county (by name, optionally with its city), or None when unknown or ambiguous."""
    wanted, wanted_city = county_stem(county), clean_name(city)
    hits = [
        c
        for c in county_centres()
        if county_stem(c.county) == wanted and (not wanted_city or c.city.startswith(wanted_city.rstrip("市")))
    ]
    return hits[0] if len(hits) == 1 else None


# --- villages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VillageCheck:
    known: bool  # the name, as written, is in the township's statistical list
    canonical: str | None  # how to write it when one village clearly is meant, else None
    suggestions: tuple[str, ...]
    listed: bool  # False when the township itself is not found (once) in the bundled list


@functools.lru_cache(maxsize=1)
def _villages_by_township_code() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    with gzip.open(resource_path(*VILLAGES_FILE), "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            grouped.setdefault(row["nbs_code"][:9], []).append(row["village"])
    return {code: tuple(names) for code, names in grouped.items()}


def _listed_township(township: object, county: object) -> BundledTownship | None:
    check = check_township(township, county=county)
    if check.canonical is None:
        return None
    matches = {s.township for s in check.suggestions if s.township.name == check.canonical}
    return matches.pop() if len(matches) == 1 else None


def bundled_villages(township: object, *, county: object = "") -> tuple[str, ...]:
    """The villages and communities of a township per the statistical list (empty when the township
    is not found once in the bundled list: give the county when its name is common)."""
    listed = _listed_township(township, county)
    return _villages_by_township_code().get(listed.nbs_code, ()) if listed else ()


def check_village(name: object, *, township: object, county: object = "") -> VillageCheck:
    """Whether `name` is a village of that township per the statistical list, and how to write it."""
    listed = _listed_township(township, county)
    cleaned = clean_name(name)
    if listed is None or not cleaned:
        return VillageCheck(False, None, (), listed is not None)
    names = _villages_by_township_code().get(listed.nbs_code, ())
    if cleaned in names:
        return VillageCheck(True, cleaned, (cleaned,), True)
    stem, sound = village_key(cleaned), _pinyin(village_key(cleaned))
    same = [n for n in names if village_key(n) == stem] or [
        n for n in names if sound and _pinyin(village_key(n)) == sound
    ]
    if same:
        return VillageCheck(False, same[0] if len(same) == 1 else None, tuple(same), True)
    close = difflib.get_close_matches(cleaned, names, n=3, cutoff=0.6)
    return VillageCheck(False, None, tuple(close), True)
