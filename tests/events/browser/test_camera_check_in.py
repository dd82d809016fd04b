"""The door's camera: Chromium's fake camera shows a student's ticket QR (a Y4M video made from
it); staff tap 用相机扫码 and the ticket is checked in without typing (assets/checkin.js with the
vendored jsQR)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from PIL import Image

from quanyi_app.core.printing import qr_image
from quanyi_app.events import strings
from tests.support.browser import ADMIN_PASSWORD, CHROMIUM, CHROMIUM_ARGS, PHONE, login, shot, wait_hydrated

pytestmark = pytest.mark.browser


def _event_with_a_ticket(db_url: str) -> tuple[int, str, str]:
    from sqlmodel import Session, select

    from quanyi_app.core.accounts.models import User
    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.core.campustime import local_str
    from quanyi_app.core.db import make_engine
    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.events.services import places

    engine = make_engine(db_url)
    with Session(engine) as s:
        admin = principal_of(s.exec(select(User).where(User.username == "admin")).one())
        at = utcnow() + timedelta(days=2)
        event = places.create_event(
            session=s,
            actor=admin,
            form=places.EventForm(
                title="相机签到测试",
                place="二食堂",
                starts=local_str(at, "%Y-%m-%d %H:%M"),
                ends="",
                places=5,
                reg_opens=local_str(utcnow() - timedelta(hours=1), "%Y-%m-%d %H:%M"),
                reg_closes=local_str(at - timedelta(hours=1), "%Y-%m-%d %H:%M"),
                mode="first_come",
            ),
        )
        places.open_event(session=s, actor=admin, event_id=event.id)
        reg = places.register(
            places.RegistrationForm(
                event_id=event.id,
                name="扫码同学",
                student_no="2025123400",
                college_id=1,
                phone="13700000000",
                device="cam",
            ),
            session=s,
            secret="any",
        )
        s.commit()
        out = (event.id, reg.ticket, reg.name)
    engine.dispose()
    return out


def _y4m(path, picture: Image.Image, frames: int = 30) -> None:
    """A short YUV 4:2:0 video of one picture (what Chromium's fake camera plays)."""
    w, h = picture.size
    ycbcr = picture.convert("YCbCr")
    y, cb, cr = ycbcr.split()
    half = (w // 2, h // 2)
    plane = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as fh:
        fh.write(f"YUV4MPEG2 W{w} H{h} F15:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            fh.write(b"FRAME\n" + plane)


def test_staff_check_a_ticket_in_with_the_camera(playwright, server_info, tmp_path):
    eid, ticket, name = _event_with_a_ticket(server_info.db_url)
    frame = Image.new("RGB", (640, 480), "white")
    qr = qr_image(ticket, 360).convert("RGB")
    frame.paste(qr, ((640 - qr.width) // 2, (480 - qr.height) // 2))
    video = tmp_path / "ticket.y4m"
    _y4m(video, frame)
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        ctx = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=server_info.url, permissions=["camera"])
        ctx.set_default_timeout(20_000)
        staff = ctx.new_page()
        errors: list[str] = []
        staff.on("pageerror", lambda e: errors.append(str(e)))
        login(staff, "admin", ADMIN_PASSWORD)
        staff.wait_for_url(re.compile(r"/staff/?$"))
        staff.goto(f"/staff/events/{eid}")
        wait_hydrated(staff)
        staff.get_by_role("button", name=strings.EVS_SCAN).click()
        staff.get_by_text(strings.EVS_CHECKED_IN.format(name=name)).wait_for()
        shot(staff, "openday-5-camera")
        assert staff.locator("video").count() == 0  # the camera is stopped once the ticket is read
        assert errors == []
        ctx.close()
    finally:
        browser.close()
