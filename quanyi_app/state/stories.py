"""Typical cases: public list/detail, and the staff editor that publishes them."""

from __future__ import annotations

import json

import reflex as rx

from quanyi_app import routes, strings
from quanyi_app.db import session_scope
from quanyi_app.models import Role
from quanyi_app.services import photos, stories
from quanyi_app.services.errors import UserError
from quanyi_app.settings import get_settings
from quanyi_app.state.casework import _as_int
from quanyi_app.state.session import SessionState, guard
from quanyi_app.state.submit import _last_segment
from quanyi_app.state.track import _local

STAFF = (Role.staff.value,)


def _story_dict(s: stories.PublicStory) -> dict:
    return {
        "id": str(s.id), "title": s.title, "problem": s.problem, "reply": s.office_reply, "change": s.change,
        "at": _local(s.published_at)[:10],
        "cover": routes.photo_url((s.after or s.before)[0], thumb=True) if (s.after or s.before) else "",
    }


class StoriesState(rx.State):
    """Public: published stories only, photos only those published with them."""

    items: list[dict[str, str]] = []
    story: dict[str, str] = {}
    before: list[str] = []
    after: list[str] = []
    error: str = ""

    @rx.event
    def load_list(self):
        with session_scope() as session:
            self.items = [_story_dict(s) for s in stories.public_list(session=session)]

    @rx.event
    def load_detail(self):
        sid = _as_int(_last_segment(self.router.url.path))
        try:
            with session_scope() as session:
                s = stories.public_detail(session=session, story_id=sid or 0)
        except UserError as err:
            self.error, self.story, self.before, self.after = err.message, {}, [], []
            return
        self.error = ""
        self.story = _story_dict(s)
        self.before = [routes.photo_url(h) for h in s.before]
        self.after = [routes.photo_url(h) for h in s.after]


class StoryEditorState(SessionState):
    title: str = ""
    problem: str = ""
    office_reply: str = ""
    change: str = ""
    before_thumbs: list[str] = []
    _draft: dict = {}
    draft_photos: str = "[]"  # after-photos uploaded here: JSON [{ref, thumb}]
    error: str = ""
    photo_error: str = ""
    uploading: bool = False
    ready: bool = False

    @rx.var
    def photo_list(self) -> list[dict[str, str]]:
        try:
            return [p for p in json.loads(self.draft_photos or "[]") if isinstance(p, dict)]
        except ValueError:
            return []

    @rx.var
    def photo_count(self) -> int:
        return len(self.photo_list)

    @rx.var
    def can_add_photos(self) -> bool:
        return len(self.photo_list) < 4

    @rx.event
    def open_page(self):
        who, redirect = guard(self, *STAFF)
        if redirect is not None:
            return redirect
        params = self.router.url.query_parameters
        self.error = self.photo_error = ""
        self.draft_photos = "[]"
        try:
            with session_scope() as session:
                if _as_int(params.get("proposal")):
                    d = stories.draft_from_proposal(session=session, actor=who, proposal_id=_as_int(params["proposal"]))
                else:
                    d = stories.draft_from_case(session=session, actor=who, case_id=_as_int(params.get("case")) or 0)
                from quanyi_app.models import Photo

                thumbs = [routes.photo_url(session.get(Photo, pid).sha256, thumb=True) for pid in d.before_photo_ids or []]
        except UserError as err:
            self.ready, self.error = False, err.message
            return
        self.ready = True
        self.title, self.problem, self.office_reply, self.change = d.title, d.problem, d.office_reply, ""
        self.before_thumbs = thumbs
        self._draft = {"case_id": d.case_id, "proposal_id": d.proposal_id, "before": d.before_photo_ids or []}

    @rx.event
    def set_input(self, name: str, value: str):
        if name in ("title", "problem", "office_reply", "change"):
            setattr(self, name, str(value)[:3000])

    @rx.event
    def remove_photo(self, ref: str):
        self.draft_photos = json.dumps([p for p in self.photo_list if p["ref"] != ref])

    @rx.event
    async def upload_photos(self, files: list[rx.UploadFile]):
        self.photo_error = ""
        settings = get_settings()
        current = self.photo_list
        try:
            who = self._require(*STAFF)
            photos.check_count(len(current) + len(files))
            blobs = []
            for f in files:
                data = f.file.read(photos.MAX_BYTES + 1)
                photos.check_size(len(data))
                blobs.append(data)
        except UserError as err:
            self.photo_error = err.message
            return
        self.uploading = True
        yield
        try:
            for data in blobs:
                stored = await photos.store_photo_async(data, upload_dir=settings.upload_dir, uploaded_by_id=who.user_id)
                current.append({"ref": photos.photo_ref(stored.id, settings.secret_key),
                                "thumb": routes.photo_url(stored.sha256, thumb=True)})
                self.draft_photos = json.dumps(current)
        except UserError as err:
            self.photo_error = err.message
        finally:
            self.uploading = False

    @rx.event
    def publish(self):
        self.error = ""
        try:
            who = self._require(*STAFF)
            draft = stories.Draft(title=self.title, problem=self.problem, office_reply=self.office_reply, change=self.change,
                                  before_photo_ids=list(self._draft.get("before", [])), case_id=self._draft.get("case_id"),
                                  proposal_id=self._draft.get("proposal_id"))
            after = photos.parse_photo_refs([p["ref"] for p in self.photo_list], get_settings().secret_key)
            with session_scope() as session:
                story = stories.publish(session=session, actor=who, draft=draft, after_photo_ids=after)
                sid = story.id
        except UserError as err:
            self.error = err.message
            return
        return [rx.toast.success(strings.STORY_PUBLISHED), rx.redirect(f"{routes.STORIES}/{sid}")]
