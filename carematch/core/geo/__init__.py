"""Geography offline: distances of record, coordinate systems, the gazetteer, placing records.

- `distance`: the distance of record (great circle, whole metres) and `SpatialIndex`.
- `coords`: WGS-84 / GCJ-02 / BD-09 with exact (iterative) inverses; `to_wgs84`.
- `gazetteer`: the station's townships and villages in memory; `upsert_township`, `upsert_village`.
- `address`: `read_address`, finding the township and village a free-text address names.
- `placement`: `place` (coordinates, else village, else township, with source and error) and
  `apply_placement`.
- `pasted`: `read_pasted_coordinates`, points pasted from phones and map apps.
- `display`: `format_distance` ("2.3 km ± 1 km").
- `places`: the bundled township names of Zhejiang and Sichuan; `check_township`, `suggest_townships`.
- `review`: `review_gazetteer`, what in the station's gazetteer will make placing go wrong.
- `online`: optional, opt-in online geocoding through geopy, cached; `place_or_ask_online`.
"""
