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


_GRID_CELL_DEG = 0.01
"""Edge of a grid cell in degrees (about 1.1 km north–south): a county's providers and residents
spread over a few thousand cells, so a radius query reads only the rows of cells it overlaps."""


def _search_box(lats: FloatArray, radii_m: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Half-height and half-width (degrees) of the latitude/longitude box that holds every point whose
    rounded distance of record is within the radius: the cap's exact extent, widened by a metre."""
    delta = np.minimum((radii_m + 1.0) / EARTH_RADIUS_M, math.pi / 2)
    dlat = np.degrees(delta)
    outer_lat = np.minimum(np.abs(lats) + dlat, 89.999999)
    ratio = np.sin(delta) / np.cos(np.radians(outer_lat))
    dlon = np.where(ratio >= 1.0, 180.0, np.degrees(np.arcsin(np.minimum(ratio, 1.0))))
    return dlat, dlon


class SpatialIndex:
    """Points (lon, lat) bucketed in a regular grid of cells: everything within R metres of a place, or
    of many places each with its own radius, found with numpy, without all-pairs loops.

    Points are sorted by cell (row-major), so the cells of one grid row that a search box overlaps are
    one contiguous slice; every candidate from those slices is then tested with the distance of record.
    (A numpy grid rather than scipy's k-d tree: scipy would add about 75 MB to the installed program.)
    """

    def __init__(self, lons: FloatArray | Sequence[float], lats: FloatArray | Sequence[float]) -> None:
        self.lons = np.asarray(lons, dtype=np.float64)
        self.lats = np.asarray(lats, dtype=np.float64)
        if self.lons.shape != self.lats.shape or self.lons.ndim != 1:
            raise ValueError("lons and lats must be 1-D arrays of the same length")
        if len(self.lons) == 0:
            self._lon0 = self._lat0 = 0.0
            self._rows = self._cols = 1
        else:
            self._lon0, self._lat0 = float(self.lons.min()), float(self.lats.min())
            self._rows = int((self.lats.max() - self._lat0) // _GRID_CELL_DEG) + 1
            self._cols = int((self.lons.max() - self._lon0) // _GRID_CELL_DEG) + 1
        keys = self._row(self.lats) * self._cols + self._col(self.lons)
        self._order = np.argsort(keys, kind="stable").astype(np.int64)
        self._sorted_keys = keys[self._order]

    def __len__(self) -> int:
        return len(self.lons)

    def _row(self, lats: FloatArray) -> IntArray:
        rows: IntArray = np.clip((lats - self._lat0) // _GRID_CELL_DEG, 0, self._rows - 1).astype(np.int64)
        return rows

    def _col(self, lons: FloatArray) -> IntArray:
        cols: IntArray = np.clip((lons - self._lon0) // _GRID_CELL_DEG, 0, self._cols - 1).astype(np.int64)
        return cols

    def _candidates(self, q_lons: FloatArray, q_lats: FloatArray, radii: FloatArray) -> tuple[IntArray, IntArray]:
        """(query index, point index) for every point in the cells each query's search box overlaps."""
        dlat, dlon = _search_box(q_lats, radii)
        lat_lo, lat_hi = q_lats - dlat, q_lats + dlat
        lon_lo, lon_hi = q_lons - dlon, q_lons + dlon
        lat_max = self._lat0 + self._rows * _GRID_CELL_DEG
        lon_max = self._lon0 + self._cols * _GRID_CELL_DEG
        touches = (lat_hi >= self._lat0) & (lat_lo <= lat_max) & (lon_hi >= self._lon0) & (lon_lo <= lon_max)
        queries = np.flatnonzero(touches)
        row_lo, row_hi = self._row(lat_lo[queries]), self._row(lat_hi[queries])
        col_lo, col_hi = self._col(lon_lo[queries]), self._col(lon_hi[queries])
        # One (query, grid row) pair per row the box spans.
        spans = row_hi - row_lo + 1
        pair_query = np.repeat(np.arange(len(queries)), spans)
        pair_row = np.repeat(row_lo, spans) + _ranks_within_groups(spans)
        first = np.searchsorted(self._sorted_keys, pair_row * self._cols + col_lo[pair_query], side="left")
        last = np.searchsorted(self._sorted_keys, pair_row * self._cols + col_hi[pair_query], side="right")
        counts = last - first
        positions = np.repeat(first, counts) + _ranks_within_groups(counts)
        return queries[np.repeat(pair_query, counts)], self._order[positions]

    def within(self, lon: float, lat: float, radius_m: float) -> tuple[IntArray, IntArray]:
        """(indices, distances in metres) of the points with distance_m ≤ radius_m (inclusive), nearest first."""
        _, found, metres = self.pairs_within([lon], [lat], [radius_m])
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
        if len(self.lons) == 0 or len(q_lons) == 0:
            empty = np.empty(0, np.int64)
            return empty, empty.copy(), empty.copy()
        query_idx, point_idx = self._candidates(q_lons, q_lats, radii)
        metres = distances_m(q_lons[query_idx], q_lats[query_idx], self.lons[point_idx], self.lats[point_idx])
        keep = metres <= radii[query_idx]
        return query_idx[keep], point_idx[keep], metres[keep]

    def nearest(self, lon: float, lat: float, k: int = 1) -> tuple[IntArray, IntArray]:
        """(indices, distances in metres) of the k nearest points, nearest first."""
        k = min(k, len(self.lons))
        if k <= 0:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        radius = 2000.0
        while True:
            found, metres = self.within(lon, lat, radius)
            # Every point closer than the k-th found lies inside the radius too, so the first k are exact.
            if len(found) >= k or radius > 2 * math.pi * EARTH_RADIUS_M:
                return found[:k], metres[:k]
            radius *= 4

    def nearest_many(
        self, lons: FloatArray | Sequence[float], lats: FloatArray | Sequence[float]
    ) -> tuple[IntArray, IntArray]:
        """For each query point, (index, distance in metres) of its nearest point; ties go to the lower index."""
        q_lons = np.asarray(lons, dtype=np.float64)
        q_lats = np.asarray(lats, dtype=np.float64)
        best = np.full(len(q_lons), -1, np.int64)
        best_m = np.full(len(q_lons), np.iinfo(np.int64).max, np.int64)
        if len(self.lons) == 0:
            return best, best_m
        pending = np.arange(len(q_lons))
        radius = 2000.0
        while len(pending):
            query_idx, point_idx, metres = self.pairs_within(
                q_lons[pending], q_lats[pending], np.full(len(pending), radius)
            )
            if len(query_idx):
                if np.any(query_idx[1:] < query_idx[:-1]):  # pairs come grouped by query; keep it so
                    order = np.argsort(query_idx, kind="stable")
                    query_idx, point_idx, metres = query_idx[order], point_idx[order], metres[order]
                # One key orders by distance, then by index (ties to the lower index); the minimum of
                # each query's group is its answer: linear time, where a full sort is n log n.
                key = metres * np.int64(len(self.lons)) + point_idx
                starts = np.flatnonzero(np.r_[True, query_idx[1:] != query_idx[:-1]])
                smallest = np.minimum.reduceat(key, starts)
                hit = pending[query_idx[starts]]
                best[hit], best_m[hit] = smallest % len(self.lons), smallest // len(self.lons)
            pending = pending[best[pending] < 0]
            radius *= 4
        return best, best_m


def _ranks_within_groups(sizes: IntArray) -> IntArray:
    """0, 1, …, size−1 for each group laid end to end: [2, 3] → [0, 1, 0, 1, 2]."""
    total = int(sizes.sum())
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    ranks: IntArray = np.arange(total, dtype=np.int64) - starts
    return ranks
