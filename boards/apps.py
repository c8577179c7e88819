from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"

    def ready(self):
        from .demo_meetings import load_meetings
        from .registry import register_demo_loader, register_nav_item

        # boards comes first in INSTALLED_APPS, so its meetings exist before other apps' loaders
        # attach actions and risks to them.
        register_demo_loader(load_meetings)
        register_nav_item("Boards", "boards:partnership", order=10)
        register_nav_item("People", "boards:people", order=80)
