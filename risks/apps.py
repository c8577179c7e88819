from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "risks"

    def ready(self):
        from core.registry import (
            register_board_section,
            register_meeting_section,
            register_nav_item,
            register_pack_section,
            register_work_section,
        )

        from . import contributions, documents

        register_board_section(contributions.board_section)
        register_meeting_section("risk_log", contributions.meeting_section)
        register_pack_section(documents.pack_section)
        register_work_section(contributions.WORK_SECTION)
        register_nav_item("Risks", "risks:partnership_register", order=30, current_for=("risks",))
