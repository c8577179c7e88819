""" "Your work": what the person signed in has to do, on every board they sit on and with
everything they own. Each app adds its sections through `registry.register_work_section`; the
meetings and minutes sections are the boards' own, below."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from core.registry import WorkRows, WorkSection, work_sections

from . import access
from .access import Need
from .selectors import meetings as meeting_selectors

SHOWN = 5  # rows of each section on the page; its full list has them all


@dataclass(frozen=True)
class You:
    """The person signed in, as every section of "Your work" asks: their person records (one per
    partnership), the level they hold on each board they sit on today, and today's date."""

    user: object
    person_ids: list[int]
    levels: dict[int, Need]
    today: datetime.date

    @classmethod
    def of(cls, who) -> "You":
        """`who`: the request's `access.Access`, or a user."""
        standing = access.access_of(who)
        return cls(
            user=standing.user,
            person_ids=access.person_ids(standing),
            levels=standing.board_levels,
            today=timezone.localdate(),
        )

    def boards(self, *levels: Need) -> list[int]:
        """The boards they sit on (read in full), or those where they hold one of `levels`."""
        return sorted(
            board_id
            for board_id, level in self.levels.items()
            if (level in levels if levels else level >= Need.VIEW)
        )


def _counted(queryset) -> WorkRows:
    return WorkRows(rows=queryset, count=queryset.count())


def next_meetings(you: You) -> WorkRows:
    return _counted(meeting_selectors.next_meetings_of(you.boards(), today=you.today))


def minutes_to_write(you: You) -> WorkRows:
    return _counted(meeting_selectors.minutes_to_write(you.boards(Need.EDIT), today=you.today))


def minutes_to_approve(you: You) -> WorkRows:
    # The secretary records the approval; those with a seat approve.
    return _counted(meeting_selectors.minutes_to_approve(you.boards(Need.VIEW, Need.APPROVE)))


@dataclass
class ShownSection:
    section: WorkSection
    found: WorkRows
    rows: list

    @property
    def more(self) -> bool:
        return self.found.count > len(self.rows)


def your_work(you: You) -> list[ShownSection]:
    """Every section with its counts and first rows: two or three queries each, however many
    boards, actions or risks there are."""
    shown = []
    for section in work_sections():
        found = section.rows(you)
        rows = list(found.rows[:SHOWN]) if found.count else []
        shown.append(ShownSection(section=section, found=found, rows=rows))
    return shown


# The boards' own sections, registered in BoardsConfig.ready.
SECTIONS = [
    WorkSection(
        key="meetings",
        title="Next meetings",
        template="boards/partials/work_meetings.html",
        empty="No meetings are scheduled for the boards you sit on.",
        rows=next_meetings,
        order=10,
    ),
    WorkSection(
        key="minutes-to-write",
        title="Minutes to write",
        template="boards/partials/work_minutes_to_write.html",
        empty="No minutes are waiting to be written and circulated.",
        rows=minutes_to_write,
        order=20,
    ),
    WorkSection(
        key="minutes-to-approve",
        title="Minutes to approve",
        template="boards/partials/work_minutes_to_approve.html",
        empty="No circulated minutes are waiting for approval.",
        rows=minutes_to_approve,
        order=30,
    ),
]
