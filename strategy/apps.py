from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "strategy"

    def ready(self):
        from boards import registry

        from . import contributions

        registry.register_board_section(contributions.board_plans)
        registry.register_pack_section(contributions.pack_highlight_reports)
