"""Public typical cases and the staff editor."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import routes as core_routes
from quanyi_app.core.ui.forms import field
from quanyi_app.core.ui.shell import layout, notice
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.state.stories import StoriesState, StoryEditorState


def _card(s) -> rx.Component:
    return rx.link(
        rx.cond(
            s["cover"] != "",
            rx.image(
                src=s["cover"],
                alt=s["title"],
                loading="lazy",
                width="100%",
                height="160px",
                object_fit="cover",
                border_radius="10px",
            ),
        ),
        rx.text(s["title"], weight="bold", size="4"),
        rx.text(s["change"], size="2", color_scheme="gray", trim="end"),
        rx.text(s["at"], size="1", color_scheme="gray"),
        href=routes.story_url(s["id"]),
        class_name="qy-case-row",
        underline="none",
    )


def story_list() -> rx.Component:
    return layout(
        rx.text(strings.STORIES_LEAD, size="3"),
        rx.cond(
            StoriesState.items.length() > 0,
            rx.vstack(rx.foreach(StoriesState.items, _card), spacing="3", width="100%"),
            rx.text(strings.STORIES_EMPTY, color_scheme="gray"),
        ),
        active=core_routes.HOME,
        title=strings.STORIES_TITLE,
    )


def _section(title: str, body) -> rx.Component:
    return rx.cond(
        body != "",
        rx.box(
            rx.heading(title, as_="h2", size="4"), rx.text(body, size="3", white_space="pre-wrap"), margin_top="12px"
        ),
    )


def _photos(title: str, urls) -> rx.Component:
    return rx.cond(
        urls.length() > 0,
        rx.box(
            rx.heading(title, as_="h2", size="4", margin_bottom="6px"),
            rx.box(rx.foreach(urls, lambda u: rx.image(src=u, alt=title, loading="lazy")), class_name="qy-photo-grid"),
            margin_top="12px",
        ),
    )


def story_detail() -> rx.Component:
    return layout(
        rx.link("← " + strings.STORIES_TITLE, href=routes.STORIES, size="2"),
        notice(StoriesState.error),
        rx.cond(
            StoriesState.error == "",
            rx.card(
                rx.heading(StoriesState.story["title"], as_="h1", size="6"),
                rx.text(StoriesState.story["at"], size="1", color_scheme="gray"),
                _section(strings.STORY_PROBLEM, StoriesState.story["problem"]),
                _photos(strings.STORY_BEFORE, StoriesState.before),
                _section(strings.STORY_REPLY, StoriesState.story["reply"]),
                _section(strings.STORY_CHANGE, StoriesState.story["change"]),
                _photos(strings.STORY_AFTER, StoriesState.after),
            ),
        ),
        active=core_routes.HOME,
        title=strings.STORIES_TITLE,
    )


def story_editor() -> rx.Component:
    from quanyi_app.core.ui.photos import photo_picker

    def area(label, name, value):
        return field(
            label,
            rx.text_area(
                value=value, on_change=lambda v: StoryEditorState.set_input(name, v), size="3", rows="5", width="100%"
            ),
        )

    return layout(
        notice(StoryEditorState.error),
        rx.cond(
            StoryEditorState.ready,
            rx.card(
                rx.vstack(
                    rx.callout(strings.STORY_EDITOR_HINT, icon="info", color_scheme="amber", size="2", width="100%"),
                    field(
                        strings.STORY_TITLE_LABEL,
                        rx.input(
                            value=StoryEditorState.title,
                            size="3",
                            on_change=lambda v: StoryEditorState.set_input("title", v),
                        ),
                    ),
                    area(strings.STORY_PROBLEM, "problem", StoryEditorState.problem),
                    rx.cond(
                        StoryEditorState.before_thumbs.length() > 0,
                        rx.box(
                            rx.text(strings.STORY_BEFORE_PHOTOS, size="2", weight="medium"),
                            rx.box(
                                rx.foreach(
                                    StoryEditorState.before_thumbs, lambda u: rx.image(src=u, alt=strings.STORY_BEFORE)
                                ),
                                class_name="qy-photo-grid",
                            ),
                            width="100%",
                        ),
                    ),
                    area(strings.STORY_REPLY, "office_reply", StoryEditorState.office_reply),
                    area(strings.STORY_CHANGE, "change", StoryEditorState.change),
                    rx.text(strings.STORY_AFTER_PHOTOS, size="2", weight="medium"),
                    photo_picker(StoryEditorState, "story_photos"),
                    rx.button(
                        strings.STORY_PUBLISH,
                        on_click=StoryEditorState.publish,
                        size="3",
                        class_name="qy-btn",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
            ),
        ),
        active=core_routes.STAFF,
        title=strings.STORY_EDITOR_TITLE,
    )
