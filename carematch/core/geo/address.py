"""Reading a free-text address against the gazetteer.

Clerks write addresses many ways: "练市镇荃步村3组12号", "浙江省湖州市南浔区练市镇荃步村",
"荃步村", "练市荃步3组", full- or half-width. The reader looks for the gazetteer's township and
village names (full names, or stems such as 练市 and 荃步) inside the text rather than cutting
the text at 省/市/区, because names like 练市镇 contain those characters themselves. It never
guesses: a name two villages share, with nothing to tell them apart, is reported with both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from carematch.core.geo.gazetteer import Gazetteer, TownshipPlace, VillagePlace, clean_name

# A stem (练市, 荃步) counts only where a clerk would plausibly stop writing the name: a village
# stem before a group or house number, a township stem anywhere except before a county-level
# suffix (南浔区 is the district, not 南浔镇).
_VILLAGE_STEM_FOLLOWERS = frozenset("0123456789组队号弄巷幢栋-")
_TOWNSHIP_STEM_BLOCKERS = frozenset("区县市州省旗盟")


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    full: bool

    def overlaps(self, other: _Mention) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class _VillageMention(_Mention):
    places: tuple[VillagePlace, ...]


@dataclass(frozen=True)
class _TownshipMention(_Mention):
    places: tuple[TownshipPlace, ...]


_M = TypeVar("_M", bound=_Mention)
_P = TypeVar("_P", VillagePlace, TownshipPlace)


@dataclass(frozen=True)
class AddressReading:
    """What the address names. Exactly one of these holds:

    - `village` is set (and `township` is its township): the address names one village;
    - `village_candidates` has two or more villages: the name is ambiguous;
    - `misplaced` is non-empty: the village named is not in the township named;
    - only `township` is set: the address names a township but no village of it;
    - `township_candidates` has two or more townships and no village decides between them;
    - nothing is set: no gazetteer name occurs in the address.
    """

    text: str
    township: TownshipPlace | None = None
    village: VillagePlace | None = None
    detail: str = ""
    village_candidates: tuple[VillagePlace, ...] = ()
    township_candidates: tuple[TownshipPlace, ...] = ()
    misplaced: tuple[VillagePlace, ...] = ()
    former_name: str = ""  # set when the address names the village by a former name (曾用名)

    @property
    def ambiguous(self) -> bool:
        return len(self.village_candidates) > 1 or len(self.township_candidates) > 1

    @property
    def found(self) -> bool:
        return self.township is not None


def _pick(mentions: list[_M]) -> list[_M]:
    """Non-overlapping mentions, full names before stems and longer before shorter."""
    chosen: list[_M] = []
    for mention in sorted(mentions, key=lambda m: (not m.full, -(m.end - m.start), m.start)):
        if not any(mention.overlaps(kept) for kept in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def _unique(places: list[_P]) -> tuple[_P, ...]:
    seen: list[_P] = []
    for place in places:
        if place not in seen:
            seen.append(place)
    return tuple(seen)


def _scan(gazetteer: Gazetteer, text: str) -> tuple[list[_VillageMention], list[_TownshipMention]]:
    villages: list[_VillageMention] = []
    townships: list[_TownshipMention] = []
    n = len(text)
    known = gazetteer.known_pieces
    for start in range(n):
        for end in range(start + 2, min(n, start + gazetteer.longest_name) + 1):
            if text[start:end] not in known:
                continue
            found_villages, full = gazetteer.village_mentions(text, start, end)
            if found_villages and (full or end == n or text[end] in _VILLAGE_STEM_FOLLOWERS):
                villages.append(_VillageMention(start, end, full, tuple(found_villages)))
            found_townships, full = gazetteer.township_mentions(text, start, end)
            if found_townships and (full or end == n or text[end] not in _TOWNSHIP_STEM_BLOCKERS):
                townships.append(_TownshipMention(start, end, full, tuple(found_townships)))
    return villages, townships


def read_address(gazetteer: Gazetteer, address: object) -> AddressReading:
    """Find the township and village an address names (see `AddressReading`)."""
    text = clean_name(address)
    if not text:
        return AddressReading(text)
    village_mentions, township_mentions = _scan(gazetteer, text)
    chosen_villages = _pick(village_mentions)
    # A township stem inside a chosen village name (练市 in 练市社区) is not a second mention.
    chosen_townships = _pick([t for t in township_mentions if not any(t.overlaps(v) for v in chosen_villages)])
    if any(t.full for t in chosen_townships):
        chosen_townships = [t for t in chosen_townships if t.full]
    named_villages = _unique([v for m in chosen_villages for v in m.places])
    named_townships = _unique([t for m in chosen_townships for t in m.places])
    last_end = max((m.end for m in [*chosen_villages, *chosen_townships]), default=0)
    detail = text[last_end:]

    if named_townships:
        township_names = {t.name for t in named_townships}
        inside = tuple(v for v in named_villages if v.township in township_names)
        if len(inside) == 1:
            return _found(gazetteer, text, inside[0], detail, chosen_villages)
        if len(inside) > 1:
            return AddressReading(text, detail=detail, village_candidates=inside)
        if named_villages:
            township = named_townships[0] if len(named_townships) == 1 else None
            return AddressReading(text, township, detail=detail, misplaced=named_villages)
        if len(named_townships) == 1:
            return AddressReading(text, named_townships[0], detail=detail)
        return AddressReading(text, detail=detail, township_candidates=named_townships)
    if len(named_villages) == 1:
        return _found(gazetteer, text, named_villages[0], detail, chosen_villages)
    if len(named_villages) > 1:
        return AddressReading(text, detail=detail, village_candidates=named_villages)
    return AddressReading(text, detail=text)


def _found(
    gazetteer: Gazetteer, text: str, village: VillagePlace, detail: str, mentions: list[_VillageMention]
) -> AddressReading:
    written = next(text[m.start : m.end] for m in mentions if any(place is village for place in m.places))
    former = "" if village.called(written) else written
    return AddressReading(text, _township_of(gazetteer, village), village, detail, former_name=former)


def _township_of(gazetteer: Gazetteer, village: VillagePlace) -> TownshipPlace:
    for township in gazetteer.townships:
        if township.name == village.township:
            return township
    raise LookupError(village.township)  # a VillagePlace always comes from one of the gazetteer's townships
