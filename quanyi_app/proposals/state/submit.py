"""Students filing a case on /proposals (building picked by hand), and 我的提交.

The scan landing /s/<code> is a plain server-rendered page (proposals/web.py); this is the app's
own form, for students who come through the site rather than a QR code.

Nothing the student typed is lost, and typing costs no server round trip: the text fields are
uncontrolled, kept on the phone by assets/draft.js (localStorage) and read once from the
submitted form, together with the submission's idempotency key, which the phone keeps until the
send succeeds. A reload, a dropped websocket or a double tap still ends in exactly one case.

The state hangs directly under Reflex's root (``Visitor``, not ``SessionState``) and holds no
computed vars, so a scan visit writes only the root and this state to the store.
"""

from __future__ import annotations

import uuid

import reflex as rx

from quanyi_app.core import mine
from quanyi_app.core.accounts.session import Visitor, as_int, draft_sent, form_text, honeypot_value
from quanyi_app.core.campus import services as campus
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.notify import services as notify
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.state import PhotoDraft
from quanyi_app.core.settings import get_settings
from quanyi_app.proposals import routes
from quanyi_app.proposals.services import cases, catalog

DESCRIPTION_MAX = cases.DESCRIPTION_MAX
DRAFT_KEY = "case"  # the form's data-draft name (assets/draft.js)
MY_CASES_MAX = 30


class SubmitState(PhotoDraft, Visitor, rx.State):
    # reference data
    categories: list[dict[str, str]] = []
    buildings: list[dict[str, str]] = []
    colleges: list[dict[str, str]] = []
    # the choices (picked, not typed: one event each); the typed text lives in the form
    building_id: str = ""
    category_id: str = ""
    college_id: str = ""
    named: bool = False
    # this phone's earlier cases (/proposals), read from the server by the device cookie
    my_cases: list[dict[str, str]] = []
    # feedback
    error: str = ""
    busy: bool = False
    done_code: str = ""
    done_url: str = ""
    done_link: str = ""

    # ---- loading ------------------------------------------------------------------------

    def _load_reference_data(self) -> None:
        with session_scope() as session:
            self.categories = [{"id": str(c.id), "name": c.name} for c in catalog.active_categories(session=session)]
            ref = campus.reference_lists(session=session, active_buildings_only=True)
        self.buildings, self.colleges = campus.options(ref.buildings), campus.options(ref.colleges)
        self.error = self.photo_error = ""
        self.done_code = ""
        self.busy = self.uploading = False

    @rx.event
    def load_form(self):
        """on_load of /proposals: the same form, building picked by hand, and 我的提交."""
        self._load_reference_data()
        self._load_mine()

    def _load_mine(self) -> None:
        """我的提交: this phone's cases, found by its device cookie."""
        device = self._device()
        with session_scope() as session:
            records = cases.mine(session, mine.device_key(device)) if device else []
        self.my_cases = [
            {"code": m.href.rsplit("/", 1)[-1], "at": m.at.strftime("%Y-%m-%d"), "title": m.title, "status": m.status}
            for m in records[:MY_CASES_MAX]
        ]

    # ---- the choices --------------------------------------------------------------------

    @rx.event
    def set_building(self, value: str):
        self.building_id = value

    @rx.event
    def set_category(self, value: str):
        self.category_id = value

    @rx.event
    def set_college(self, value: str):
        self.college_id = value

    @rx.event
    def set_named(self, value: bool):
        self.named = bool(value)

    def _photo_thumb(self, sha256: str, secret: str) -> str:
        # The student has no login: their own previews go through a signed link.
        return photos.view_url(sha256, viewer_id=photos.ANONYMOUS, thumb=True, ttl_seconds=7 * 24 * 3600)

    # ---- submitting ---------------------------------------------------------------------

    def _submission(self, form: dict) -> cases.Submission:
        named = self.named
        return cases.Submission(
            category_id=as_int(self.category_id),
            description=form_text(form, "description", cases.DESCRIPTION_MAX + 50),
            # The phone keeps the key until the send succeeds (assets/draft.js); without one (no
            # script, storage blocked) the case is still filed, just not retry-proof.
            idempotency_key=form_text(form, "submit_key", 64) or uuid.uuid4().hex,
            device_id=self._device(),
            building_id=as_int(self.building_id),
            college_id=as_int(self.college_id),
            photo_ids=self._draft_photo_ids(),
            anonymous=not named,
            contact_name=form_text(form, "contact_name", 32) if named else "",
            contact_phone=form_text(form, "contact_phone", 20) if named else "",
            contact_email=form_text(form, "contact_email", 254) if named else "",
            contact_student_no=form_text(form, "contact_student_no", 20) if named else "",
            honeypot=honeypot_value(form),
            source="web",
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
                code = case.tracking_code
        except UserError as err:
            self.error = err.message
            return
        finally:
            self.busy = False
        self.done_code = code
        self.done_url = f"{get_settings().public_url}{routes.TRACK}/{code}"
        self.done_link = routes.track_url(code)

        notify.wake()
        self._load_mine()  # the new case is listed under 我的提交 at once, as the notice says
        # A fresh draft and key for the next submission; the building stays.
        self.category_id = ""
        self._clear_photos()
        return [draft_sent(DRAFT_KEY), rx.call_script("window.scrollTo(0, 0)")]

    @rx.event
    def new_submission(self):
        self.done_code = ""
        self.error = ""
