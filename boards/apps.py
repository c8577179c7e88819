from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"

    def ready(self):
        from core.registry import (
            register_nav_item,
            register_search_rebuilder,
            register_work_section,
        )

        from . import search_index, work

        register_nav_item("Your work", "boards:your_work", order=5, per_partnership=False)
        register_nav_item("Boards", "boards:partnership", order=10)
        register_nav_item("People", "boards:people", order=80)
        register_search_rebuilder("boards", search_index.entries)
        for section in work.SECTIONS:
            register_work_section(section)
