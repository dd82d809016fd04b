"""The photo drop zone: camera or album, the pipeline's formats and limits, Chinese messages."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from quanyi_app.core import strings
from quanyi_app.core.photos.limits import MAX_BYTES, MAX_FILES_PER_UPLOAD
from quanyi_app.core.ui.shell import notice

PHOTO_ACCEPT = {
    "image/jpeg": [".jpg", ".jpeg"],
    "image/png": [".png"],
    "image/webp": [".webp"],
    "image/heic": [".heic"],
    "image/heif": [".heif"],
}


def photo_dropzone(upload_handler, upload_id: str, *, icon: str = "camera") -> rx.Component:
    """``upload_handler``: an event handler taking ``files: list[rx.UploadFile]``. The browser's
    limits here are a courtesy; the handler checks size and count again."""
    return rx.upload(
        rx.box(
            rx.icon(icon, size=28, aria_hidden="true"),
            rx.text(strings.PHOTO_UPLOAD_LABEL, weight="medium"),
            rx.text(strings.PHOTO_UPLOAD_HINT, size="1", color_scheme="gray"),
            class_name="qy-dropzone",
        ),
        id=upload_id,
        accept=PHOTO_ACCEPT,
        multiple=True,
        max_files=MAX_FILES_PER_UPLOAD,
        max_size=MAX_BYTES,
        on_drop=upload_handler(rx.upload_files(upload_id=upload_id)),
        on_drop_rejected=rx.toast.error(strings.PHOTO_REJECTED_TOAST),
        aria_label=strings.PHOTO_UPLOAD_LABEL,
        border="none",
        padding="0",
        width="100%",
    )


def photo_picker(state, upload_id: str, label: str = strings.SUBMIT_PHOTOS) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.cond(
            state.photo_list.length() > 0,
            rx.box(
                rx.foreach(
                    state.photo_list,
                    lambda p: rx.box(
                        rx.image(src=p["thumb"], alt=strings.SUBMIT_PHOTOS, loading="lazy"),
                        rx.icon_button(
                            rx.icon("x", size=16),
                            size="2",
                            variant="solid",
                            color_scheme="gray",
                            on_click=state.remove_photo(p["ref"]),
                            aria_label=strings.SUBMIT_PHOTO_REMOVE,
                            type="button",
                        ),
                        class_name="qy-photo-item",
                    ),
                ),
                class_name="qy-photo-grid",
                width="100%",
            ),
        ),
        rx.cond(
            state.photo_list.length() < MAX_FILES_PER_UPLOAD,
            # Offline, the picker would lose the photo (Reflex's upload needs the socket): say so
            # instead, and bring the picker back when the connection does.
            rx.cond(
                has_connection_errors,
                rx.box(
                    rx.icon("wifi_off", size=20, aria_hidden="true"),
                    rx.text(strings.PHOTO_NEEDS_SIGNAL, size="2"),
                    role="status",
                    class_name="qy-dropzone qy-dropzone-off",
                ),
                photo_dropzone(state.upload_photos, upload_id),
            ),
        ),
        rx.cond(state.uploading, rx.text(strings.PHOTO_UPLOADING, size="2", role="status")),
        notice(state.photo_error),
        width="100%",
        spacing="2",
    )
