"""Optional online geocoding through geopy (Nominatim by default), off unless the station turns it on.

The program never needs it: placing works from coordinates and the gazetteer. When the setting
`online_geocoding` is "1", an address the gazetteer cannot place may be asked of an online
geocoder: calls are spaced by geopy's RateLimiter (Nominatim allows one a second), every answer
(found or not) is kept in the GeocodeCache table so an address is asked once, and the answer is
converted to WGS-84 from the provider's system (Baidu answers in BD-09). When the network is
absent the lookup reports "unavailable" and nothing is cached, so it can be asked again later.

`RecordedAdapter` is a geopy adapter that serves recorded answers instead of the network: the
tests replay Nominatim answers through it, and a demo can run with it on a machine offline.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core.enums import CoordSource, CoordSystem
from carematch.core.errors import UserInputError, msg
from carematch.core.geo.address import read_address
from carematch.core.geo.coords import to_wgs84
from carematch.core.geo.gazetteer import Gazetteer, clean_name
from carematch.core.geo.placement import Placement, checked_lon_lat, place
from carematch.core.models import GeocodeCache, Setting, utcnow

ENABLED_KEY = "online_geocoding"
PROVIDER_KEY = "geocoding_provider"
USER_AGENT_KEY = "geocoding_user_agent"
MIN_DELAY_KEY = "geocoding_min_delay_s"
DEFAULT_PROVIDER = "nominatim"
DEFAULT_USER_AGENT = "CareMatch/0.1 (township elderly-care station)"
DEFAULT_MIN_DELAY_S = 1.0  # Nominatim's usage policy: at most one request a second

# The coordinate system each provider answers in (geopy's service names).
PROVIDER_SYSTEMS: dict[str, CoordSystem] = {
    "nominatim": CoordSystem.WGS84,
    "photon": CoordSystem.WGS84,
    "arcgis": CoordSystem.WGS84,
    "baidu": CoordSystem.BD09,
    "baiduv3": CoordSystem.BD09,
}

# How precise an answer is, from what it found (Nominatim's addresstype / type), as the source
# whose error best matches: a building is good to tens of metres, a village centre to a
# kilometre, a town to several.
_PRECISE = frozenset({"house", "building", "amenity", "shop", "office", "residential", "house_number"})
_VILLAGE = frozenset({"village", "hamlet", "neighbourhood", "quarter", "isolated_dwelling", "road", "locality"})


class LookupStatus(enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"  # no network, or the service refused: nothing cached
    DISABLED = "disabled"  # the station has not turned online geocoding on


@dataclass(frozen=True)
class GeocodeAnswer:
    status: LookupStatus
    query: str
    lon: float | None = None  # WGS-84
    lat: float | None = None
    source: CoordSource | None = None
    label: str = ""  # what the provider called the place it found
    cached: bool = False

    @property
    def found(self) -> bool:
        return self.status is LookupStatus.FOUND

    def placement(self) -> Placement:
        """The answer as a Placement (UserInputError when there is none)."""
        if self.lon is None or self.lat is None or self.source is None:
            raise UserInputError(
                msg("在线查询没有找到“{q}”", "The online lookup found nothing for '{q}'", q=self.query)
            )
        return Placement(self.lon, self.lat, self.source, self.source.error_m, "", "", (), self.query)


# --- settings -----------------------------------------------------------------------------


def _setting(session: Session, key: str, default: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None and row.value != "" else default


def geocoding_enabled(session: Session) -> bool:
    return _setting(session, ENABLED_KEY, "0").strip().lower() in {"1", "true", "yes", "是", "on"}


def set_geocoding_enabled(session: Session, enabled: bool) -> None:
    session.merge(Setting(key=ENABLED_KEY, value="1" if enabled else "0"))


# --- the geocoder ---------------------------------------------------------------------------


def make_geocoder(
    provider: str = DEFAULT_PROVIDER,
    *,
    user_agent: str = DEFAULT_USER_AGENT,
    adapter_factory: Callable[..., BaseSyncAdapter] | None = None,
    timeout: float = 10.0,
) -> Geocoder:
    """A geopy geocoder for `provider` (adapter_factory lets tests and demos replay answers)."""
    options: dict[str, Any] = {"user_agent": user_agent, "timeout": timeout}
    if adapter_factory is not None:
        options["adapter_factory"] = adapter_factory
    if provider == "nominatim":
        return Nominatim(**options)
    try:
        geocoder_class = get_geocoder_for_service(provider)
    except GeopyError:
        raise UserInputError(
            msg("不认识的在线地址查询服务“{p}”", "Unknown online geocoding service '{p}'", p=provider)
        ) from None
    geocoder: Geocoder = geocoder_class(**options)
    return geocoder


def _source_of(raw: Mapping[str, Any]) -> CoordSource:
    kind = str(raw.get("addresstype") or raw.get("type") or "")
    if kind in _PRECISE:
        return CoordSource.MANUAL
    if kind in _VILLAGE:
        return CoordSource.VILLAGE
    return CoordSource.TOWNSHIP


def cache_key(address: str) -> str:
    """One spelling per address, so the cache answers however the clerk spaced it."""
    return " ".join(str(address).split())[:300]


class OnlineGeocoder:
    """Asks an online geocoder, spaced and cached; only when the station has turned it on."""

    def __init__(
        self,
        session: Session,
        *,
        geocoder: Geocoder | None = None,
        provider: str | None = None,
        min_delay_seconds: float | None = None,
        adapter_factory: Callable[..., BaseSyncAdapter] | None = None,
    ) -> None:
        self.session = session
        self.provider = provider or _setting(session, PROVIDER_KEY, DEFAULT_PROVIDER)
        self.system = PROVIDER_SYSTEMS.get(self.provider, CoordSystem.WGS84)
        self._geocoder = geocoder
        self._adapter_factory = adapter_factory
        delay = min_delay_seconds
        if delay is None:
            try:
                delay = float(_setting(session, MIN_DELAY_KEY, str(DEFAULT_MIN_DELAY_S)))
            except ValueError:
                delay = DEFAULT_MIN_DELAY_S
        self.min_delay_seconds = max(0.0, delay)
        self._rate_limited: Callable[..., Any] | None = None

    def _ask(self) -> Callable[..., Any]:
        if self._rate_limited is None:
            geocoder = self._geocoder or make_geocoder(
                self.provider,
                user_agent=_setting(self.session, USER_AGENT_KEY, DEFAULT_USER_AGENT),
                adapter_factory=self._adapter_factory,
            )
            # Retries only for passing faults; the last error is raised to us, not swallowed, so
            # "no network" is told apart from "not found".
            self._rate_limited = RateLimiter(
                geocoder.geocode,
                min_delay_seconds=self.min_delay_seconds,
                max_retries=1,
                error_wait_seconds=max(self.min_delay_seconds, 0.0),
                swallow_exceptions=False,
            )
        return self._rate_limited

    def lookup(self, address: str, *, force: bool = False) -> GeocodeAnswer:
        """The address's place in WGS-84: from the cache, else asked online (when turned on)."""
        query = cache_key(address)
        if not query:
            return GeocodeAnswer(LookupStatus.NOT_FOUND, query)
        if not force and not geocoding_enabled(self.session):
            return GeocodeAnswer(LookupStatus.DISABLED, query)
        cached = self.session.get(GeocodeCache, (query, self.provider))
        if cached is not None:
            return self._from_cache(cached)
        try:
            location = self._ask()(query, exactly_one=True)
        except (GeocoderServiceError, OSError):
            return GeocodeAnswer(LookupStatus.UNAVAILABLE, query)
        raw: dict[str, Any] = dict(location.raw) if location is not None else {}
        entry = GeocodeCache(query=query, provider=self.provider, raw=raw, fetched_at=utcnow())
        if location is not None:
            try:
                lon, lat, _ = checked_lon_lat(float(location.longitude), float(location.latitude))
            except UserInputError:
                pass  # found somewhere outside China: of no use to a station, kept as "not found"
            else:
                entry.lon, entry.lat = to_wgs84(lon, lat, self.system)
        self.session.add(entry)
        self.session.flush()
        return self._from_cache(entry, cached=False)

    def _from_cache(self, entry: GeocodeCache, *, cached: bool = True) -> GeocodeAnswer:
        if entry.lon is None or entry.lat is None:
            return GeocodeAnswer(LookupStatus.NOT_FOUND, entry.query, cached=cached)
        raw = entry.raw or {}
        return GeocodeAnswer(
            LookupStatus.FOUND,
            entry.query,
            entry.lon,
            entry.lat,
            _source_of(raw),
            str(raw.get("display_name", "")),
            cached,
        )


def place_or_ask_online(
    session: Session,
    gazetteer: Gazetteer,
    *,
    township: str = "",
    village: str = "",
    address: str = "",
    online: OnlineGeocoder | None = None,
) -> Placement:
    """Place a record by its names and address; when the gazetteer does not know them and the
    station has turned online geocoding on, ask online (cached) instead of failing.

    A name the gazetteer knows twice is still reported as ambiguous: an online answer would be a
    guess between the two. Without the setting, or without an answer, the offline error stands.
    """
    try:
        return place(gazetteer, township=township, village=village, address=address)
    except UserInputError as offline_error:
        if _ambiguous(gazetteer, township, village, address) or not geocoding_enabled(session):
            raise
        query = cache_key(" ".join(part for part in (township, village, address) if part))
        answer = (online or OnlineGeocoder(session)).lookup(query)
        if not answer.found:
            raise offline_error from None
        found = answer.placement()
        note = msg(
            "地名库中找不到，按在线查询结果定位（{label}），请核对",
            "Not in the gazetteer; placed by the online lookup ({label}); please check",
            label=answer.label or query,
        )
        return replace(found, township=clean_name(township), village=clean_name(village), warnings=(note,))


def _ambiguous(gazetteer: Gazetteer, township: str, village: str, address: str) -> bool:
    if village and len(gazetteer.villages_named(village, township)) > 1:
        return True
    if township and len(gazetteer.townships_named(township)) > 1:
        return True
    reading = read_address(gazetteer, address) if address and not (township or village) else None
    return reading is not None and (reading.ambiguous or bool(reading.misplaced))


def forget_cached(session: Session, *, older_than: dt.timedelta | None = None) -> int:
    """Drop cached answers (all, or those older than the given age); returns how many."""
    rows = session.scalars(select(GeocodeCache)).all()
    cutoff = utcnow() - older_than if older_than is not None else None
    dropped = 0
    for row in rows:
        if cutoff is None or row.fetched_at < cutoff:
            session.delete(row)
            dropped += 1
    return dropped


# --- replaying recorded answers ---------------------------------------------------------------


class RecordedAdapter(BaseSyncAdapter):  # type: ignore[misc]  # geopy ships no type hints
    """A geopy adapter that answers from recordings, never from the network.

    `recordings` maps the query text (the `q` parameter, or the whole URL) to the JSON the
    service answered, or to an exception to raise (a recorded outage). A request with no
    recording raises LookupError, so a test can never reach the network by accident.
    """

    def __init__(
        self,
        recordings: Mapping[str, Any],
        *,
        proxies: Any = None,
        ssl_context: Any = None,
    ) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self.recordings = dict(recordings)
        self.requests: list[str] = []

    @classmethod
    def factory(cls, recordings: Mapping[str, Any]) -> Callable[..., RecordedAdapter]:
        """What geopy's `adapter_factory` takes; the adapter made is kept as `factory.adapter`."""

        def make(*, proxies: Any = None, ssl_context: Any = None) -> RecordedAdapter:
            adapter = cls(recordings, proxies=proxies, ssl_context=ssl_context)
            make.adapter = adapter  # type: ignore[attr-defined]
            return adapter

        return make

    def _answer(self, url: str) -> Any:
        self.requests.append(url)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("q", [""])[0]
        for key in (query, url):
            if key in self.recordings:
                answer = self.recordings[key]
                if isinstance(answer, BaseException):
                    raise answer
                return answer
        raise LookupError(f"no recorded answer for {url}")

    def get_json(self, url: str, *, timeout: float, headers: Mapping[str, str]) -> Any:
        return self._answer(url)

    def get_text(self, url: str, *, timeout: float, headers: Mapping[str, str]) -> str:
        return json.dumps(self._answer(url), ensure_ascii=False)
