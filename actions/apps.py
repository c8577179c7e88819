from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"

    def ready(self):
        from core import registry

        from . import contributions

        registry.register_board_section(contributions.board_section)
        registry.register_meeting_section("action_log", contributions.meeting_section)
        registry.register_item_panel(contributions.item_panel)
        registry.register_item_marks(contributions.item_marks)
        registry.register_minutes_lines(contributions.minutes_lines)
        registry.register_minutes_actions(contributions.minutes_actions)
        registry.register_pack_section(contributions.pack_section)
        registry.register_work_section(contributions.WORK_SECTION)
        registry.register_nav_item("Actions", "actions:log", order=20, current_for=("actions",))
        registry.register_nav_item(
            "My actions",
            "actions:mine",
            order=90,
            per_partnership=False,
            current_for=("actions:mine", "actions:mine_update"),
        )
