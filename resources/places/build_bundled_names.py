"""Rebuild the bundled township and village names (and county centres) of Zhejiang and Sichuan.

Run by hand when the sources are updated; the program only reads the CSV files this writes.

    mkdir -p /tmp/places && cd /tmp/places
    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    pip download --no-deps china-region==0.0.11 && unzip -o china_region-0.0.11-py3-none-any.whl
    python resources/places/build_bundled_names.py /tmp/places

Sources and licences are in ATTRIBUTION.md beside this file.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from pathlib import Path

PROVINCES = {"33": "浙江省", "51": "四川省"}
HERE = Path(__file__).resolve().parent


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def plain_village_name(name: str) -> str:
    """荃步村委会 → 荃步村, 多福巷社区居委会 → 多福巷社区, 城关居委会 → 城关社区."""
    name = re.sub(r"村民委员会$|村委会$", "村", name)
    name = re.sub(r"社区居民委员会$|社区居委会$|居民委员会$|居委会$", "社区", name)
    return re.sub(r"村村$", "村", name)


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

    # Villages (村委会 / 居委会 / 社区): the statistical list writes 荃步村委会 where people write 荃步村.
    villages = [row for row in _rows(dist / "villages.csv") if row["provinceCode"] in PROVINCES]
    villages.sort(key=lambda row: row["code"])
    # mtime=0 so that the same sources always give the same bytes.
    raw = gzip.GzipFile(HERE / "villages_zhejiang_sichuan.csv.gz", "wb", mtime=0)
    with io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["nbs_code", "village"])
        for row in villages:
            writer.writerow([row["code"], plain_village_name(row["name"])])

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
