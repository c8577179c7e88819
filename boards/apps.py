from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"

    def ready(self):
        from .registry import register_nav_item

        register_nav_item("Boards", "boards:partnership", order=10)
        register_nav_item("People", "boards:people", order=80)
