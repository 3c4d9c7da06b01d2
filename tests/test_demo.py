from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from carematch.core.db import Store
from carematch.core.demo import build_demo
from carematch.core.models import Resident
from carematch.core.validation import age_on, parse_citizen_id


def test_every_demo_resident_is_sixty_or_older_with_a_consistent_citizen_id(db_url: str) -> None:
    today = dt.date(2026, 2, 28)
    with Store(db_url) as store:
        with store.unit_of_work(actor="demo") as session:
            build_demo(session, residents=600, seed=11, today=today)
        with store.reading() as session:
            residents = session.scalars(select(Resident)).all()
    assert len(residents) == 600
    for resident in residents:
        parsed = parse_citizen_id(resident.citizen_id, today=today)
        assert (parsed.birth_date, parsed.sex) == (resident.birth_date, resident.sex)
        assert age_on(resident.birth_date, today) >= 60, resident.citizen_id
