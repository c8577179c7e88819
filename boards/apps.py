from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"

    def ready(self):
        from core.registry import register_nav_item, register_work_section

        from . import work

        register_nav_item(
            "Your work",
            "boards:your_work",
            order=5,
            per_partnership=False,
            current_for=("boards:your_work", "boards:your_work_section"),
        )
        # Every other page of boards is a page of the partnership's boards and their meetings.
        register_nav_item("Boards", "boards:partnership", order=10, current_for=("boards",))
        register_nav_item(
            "People",
            "boards:people",
            order=80,
            current_for=(
                "boards:people",
                "boards:person_add",
                "boards:person_edit",
                "boards:organisations",
                "boards:organisation_add",
                "boards:organisation_edit",
            ),
        )
        for section in work.SECTIONS:
            register_work_section(section)
