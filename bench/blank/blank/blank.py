"""One page with one heading, one text area and one button, and one small state."""

import reflex as rx


class FormState(rx.State):
    category: str = ""

    @rx.event
    def set_category(self, value: str):
        self.category = value


def index() -> rx.Component:
    return rx.vstack(
        rx.heading("反馈"),
        rx.text_area(name="description"),
        rx.button("提交", on_click=FormState.set_category("1")),
    )


app = rx.App()
app.add_page(index, route="/s/[code]")
