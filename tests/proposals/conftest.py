"""The proposal tests' shared world: the demo campus and one filed case (named, with a phone)."""

from __future__ import annotations

import uuid

import pytest

from quanyi_app import demo
from quanyi_app.core.db import session_scope
from quanyi_app.core.settings import get_settings
from quanyi_app.proposals.services import cases, qr


@pytest.fixture
def world(users):
    with session_scope() as s:
        demo.load_demo_data(session=s)
        sub = cases.Submission(
            category_id=1,
            description="三楼热水器坏了一周,没有热水。",
            idempotency_key=uuid.uuid4().hex,
            device_id="phone-0",
            building_id=1,
            anonymous=False,
            contact_phone="13812345678",
        )
        case = cases.submit_case(sub, session=s, secret=get_settings().secret_key)
        point = qr.list_points(session=s)[0]
        return {"case_id": case.id, "code": case.tracking_code, "point_id": point.id, "qr": point.code}
