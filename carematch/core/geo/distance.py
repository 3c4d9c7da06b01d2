"""The distance of record (DESIGN §4) and a spatial index for "what is within R km of here".

Great-circle distance on a sphere of radius 6371.009 km, in whole metres, rounded; the same
number `geopy.distance.great_circle` gives. The scalar form is for single look-ups, the numpy
form for batch work; both use the haversine formula, which agrees with geopy's to the metre.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.009
EARTH_RADIUS_M = EARTH_RADIUS_KM * 1000.0

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> int:
    """Great-circle distance in whole metres (rounded), as DESIGN §4 defines it."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h))))


def distances_m(
    lon: float | FloatArray,
    lat: float | FloatArray,
    lons: FloatArray | Sequence[float],
    lats: FloatArray | Sequence[float],
) -> IntArray:
    """`distance_m` for many pairs at once (numpy broadcasting), in whole metres."""
    phi1 = np.radians(np.asarray(lat, dtype=np.float64))
    phi2 = np.radians(np.asarray(lats, dtype=np.float64))
    dlmb = np.radians(np.asarray(lons, dtype=np.float64) - np.asarray(lon, dtype=np.float64))
    h = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    metres = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    # Python's round() rounds half to even, as np.rint does; both give geopy's number to the metre.
    rounded: IntArray = np.rint(metres).astype(np.int64)
    return rounded


def _unit_vectors(lons: FloatArray, lats: FloatArray) -> FloatArray:
    lam, phi = np.radians(lons), np.radians(lats)
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def _chord_for_m(radius_m: float | FloatArray) -> FloatArray:
    """The straight-line chord (on the unit sphere) of an arc of `radius_m` metres, widened a little.

    The tree answers by chord length; the widening keeps every point whose rounded distance of
    record is within the radius, and `SpatialIndex.within` then applies the exact test.
    """
    arc = (np.asarray(radius_m, dtype=np.float64) + 1.0) / EARTH_RADIUS_M
    return np.asarray(2 * np.sin(np.minimum(arc, math.pi) / 2), dtype=np.float64)


class SpatialIndex:
    """Points (lon, lat) in a k-d tree on the unit sphere: all within R metres without all-pairs loops."""

    def __init__(self, lons: FloatArray | Sequence[float], lats: FloatArray | Sequence[float]) -> None:
        self.lons = np.asarray(lons, dtype=np.float64)
        self.lats = np.asarray(lats, dtype=np.float64)
        if self.lons.shape != self.lats.shape or self.lons.ndim != 1:
            raise ValueError("lons and lats must be 1-D arrays of the same length")
        self._tree = cKDTree(_unit_vectors(self.lons, self.lats)) if len(self.lons) else None

    def __len__(self) -> int:
        return len(self.lons)

    def within(self, lon: float, lat: float, radius_m: float) -> tuple[IntArray, IntArray]:
        """(indices, distances in metres) of the points with distance_m ≤ radius_m (inclusive), nearest first."""
        if self._tree is None:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        centre = _unit_vectors(np.array([lon]), np.array([lat]))[0]
        found = np.asarray(self._tree.query_ball_point(centre, float(_chord_for_m(radius_m))), dtype=np.int64)
        metres = distances_m(lon, lat, self.lons[found], self.lats[found])
        keep = metres <= radius_m
        found, metres = found[keep], metres[keep]
        order = np.lexsort((found, metres))
        return found[order], metres[order]

    def pairs_within(
        self,
        lons: FloatArray | Sequence[float],
        lats: FloatArray | Sequence[float],
        radii_m: FloatArray | Sequence[float],
    ) -> tuple[IntArray, IntArray, IntArray]:
        """For query points i with their own radius: every (i, point j, distance) with distance_m ≤ radius_i.

        This is how matching finds candidates: each provider with its own radius against the
        index of residents, every one in range, not the k nearest.
        """
        q_lons = np.asarray(lons, dtype=np.float64)
        q_lats = np.asarray(lats, dtype=np.float64)
        radii = np.asarray(radii_m, dtype=np.float64)
        if self._tree is None or len(q_lons) == 0:
            empty = np.empty(0, np.int64)
            return empty, empty.copy(), empty.copy()
        hits = self._tree.query_ball_point(_unit_vectors(q_lons, q_lats), _chord_for_m(radii))
        counts = np.fromiter((len(h) for h in hits), dtype=np.int64, count=len(hits))
        query_idx = np.repeat(np.arange(len(q_lons), dtype=np.int64), counts)
        point_idx = (
            np.concatenate([np.asarray(h, dtype=np.int64) for h in hits]) if counts.sum() else np.empty(0, np.int64)
        )
        metres = distances_m(q_lons[query_idx], q_lats[query_idx], self.lons[point_idx], self.lats[point_idx])
        keep = metres <= radii[query_idx]
        return query_idx[keep], point_idx[keep], metres[keep]

    def nearest(self, lon: float, lat: float, k: int = 1) -> tuple[IntArray, IntArray]:
        """(indices, distances in metres) of the k nearest points, nearest first."""
        if self._tree is None:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        k = min(k, len(self.lons))
        centre = _unit_vectors(np.array([lon]), np.array([lat]))[0]
        _, idx = self._tree.query(centre, k=k)
        found = np.atleast_1d(np.asarray(idx, dtype=np.int64))
        metres = distances_m(lon, lat, self.lons[found], self.lats[found])
        order = np.lexsort((found, metres))
        return found[order], metres[order]
