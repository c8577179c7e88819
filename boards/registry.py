"""How other apps contribute to boards' pages without boards importing them.

An app registers a function in its AppConfig.ready(); boards calls every registered function and
shows what comes back. Dependencies point one way: actions, risks and strategy import boards.
"""

from collections.abc import Callable

_board_sections: list[Callable] = []
_meeting_sections: dict[str, Callable] = {}


def register_board_section(func: Callable) -> Callable:
    """func(request, board) -> a dict with "title", "template", "context", or None."""
    _board_sections.append(func)
    return func


def board_sections(request, board) -> list:
    return [func(request, board) for func in _board_sections]


def register_meeting_section(standing: str, func: Callable) -> None:
    """func(request, meeting, item) -> a dict with "template", "context" for a standing item."""
    _meeting_sections[standing] = func


def meeting_section(standing: str):
    return _meeting_sections.get(standing)


_demo_loaders: list[Callable] = []


def register_demo_loader(func: Callable) -> Callable:
    """func(partnership) adds an app's demo data; it must be safe to run twice."""
    _demo_loaders.append(func)
    return func


def demo_loaders() -> list[Callable]:
    return list(_demo_loaders)
