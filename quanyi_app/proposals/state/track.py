"""The public tracking page /t/<code>: timeline, follow-ups, reopening, rating."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, route_tail
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


class TrackState(PhotoDraft, SessionState):
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
    followup_text: str = ""
    reopen_text: str = ""
    stars: int = 0
    rating_comment: str = ""
    lookup: str = ""

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

    @rx.var
    def rated_label(self) -> str:
        return strings.TRACK_RATED.format(n=self.rating) if self.rating else ""

    @rx.event
    def open_page(self):
        self._clear_photos()
        self._load(route_tail(self.router.url.path))

    @rx.event
    def set_lookup(self, value: str):
        self.lookup = value[:32]

    @rx.event
    def go_lookup(self, form: dict | None = None):
        code = str((form or {}).get("code", self.lookup) or "").strip()
        if not code:
            self.action_error = strings.TRACKING_UNKNOWN
            return
        return rx.redirect(routes.track_url(code))

    @rx.event
    def set_followup_text(self, value: str):
        self.followup_text = value[:2000]

    @rx.event
    def set_reopen_text(self, value: str):
        self.reopen_text = value[:2000]

    @rx.event
    def set_stars(self, value: int):
        self.stars = int(value) if str(value).lstrip("-").isdigit() else 0

    @rx.event
    def set_rating_comment(self, value: str):
        self.rating_comment = value[:500]

    def _act(self, fn, done: str) -> None:
        self.action_error = self.message = ""
        try:
            with session_scope() as session:
                fn(session)
        except UserError as err:
            self.action_error = err.message
            return
        self._load(self.code)
        self.message = done

    @rx.event
    def send_followup(self, form: dict | None = None):
        text, photo_ids = self.followup_text, self._draft_photo_ids()
        self._act(
            lambda s: cases.follow_up(session=s, code=self.code, body=text, photo_ids=photo_ids),
            strings.TRACK_FOLLOWUP_DONE,
        )
        if not self.action_error:
            self.followup_text = ""
            self._clear_photos()

    @rx.event
    def send_reopen(self, form: dict | None = None):
        text = self.reopen_text
        self._act(lambda s: cases.reopen(session=s, code=self.code, reason=text), strings.TRACK_REOPEN_DONE)
        if not self.action_error:
            self.reopen_text = ""

    @rx.event
    def send_rating(self, form: dict | None = None):
        stars, comment = self.stars, self.rating_comment
        self._act(
            lambda s: cases.rate(session=s, code=self.code, stars=stars, comment=comment), strings.TRACK_RATE_DONE
        )
