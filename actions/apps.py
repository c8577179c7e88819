from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"

    def ready(self):
        from boards import registry

        from . import integrations

        registry.register_board_section(integrations.board_section)
        registry.register_meeting_section("action_log", integrations.meeting_section)
        registry.register_item_panel(integrations.item_panel)
        registry.register_item_marks(integrations.item_marks)
        registry.register_minutes_lines(integrations.minutes_lines)
        registry.register_pack_section(integrations.pack_section)
        registry.register_work_section(integrations.WORK_SECTION)
        registry.register_nav_item("Actions", "actions:log", order=20)
        registry.register_nav_item("My actions", "actions:mine", order=90, per_partnership=False)
