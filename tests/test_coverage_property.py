"""Random small counties: the meal coverage, bed and caregiver figures always equal an independent recount."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carematch.core import coverage
from carematch.core.db import Store
from carematch.core.enums import CertLevel
from carematch.core.models import CareCentre, Caregiver, MealPoint, Township, Village
from tests.test_coverage_figures import AS_OF, at, independent_figures

offsets = st.tuples(st.integers(-6000, 6000), st.integers(-6000, 6000))
village_st = st.tuples(st.sampled_from(["东镇", "西乡"]), offsets, st.integers(0, 3000))
point_st = st.tuples(
    st.sampled_from(["东镇", "西乡", "外镇"]),
    offsets,
    st.sampled_from([0.5, 1.0, 1.1, 2.0]),
    st.booleans(),
    st.sampled_from([0.0, 1.5, 3.0, 4.4]),
    st.booleans(),  # closed
)
centre_st = st.tuples(st.sampled_from(["东镇", "西乡", "外镇"]), st.integers(0, 40), st.booleans())
carer_st = st.tuples(st.sampled_from(["东镇", "西乡"]), st.sampled_from(list(CertLevel)), st.booleans(), st.booleans())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(village_st, min_size=1, max_size=8),
    st.lists(point_st, max_size=6),
    st.lists(centre_st, max_size=4),
    st.lists(carer_st, max_size=6),
)
def test_random_counties_agree_with_the_recount(
    villages: list[tuple[str, tuple[int, int], int]],
    points: list[tuple[str, tuple[int, int], float, bool, float, bool]],
    centres: list[tuple[str, int, bool]],
    carers: list[tuple[str, CertLevel, bool, bool]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "random.sqlite"
        with Store(str(db)) as store:
            with store.unit_of_work() as session:
                towns = {name: Township(name=name) for name in ("东镇", "西乡")}
                session.add_all(towns.values())
                for n, (town, (east, north), elderly) in enumerate(villages):
                    lon, lat = at(east, north)
                    session.add(
                        Village(township=towns[town], name=f"村{n}", lon=lon, lat=lat, elderly_population=elderly)
                    )
                for n, (town, (east, north), dine_in, delivers, delivery, closed) in enumerate(points):
                    lon, lat = at(east, north)
                    session.add(
                        MealPoint(
                            code=f"M{n}",
                            name=f"M{n}",
                            township=town,
                            lon=lon,
                            lat=lat,
                            dine_in_radius_km=dine_in,
                            delivers=delivers,
                            delivery_radius_km=delivery,
                            closed=closed,
                        )
                    )
                for n, (town, beds, closed) in enumerate(centres):
                    session.add(
                        CareCentre(code=f"C{n}", name=f"C{n}", township=town, dementia_beds=beds, closed=closed)
                    )
                for n, (town, grade, first_aid, closed) in enumerate(carers):
                    session.add(
                        Caregiver(
                            code=f"G{n}",
                            name=f"G{n}",
                            township=town,
                            cert_level=grade,
                            first_aid=first_aid,
                            closed=closed,
                        )
                    )
            with store.reading() as session:
                figures = coverage.figures(session, as_of=AS_OF)
        expected = independent_figures(db)
    for area in figures.areas():
        assert {k: (f.numerator, f.denominator) for k, f in area.figures.items()} == expected[area.scope]
