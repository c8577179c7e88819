"""How other apps contribute to boards' pages and documents without boards importing them.

An app registers functions in its AppConfig.ready(); boards calls every registered function and
shows what comes back. Dependencies point one way: actions, risks and strategy import boards.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """What an app shows on one of boards' pages: `template` rendered with `context` (given both
    flat and as `context`)."""

    template: str
    context: dict


_board_sections: list[Callable] = []
_meeting_sections: dict[str, Callable] = {}
_item_panels: list[Callable] = []
_minutes_lines: list[Callable] = []
_pack_sections: list[Callable] = []


def register_board_section(func: Callable) -> Callable:
    """func(request, board) -> Section or None, on the board page."""
    _board_sections.append(func)
    return func


def board_sections(request, board) -> list[Section | None]:
    return [func(request, board) for func in _board_sections]


def register_meeting_section(standing: str, func: Callable) -> None:
    """func(request, meeting, item) -> Section shown under a standing item
    (e.g. "action_log", "risk_log") on the meeting and minute-taking pages."""
    _meeting_sections[standing] = func


def meeting_section(standing: str):
    return _meeting_sections.get(standing)


def register_item_panel(func: Callable) -> Callable:
    """func(request, meeting, item) -> Section or None, shown under every item's
    minutes on the minute-taking screen (e.g. the actions captured from "Action:" lines)."""
    _item_panels.append(func)
    return func


def item_panels(request, meeting, item) -> list[Section]:
    return [panel for panel in (func(request, meeting, item) for func in _item_panels) if panel]


_item_marks: list[Callable] = []


def register_item_marks(func: Callable) -> Callable:
    """func(meeting) -> {agenda_item_id: "2 actions"}, read once for the whole meeting: what the
    minute-taking screen's list of items says of an item besides whether it is typed."""
    _item_marks.append(func)
    return func


def item_marks(meeting) -> dict[int, list[str]]:
    merged: dict[int, list[str]] = {}
    for func in _item_marks:
        for item_id, mark in func(meeting).items():
            merged.setdefault(item_id, []).append(mark)
    return merged


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


@dataclass(frozen=True)
class MinutesAction:
    """An action agreed at a meeting, as the actions table of its minutes prints it: the
    reference, the action, its owners ("GB/AW", "CJ/SROs") and its deadline ("31/03/2023",
    "June 2025"), under the agenda item it was raised at."""

    item_id: int
    reference: str
    action: str
    owners: str
    deadline: str


_minutes_actions: list[Callable] = []


def register_minutes_actions(func: Callable) -> Callable:
    """func(meeting, public: bool) -> [MinutesAction, ...] in the order of the minutes: the
    actions agreed at the meeting. `public` leaves out those raised under a confidential item."""
    _minutes_actions.append(func)
    return func


def minutes_actions(meeting, *, public: bool = False) -> list[MinutesAction]:
    return [action for func in _minutes_actions for action in func(meeting, public=public)]


def register_pack_section(func: Callable) -> Callable:
    """func(meeting, item, public: bool) -> HTML body fragment (str) or None: what an agenda
    item contributes to the chair's meeting pack (action log, risk register, highlight reports)."""
    _pack_sections.append(func)
    return func


def pack_sections(meeting, item, public: bool) -> list[str]:
    return [html for html in (func(meeting, item, public) for func in _pack_sections) if html]


@dataclass(frozen=True)
class NavItem:
    """A link in the service navigation. It is marked current on the pages named in `current_for`:
    whole URL namespaces ("risks") or single views ("actions:mine"); a view named outright wins
    over its namespace, so "My actions" rather than "Actions" is current on the actions:mine page.
    """

    order: int
    text: str
    url_name: str
    per_partnership: bool
    current_for: tuple[str, ...]


_nav_items: list[NavItem] = []


def register_nav_item(
    text: str,
    url_name: str,
    *,
    order: int,
    per_partnership: bool = True,
    current_for: tuple[str, ...] = (),
):
    """A link in the service navigation; its URL takes the partnership's slug if per_partnership."""
    _nav_items.append(NavItem(order, text, url_name, per_partnership, current_for or (url_name,)))


def nav_items() -> list[NavItem]:
    return sorted(_nav_items, key=lambda item: item.order)


def current_nav_item(view_name: str) -> NavItem | None:
    """The menu item of the section a view belongs to, or None (public pages, the statement)."""
    namespace = view_name.partition(":")[0]
    for key in (view_name, namespace):
        for item in _nav_items:
            if key in item.current_for:
                return item
    return None


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


_search_rebuilders: list[tuple[str, Callable]] = []


def register_search_rebuilder(name: str, func: Callable) -> None:
    """func() -> an iterable of `boards.search.Entry`: every record of one app as search sees it,
    for `manage.py rebuild_search_index`."""
    _search_rebuilders.append((name, func))


def search_rebuilders() -> list[tuple[str, Callable]]:
    return list(_search_rebuilders)
