"""The public tracking page /t/<code>: timeline, follow-ups, reopening, rating."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import Visitor, draft_sent, form_text, route_tail
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.state import PhotoDraft
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.services import cases


@dataclasses.dataclass
class TimelineEntryView:
    key: str = ""
    at: str = ""
    kind: str = ""
    title: str = ""
    body: str = ""


class TrackState(PhotoDraft, Visitor, rx.State):
    code: str = ""
    found: bool = False
    error: str = ""
    status: str = ""
    status_label: str = ""
    category: str = ""
    building: str = ""
    description: str = ""
    created: str = ""
    proposal_title: str = ""
    timeline: list[TimelineEntryView] = []
    timeline_photos: dict[str, list[str]] = {}
    my_photos: list[str] = []
    can_follow_up: bool = False
    can_reopen: bool = False
    can_rate: bool = False
    rating: int = 0
    message: str = ""
    action_error: str = ""
    rated_label: str = ""
    stars: int = 0

    def _photo_urls(self, ids: list[int]) -> list[str]:
        """The proposer has no login: private photos on their own tracking page go through
        links signed for the anonymous holder of the tracking code."""
        with session_scope() as session:
            return photos.view_urls(session, ids, viewer_id=photos.ANONYMOUS, ttl_seconds=3600)

    def _photo_uploader(self) -> int | None:
        """Only the holder of a valid tracking link of an open case may add photos."""
        with session_scope() as session:
            if not cases.tracking_view(session=session, code=self.code).can_follow_up:
                raise UserError(strings.CASE_CLOSED_NO_FOLLOWUP)
        return None

    def _photo_thumb(self, sha256: str, secret: str) -> str:
        return photos.view_url(sha256, viewer_id=photos.ANONYMOUS, thumb=True, ttl_seconds=3600)

    def _load(self, code: str) -> None:
        self.code = code
        self.message = self.action_error = ""
        try:
            with session_scope() as session:
                view = cases.tracking_view(session=session, code=code)
        except UserError as err:
            self.found = False
            self.error = err.message
            return
        self.found, self.error = True, ""
        self.code = view.tracking_code
        self.status = view.status
        self.status_label = strings.STATUS_LABELS.get(view.status, view.status)
        self.category, self.building, self.description = view.category, view.building, view.description
        self.created = local_str(view.created_at)
        self.proposal_title = view.proposal_title
        self.timeline = [
            TimelineEntryView(key=str(i), at=local_str(e.at), kind=e.kind, title=e.title, body=e.body)
            for i, e in enumerate(reversed(view.timeline))
        ]
        self.timeline_photos = {
            str(i): self._photo_urls(e.photo_ids)
            for i, e in enumerate(reversed(view.timeline))
            if e.photo_ids and e.kind != "submitted"
        }
        self.my_photos = self._photo_urls(view.photo_ids)
        self.can_follow_up, self.can_reopen, self.can_rate = view.can_follow_up, view.can_reopen, view.can_rate
        self.rating = view.rating or 0
        self.rated_label = strings.TRACK_RATED.format(n=self.rating) if self.rating else ""

    @rx.event
    def open_page(self):
        self._clear_photos()
        self._load(route_tail(self.router.url.path))

    @rx.event
    def go_lookup(self, form: dict | None = None):
        code = str((form or {}).get("code", "") or "").strip()[:32]
        if not code:
            self.action_error = strings.TRACKING_UNKNOWN
            return
        return rx.redirect(routes.track_url(code))

    @rx.event
    def set_stars(self, value: int):
        self.stars = int(value) if str(value).lstrip("-").isdigit() else 0

    def _act(self, kind: str, fn, done: str):
        """Run ``fn`` for this case; on success reload the page's data and let the phone forget
        the form's draft (assets/draft.js)."""
        self.action_error = self.message = ""
        try:
            with session_scope() as session:
                fn(session)
        except UserError as err:
            self.action_error = err.message
            return None
        self._load(self.code)
        self.message = done
        return draft_sent(f"{kind}-{self.code}")

    @rx.event
    def send_followup(self, form: dict | None = None):
        text, photo_ids = form_text(form, "body", 2000), self._draft_photo_ids()
        done = self._act(
            "followup",
            lambda s: cases.follow_up(session=s, code=self.code, body=text, photo_ids=photo_ids),
            strings.TRACK_FOLLOWUP_DONE,
        )
        if done:
            self._clear_photos()
        return done

    @rx.event
    def send_reopen(self, form: dict | None = None):
        text = form_text(form, "reason", 2000)
        return self._act(
            "reopen", lambda s: cases.reopen(session=s, code=self.code, reason=text), strings.TRACK_REOPEN_DONE
        )

    @rx.event
    def send_rating(self, form: dict | None = None):
        stars, comment = self.stars, form_text(form, "comment", 500)
        return self._act(
            "rate",
            lambda s: cases.rate(session=s, code=self.code, stars=stars, comment=comment),
            strings.TRACK_RATE_DONE,
        )
