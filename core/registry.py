"""How other apps contribute to boards' pages and documents without boards importing them.

An app registers functions in its AppConfig.ready(); boards calls every registered function and
shows what comes back. Dependencies point one way: actions, risks and strategy import boards.
"""

from collections.abc import Callable
from dataclasses import dataclass

_board_sections: list[Callable] = []
_meeting_sections: dict[str, Callable] = {}
_item_panels: list[Callable] = []
_minutes_lines: list[Callable] = []
_pack_sections: list[Callable] = []


def register_board_section(func: Callable) -> Callable:
    """func(request, board) -> {"template": ..., "context": {...}} or None, on the board page."""
    _board_sections.append(func)
    return func


def board_sections(request, board) -> list:
    return [func(request, board) for func in _board_sections]


def register_meeting_section(standing: str, func: Callable) -> None:
    """func(request, meeting, item) -> {"template", "context"} shown under a standing item
    (e.g. "action_log", "risk_log") on the meeting and minute-taking pages."""
    _meeting_sections[standing] = func


def meeting_section(standing: str):
    return _meeting_sections.get(standing)


def register_item_panel(func: Callable) -> Callable:
    """func(request, meeting, item) -> {"template", "context"} or None, shown under every item's
    minutes on the minute-taking screen (e.g. the actions captured from "Action:" lines)."""
    _item_panels.append(func)
    return func


def item_panels(request, meeting, item) -> list:
    return [panel for panel in (func(request, meeting, item) for func in _item_panels) if panel]


def register_minutes_lines(func: Callable) -> Callable:
    """func(meeting, public: bool) -> {agenda_item_id: [paragraph, ...]} of plain text that
    belongs in the minutes of that item (e.g. "94 – ... Agree to close action."), for every
    output. `public` leaves out whatever came from a confidential item, wherever it is minuted."""
    _minutes_lines.append(func)
    return func


def minutes_lines(meeting, *, public: bool = False) -> dict[int, list[str]]:
    merged: dict[int, list[str]] = {}
    for func in _minutes_lines:
        for item_id, lines in func(meeting, public=public).items():
            merged.setdefault(item_id, []).extend(lines)
    return merged


def register_pack_section(func: Callable) -> Callable:
    """func(meeting, item, public: bool) -> HTML body fragment (str) or None: what an agenda
    item contributes to the chair's meeting pack (action log, risk register, highlight reports)."""
    _pack_sections.append(func)
    return func


def pack_sections(meeting, item, public: bool) -> list[str]:
    return [html for html in (func(meeting, item, public) for func in _pack_sections) if html]


_nav_items: list[tuple[int, str, str, bool]] = []


def register_nav_item(text: str, url_name: str, *, order: int, per_partnership: bool = True):
    """A link in the service navigation; its URL takes the partnership's slug if per_partnership."""
    _nav_items.append((order, text, url_name, per_partnership))


def nav_items() -> list[tuple[int, str, str, bool]]:
    return sorted(_nav_items)


@dataclass(frozen=True)
class WorkSection:
    """A section of "Your work", the page everyone lands on: what the person signed in has to do,
    from one app. `rows(you)` answers a `WorkRows` for a `boards.work.You`; `template` shows
    `rows` as a table. The page shows the first few rows, its full list (`key` in the address)
    all of them, a page at a time."""

    key: str
    title: str
    template: str
    empty: str
    rows: Callable
    order: int
    late_label: str = "overdue"


@dataclass
class WorkRows:
    rows: object  # a QuerySet or a list, all of them in the order shown
    count: int
    late: int = 0  # how many of them are overdue or late


_work_sections: dict[str, WorkSection] = {}


def register_work_section(section: WorkSection) -> WorkSection:
    _work_sections[section.key] = section
    return section


def work_sections() -> list[WorkSection]:
    return sorted(_work_sections.values(), key=lambda section: section.order)


def work_section(key: str) -> WorkSection | None:
    return _work_sections.get(key)
