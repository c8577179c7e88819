"""Scheduling meetings and building their agenda: items, their order, papers, the forward plan."""

import datetime
import re
import string

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max, Q

from .. import search_index, tasks
from ..models import AgendaItem, Board, ForwardPlanItem, Meeting, Minutes, Paper

Standing = AgendaItem.Standing

# The standing items every agenda opens with, in order; any other business closes it.
OPENING_ITEMS = [
    Standing.WELCOME,
    Standing.DECLARATIONS,
    Standing.MINUTES,
    Standing.ACTION_LOG,
    Standing.RISK_LOG,
]
CLOSING_ITEMS = [Standing.AOB]
_PARKED = 30000  # positions above every real item, used while renumbering


class MinutesFrozen(Exception):
    """Approved minutes are a record: their agenda and text no longer change."""

    def __init__(self, message="These minutes are approved and can no longer be changed."):
        super().__init__(message)


def ensure_agenda_open(meeting: Meeting) -> None:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_frozen:
        raise MinutesFrozen()


def lock_minutes_open(meeting: Meeting, message: str | None = None) -> None:
    """Inside a transaction: wait for an approval of the minutes under way, then refuse if they
    are approved (they are a record from then on)."""
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.is_frozen:
        raise MinutesFrozen(*([message] if message else []))


def _lock_agenda(meeting: Meeting) -> None:
    """Inside a transaction: one change to a meeting's agenda at a time, and none once approved."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    ensure_agenda_open(meeting)


@transaction.atomic
def meeting_schedule(
    *,
    board: Board,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time | None = None,
    venue: str = "",
    online_link: str = "",
    add_standing_items: bool = True,
    add_forward_plan: bool = True,
) -> Meeting:
    meeting = Meeting.objects.create(
        board=board,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        online_link=online_link,
    )
    if add_standing_items:
        standing_items_add(meeting=meeting)
    if add_forward_plan:
        forward_plan_pull(meeting=meeting)
    return meeting


def _next_position(meeting: Meeting) -> int:
    highest = meeting.agenda_items.aggregate(top=Max("position"))["top"]
    return (highest or 0) + 1


def _open_space(meeting: Meeting, position: int) -> None:
    """Move items at `position` and after one place down, out of the way first."""
    later = AgendaItem.objects.filter(meeting=meeting, position__gte=position)
    for item in later.order_by("-position"):
        _relabel_papers(item, item.position + 1)
    later.update(position=F("position") + _PARKED)
    AgendaItem.objects.filter(meeting=meeting, position__gte=_PARKED).update(
        position=F("position") - _PARKED + 1
    )
    _record_renumbered(AgendaItem.objects.filter(meeting=meeting, position__gt=position))


def _close_gap(meeting: Meeting, position: int) -> None:
    later = AgendaItem.objects.filter(meeting=meeting, position__gt=position)
    for item in later.order_by("position"):
        _relabel_papers(item, item.position - 1)
    later.update(position=F("position") + _PARKED)
    AgendaItem.objects.filter(meeting=meeting, position__gte=_PARKED).update(
        position=F("position") - _PARKED - 1
    )
    _record_renumbered(AgendaItem.objects.filter(meeting=meeting, position__gte=position))


def _record_renumbered(items) -> None:
    """Renumbering is done in bulk; each item moved still gets its line in the history."""
    AgendaItem.history.bulk_history_create(list(items), update=True)


_LABEL = re.compile(r"^(\d+)([a-z]*)$")


def _relabel_papers(item: AgendaItem, new_position: int) -> None:
    """Papers numbered after their item ("4a") follow it when it moves."""
    for paper in item.papers.all():
        match = _LABEL.match(paper.label)
        if match and int(match.group(1)) == item.position:
            paper.label = f"{new_position}{match.group(2)}"
            paper.save(update_fields=["label"])


def _aob_position(meeting: Meeting) -> int | None:
    aob = meeting.agenda_items.filter(standing=Standing.AOB).order_by("position").first()
    return aob.position if aob else None


@transaction.atomic
def standing_items_add(*, meeting: Meeting) -> list[AgendaItem]:
    """The standing items missing from the agenda: opening ones first, any other business last."""
    _lock_agenda(meeting)
    present = set(meeting.agenda_items.exclude(standing="").values_list("standing", flat=True))
    added = []
    for index, standing in enumerate(OPENING_ITEMS, start=1):
        if standing in present:
            continue
        position = min(index, _next_position(meeting))
        _open_space(meeting, position)
        added.append(
            AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                title=standing.label,
                kind=AgendaItem.Kind.STANDING,
                standing=standing,
            )
        )
    for standing in CLOSING_ITEMS:
        if standing not in present:
            added.append(
                AgendaItem.objects.create(
                    meeting=meeting,
                    position=_next_position(meeting),
                    title=standing.label,
                    kind=AgendaItem.Kind.STANDING,
                    standing=standing,
                )
            )
    return added


def forward_plan_wanted(meeting: Meeting):
    """Forward plan items wanted at this meeting, or by its month, not yet on an agenda."""
    month = meeting.date.replace(day=1)
    return (
        ForwardPlanItem.objects.filter(board_id=meeting.board_id, agenda_item__isnull=True)
        .filter(Q(wanted_at=meeting) | Q(wanted_at__isnull=True, wanted_month__lte=month))
        .select_related("owner")
        .order_by("wanted_month", "id")
    )


def forward_plan_wanted_list(meeting: Meeting) -> list[ForwardPlanItem]:
    """forward_plan_wanted(), read for the meeting page."""
    return list(forward_plan_wanted(meeting))


@transaction.atomic
def forward_plan_pull(*, meeting: Meeting) -> list[AgendaItem]:
    """Put the forward plan items wanted now on the agenda, before any other business."""
    _lock_agenda(meeting)
    added = []
    for wanted in forward_plan_wanted(meeting).select_for_update(of=("self",)):
        item = agenda_item_add(
            meeting=meeting,
            title=wanted.title,
            presenter=wanted.owner,
            kind=AgendaItem.Kind.DISCUSSION,
        )
        wanted.agenda_item = item
        wanted.version += 1
        wanted.save(update_fields=["agenda_item", "version"])
        added.append(item)
    return added


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str, **fields) -> AgendaItem:
    """A new item goes before any other business, which stays last."""
    _lock_agenda(meeting)
    position = _aob_position(meeting)
    if position is None:
        position = _next_position(meeting)
    else:
        _open_space(meeting, position)
    item = AgendaItem.objects.create(meeting=meeting, position=position, title=title, **fields)
    search_index.meeting_indexed(meeting)  # the items after it are numbered one on
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    _lock_agenda(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    meeting, position = item.meeting, item.position
    ForwardPlanItem.objects.filter(agenda_item=item).update(agenda_item=None)
    search_index.agenda_item_unindexed(item)
    item.delete()
    _close_gap(meeting, position)
    search_index.meeting_indexed(meeting)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap the item with its neighbour above ("up") or below ("down"); both renumber."""
    _lock_agenda(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    siblings = AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id)
    if direction == "up":
        neighbour = siblings.filter(position__lt=item.position).order_by("-position").first()
    elif direction == "down":
        neighbour = siblings.filter(position__gt=item.position).order_by("position").first()
    else:
        raise ValueError(f"Unknown direction {direction!r}")
    if neighbour is None:
        return item
    mine, theirs = item.position, neighbour.position
    _relabel_papers(item, theirs)
    _relabel_papers(neighbour, mine)
    AgendaItem.objects.filter(pk=item.pk).update(position=_PARKED)
    AgendaItem.objects.filter(pk=neighbour.pk).update(position=mine)
    AgendaItem.objects.filter(pk=item.pk).update(position=theirs)
    _record_renumbered(AgendaItem.objects.filter(pk__in=[item.pk, neighbour.pk]))
    item.refresh_from_db()
    search_index.meeting_indexed(item.meeting)
    return item


def next_paper_label(item: AgendaItem) -> str:
    used = set(item.papers.values_list("label", flat=True))
    for letter in string.ascii_lowercase:
        label = f"{item.position}{letter}"
        if label not in used:
            return label
    return f"{item.position}"


@transaction.atomic
def paper_add(
    *,
    item: AgendaItem,
    upload: UploadedFile,
    label: str,
    title: str,
    content_type: str,
    user: AbstractBaseUser,
) -> Paper:
    _lock_agenda(item.meeting)
    paper = Paper.objects.create(
        agenda_item=item,
        label=label,
        title=title,
        document=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    search_index.paper_indexed(paper)  # found by its title until its text is read
    transaction.on_commit(lambda: tasks.read_paper_text.enqueue(paper.pk))
    return paper


@transaction.atomic
def paper_remove(*, paper: Paper) -> None:
    _lock_agenda(paper.agenda_item.meeting)
    document = paper.document
    search_index.paper_unindexed(paper)
    paper.delete()
    transaction.on_commit(lambda: document.delete(save=False))
