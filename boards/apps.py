from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"

    def ready(self):
        from core.registry import register_nav_item, register_work_section

        from . import work

        register_nav_item("Your work", "boards:your_work", order=5, per_partnership=False)
        register_nav_item("Boards", "boards:partnership", order=10)
        register_nav_item("People", "boards:people", order=80)
        for section in work.SECTIONS:
            register_work_section(section)
