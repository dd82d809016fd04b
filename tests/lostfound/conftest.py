"""The lost-and-found tests' shared world: the demo campus, a staffed pickup point, one item with
hidden details and one claim on it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from quanyi_app import demo
from quanyi_app.core.accounts.models import User
from quanyi_app.core.accounts.services import authenticate
from quanyi_app.core.db import session_scope
from quanyi_app.core.modelbase import utcnow
from quanyi_app.lostfound.models import PickupPoint
from quanyi_app.lostfound.services import found as lostfound
from quanyi_app.lostfound.services import pickup


@pytest.fixture
def desk(users):
    with session_scope() as s:
        demo.load_demo_data(session=s)
        point = s.exec(select(PickupPoint).order_by(PickupPoint.id)).first()
        admin = authenticate(session=s, token=users["admin"])
        staff_id = s.exec(select(User.id).where(User.username == "staffer")).one()
        pickup.assign(session=s, actor=admin, point_id=point.id, user_id=staff_id, on=True)
        item = lostfound.register_item(
            session=s,
            actor=admin,
            draft=lostfound.ItemDraft(
                category="keys",
                title="一串钥匙",
                place_found="一食堂",
                found_at=utcnow() - timedelta(days=100),
                pickup_point_id=point.id,
                hidden_details="钥匙扣是一只蓝色海豚",
            ),
        )
        claim = lostfound.submit_claim(
            session=s,
            item_id=item.id,
            device_id="phone-1",
            description="蓝色海豚钥匙扣",
            contact_name="",
            contact_phone="13812345678",
            contact_email="",
            secret="x" * 40,
        )
        return {"point": point.id, "item": item.id, "claim": claim.id, "claim_code": claim.code}
