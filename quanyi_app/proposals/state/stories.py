"""Typical cases: public list/detail, and the staff editor that publishes them."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_input, route_tail
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.state import PhotoDraft
from quanyi_app.core.ui.staff_page import StaffListPage
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.services import stories


@dataclasses.dataclass
class StoryCard:
    id: str = ""
    title: str = ""
    problem: str = ""
    reply: str = ""
    change: str = ""
    at: str = ""
    cover: str = ""


def _story_dict(s: stories.PublicStory) -> StoryCard:
    return StoryCard(
        id=str(s.id),
        title=s.title,
        problem=s.problem,
        reply=s.office_reply,
        change=s.change,
        at=local_str(s.published_at)[:10],
        cover=photos.view_url((s.after or s.before)[0], viewer_id=None, thumb=True) if (s.after or s.before) else "",
    )


class StoriesState(rx.State):
    """Public: published stories only, photos only those published with them."""

    items: list[StoryCard] = []
    story: StoryCard = StoryCard()
    before: list[str] = []
    after: list[str] = []
    error: str = ""

    @rx.event
    def load_list(self):
        with session_scope() as session:
            self.items = [_story_dict(s) for s in stories.public_list(session=session)]

    @rx.event
    def load_detail(self):
        sid = as_int(route_tail(self.router.url.path))
        try:
            with session_scope() as session:
                s = stories.public_detail(session=session, story_id=sid or 0)
        except UserError as err:
            self.error, self.story, self.before, self.after = err.message, {}, [], []
            return
        self.error = ""
        self.story = _story_dict(s)
        self.before = [photos.view_url(h, viewer_id=None) for h in s.before]
        self.after = [photos.view_url(h, viewer_id=None) for h in s.after]


class StoryEditorState(PhotoDraft, StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.STORY_PUBLISH

    title: str = ""
    problem: str = ""
    office_reply: str = ""
    change: str = ""
    before_thumbs: list[str] = []
    _draft: dict = {}
    ready: bool = False

    def _reload(self) -> None:
        """The draft is read once, when the page opens (``_on_open``)."""

    @rx.event
    def open_page(self):
        return self._open()

    def _on_open(self, who) -> None:
        params = self.router.url.query_parameters
        self.photo_error = ""
        self._clear_photos()
        try:
            with session_scope() as session:
                if as_int(params.get("proposal")):
                    d = stories.draft_from_proposal(session=session, actor=who, proposal_id=as_int(params["proposal"]))
                else:
                    d = stories.draft_from_case(session=session, actor=who, case_id=as_int(params.get("case")) or 0)
                thumbs = photos.view_urls(session, d.before_photo_ids or [], viewer_id=who.user_id)
        except UserError as err:
            self.ready, self.error = False, err.message
            return
        self.ready = True
        self.title, self.problem, self.office_reply, self.change = d.title, d.problem, d.office_reply, ""
        self.before_thumbs = thumbs
        self._draft = {"case_id": d.case_id, "proposal_id": d.proposal_id, "before": d.before_photo_ids or []}

    @rx.event
    @form_input
    def set_input(self, name: str, value: str):
        if name in ("title", "problem", "office_reply", "change"):
            setattr(self, name, str(value)[:3000])

    def _photo_uploader(self) -> int | None:
        return self._require(self._permission()).user_id

    @rx.event
    def publish(self):
        draft = stories.Draft(
            title=self.title,
            problem=self.problem,
            office_reply=self.office_reply,
            change=self.change,
            before_photo_ids=list(self._draft.get("before", [])),
            case_id=self._draft.get("case_id"),
            proposal_id=self._draft.get("proposal_id"),
        )
        after = self._draft_photo_ids()
        story = self._act(
            lambda session, who, _url: stories.publish(session=session, actor=who, draft=draft, after_photo_ids=after),
            strings.STORY_PUBLISHED,
        )
        if story is None:
            return None
        return [rx.toast.success(strings.STORY_PUBLISHED), rx.redirect(routes.story_url(story.id))]
