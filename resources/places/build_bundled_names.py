"""Rebuild the bundled township names (and county centres) of Zhejiang and Sichuan.

Run by hand when the sources are updated; the program only reads the CSV files this writes.

    mkdir -p /tmp/places && cd /tmp/places
    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    pip download --no-deps china-region==0.0.11 && unzip -o china_region-0.0.11-py3-none-any.whl
    python resources/places/build_bundled_names.py /tmp/places

Sources and licences are in ATTRIBUTION.md beside this file.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

PROVINCES = {"33": "浙江省", "51": "四川省"}
HERE = Path(__file__).resolve().parent


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build(sources: Path) -> None:
    dist = sources / "package" / "dist"
    cities = {row["code"]: row["name"] for row in _rows(dist / "cities.csv")}
    counties = {row["code"]: row for row in _rows(dist / "areas.csv")}
    townships = [row for row in _rows(dist / "streets.csv") if row["provinceCode"] in PROVINCES]
    townships.sort(key=lambda row: row["code"])
    with (HERE / "townships_zhejiang_sichuan.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["province", "city", "county", "township", "nbs_code"])
        for row in townships:
            county = counties[row["areaCode"]]
            writer.writerow(
                [PROVINCES[row["provinceCode"]], cities[row["cityCode"]], county["name"], row["name"], row["code"]]
            )

    wanted = set(PROVINCES.values())
    centres = [row for row in _rows(sources / "china_region" / "region.csv") if row["province"] in wanted]
    with (HERE / "county_centres_zhejiang_sichuan.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["province", "city", "county", "lon", "lat", "status"])
        for row in centres:
            if row["county"] == row["city"]:
                continue  # the city's own row, not a county
            writer.writerow(
                [row["province"], row["city"], row["county"], row["longitude"], row["latitude"], "unverified"]
            )


if __name__ == "__main__":
    build(Path(sys.argv[1]))
