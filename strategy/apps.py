from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "strategy"

    def ready(self):
        from core import registry

        from . import contributions

        registry.register_board_section(contributions.board_plans)
        registry.register_pack_section(contributions.pack_highlight_reports)
        registry.register_item_panel(contributions.item_highlight_reports)
        for section in contributions.WORK_SECTIONS:
            registry.register_work_section(section)
        registry.register_nav_item("Plans", "strategy:plans", order=40, current_for=("strategy",))
        registry.register_nav_item(
            "Dashboard",
            "strategy:dashboard",
            order=50,
            current_for=(
                "strategy:dashboard",
                "strategy:indicator_add",
                "strategy:values_grid",
                "strategy:values_import",
                "strategy:indicator",
                "strategy:indicator_edit",
            ),
        )
