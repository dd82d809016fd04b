"""Students filing a case: the scan landing /s/<code>, the plain form, 我的提交.

Nothing the student typed is lost: the draft (text, choices, uploaded photo references) and
the submission's idempotency key live in the phone's localStorage, so a reload, a dropped
websocket or a double tap still ends in exactly one case.
"""

from __future__ import annotations

import json
import uuid

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, honeypot_value, route_tail
from quanyi_app.core.campus import services as campus
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.notify import services as notify
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.state import PhotoDraft
from quanyi_app.core.settings import get_settings
from quanyi_app.proposals import routes
from quanyi_app.proposals.services import cases, catalog, qr

MY_CASES_MAX = 30


class SubmitState(PhotoDraft, SessionState):
    # reference data
    categories: list[dict[str, str]] = []
    buildings: list[dict[str, str]] = []
    colleges: list[dict[str, str]] = []
    # where the form came from
    qr_message: str = ""
    point_label: str = ""
    _qr_point_id: int | None = None
    # the draft, kept on the phone
    building_id: str = rx.LocalStorage("", name="qy_draft_building")
    category_id: str = rx.LocalStorage("", name="qy_draft_category")
    college_id: str = rx.LocalStorage("", name="qy_draft_college")
    description: str = rx.LocalStorage("", name="qy_draft_description")
    named: str = rx.LocalStorage("", name="qy_draft_named")  # "1" when not anonymous
    contact_name: str = rx.LocalStorage("", name="qy_draft_name")
    contact_phone: str = rx.LocalStorage("", name="qy_draft_phone")
    contact_email: str = rx.LocalStorage("", name="qy_draft_email")
    contact_student_no: str = rx.LocalStorage("", name="qy_draft_student_no")
    draft_photos: str = rx.LocalStorage("[]", name="qy_draft_photos")  # JSON [{ref, thumb}]
    submit_key: str = rx.LocalStorage("", name="qy_submit_key")
    my_cases: str = rx.LocalStorage("[]", name="qy_my_cases")  # JSON [{code, at, excerpt}]
    # feedback
    error: str = ""
    busy: bool = False
    done_code: str = ""
    done_url: str = ""

    # ---- derived ------------------------------------------------------------------------

    @rx.var
    def description_length(self) -> int:
        return len(self.description or "")

    @rx.var
    def my_case_list(self) -> list[dict[str, str]]:
        try:
            items = json.loads(self.my_cases or "[]")
        except ValueError:
            return []
        return [i for i in items if isinstance(i, dict) and "code" in i]

    @rx.var
    def building_name(self) -> str:
        return next((b["name"] for b in self.buildings if b["id"] == self.building_id), "")

    @rx.var
    def done_link(self) -> str:
        return routes.track_url(self.done_code) if self.done_code else ""

    # ---- loading ------------------------------------------------------------------------

    def _load_reference_data(self) -> None:
        with session_scope() as session:
            self.categories = [{"id": str(c.id), "name": c.name} for c in catalog.active_categories(session=session)]
            ref = campus.reference_lists(session=session, active_buildings_only=True)
        self.buildings, self.colleges = campus.options(ref.buildings), campus.options(ref.colleges)
        if not self.submit_key:
            self.submit_key = uuid.uuid4().hex
        self.error = self.photo_error = ""
        self.done_code = ""
        self.busy = self.uploading = False

    def _apply_scan(self, code: str) -> None:
        with session_scope() as session:
            found = qr.resolve_scan(session=session, code=code)
        self._qr_point_id = found.point_id
        self.point_label = found.label if found.point_id else ""
        self.qr_message = found.message
        if found.building_id is not None:
            self.building_id = str(found.building_id)

    @rx.event
    def load_scan(self):
        """on_load of /s/<code>: pre-fill the building and point from the QR code."""
        self._load_reference_data()
        self._apply_scan(route_tail(self.router.url.path))

    @rx.event
    def load_form(self):
        """on_load of /proposals: the same form, building picked by hand."""
        self._load_reference_data()
        self._qr_point_id = None
        self.point_label = self.qr_message = ""

    # ---- editing the draft --------------------------------------------------------------

    @rx.event
    def set_building(self, value: str):
        self.building_id = value
        self._qr_point_id = None if self.point_label == "" else self._qr_point_id

    @rx.event
    def set_category(self, value: str):
        self.category_id = value

    @rx.event
    def set_college(self, value: str):
        self.college_id = value

    @rx.event
    def set_description(self, value: str):
        self.description = value[: cases.DESCRIPTION_MAX + 50]

    @rx.event
    def set_named(self, value: bool):
        self.named = "1" if value else ""

    @rx.event
    def set_contact_name(self, value: str):
        self.contact_name = value[:32]

    @rx.event
    def set_contact_phone(self, value: str):
        self.contact_phone = value[:20]

    @rx.event
    def set_contact_email(self, value: str):
        self.contact_email = value[:254]

    @rx.event
    def set_contact_student_no(self, value: str):
        self.contact_student_no = value[:20]

    def _photo_thumb(self, sha256: str, secret: str) -> str:
        # The student has no login: their own previews go through a signed link.
        return photos.view_url(sha256, viewer_id=photos.ANONYMOUS, thumb=True, ttl_seconds=7 * 24 * 3600)

    # ---- submitting ---------------------------------------------------------------------

    def _submission(self, form: dict) -> cases.Submission:
        named = self.named == "1"
        return cases.Submission(
            category_id=as_int(self.category_id),
            description=self.description,
            idempotency_key=self.submit_key,
            device_id=self._device(),
            building_id=as_int(self.building_id),
            qr_point_id=self._qr_point_id,
            college_id=as_int(self.college_id),
            photo_ids=self._draft_photo_ids(),
            anonymous=not named,
            contact_name=self.contact_name if named else "",
            contact_phone=self.contact_phone if named else "",
            contact_email=self.contact_email if named else "",
            contact_student_no=self.contact_student_no if named else "",
            honeypot=honeypot_value(form),
            source="qr" if self._qr_point_id else "web",
        )

    @rx.event
    def submit(self, form: dict | None = None):
        if self.busy:
            return
        self.error = ""
        self.busy = True
        try:
            settings = get_settings()
            with session_scope() as session:
                case = cases.submit_case(
                    self._submission(form or {}),
                    session=session,
                    secret=settings.secret_key,
                    public_url=settings.public_url,
                )
                code, excerpt, created = case.tracking_code, case.description[:40], case.created_at
        except UserError as err:
            self.error = err.message
            return
        finally:
            self.busy = False
        mine = [c for c in self.my_case_list if c["code"] != code]
        mine.insert(0, {"code": code, "at": created.strftime("%Y-%m-%d"), "excerpt": excerpt})
        self.my_cases = json.dumps(mine[:MY_CASES_MAX], ensure_ascii=False)
        self.done_code = code
        self.done_url = f"{get_settings().public_url}{routes.TRACK}/{code}"

        notify.wake()
        # A fresh draft and key for the next submission; the building stays.
        self.description = self.category_id = ""
        self._clear_photos()
        self.submit_key = uuid.uuid4().hex
        return rx.call_script("window.scrollTo(0, 0)")

    @rx.event
    def new_submission(self):
        self.done_code = ""
        self.error = ""
