"""What goes into a meeting's pack, item by item, and the fingerprint that says when it changed."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from core import registry

from ..models import AgendaItem, Meeting, MeetingPack, Membership, Minutes, Paper, Person, Role
from ..outputs.minutes import minutes_context

# Bump when the pack's layout changes, so packs built with the old one are not reused.
LAYOUT_VERSION = "2"
MINUTES_PARTIAL = "boards/pdf/partials/minutes_body.html"


@dataclass
class ItemContent:
    item: AgendaItem
    exempt: bool = False  # a confidential item in the public pack: listed, nothing of it printed
    note: str = ""  # said on the agenda, after the title ("not yet available")
    fragments: list[str] = field(default_factory=list)  # HTML shown under the item's heading
    pdf_papers: list[Paper] = field(default_factory=list)
    other_papers: list[Paper] = field(default_factory=list)

    @property
    def has_section(self) -> bool:
        return bool(self.fragments or self.other_papers)

    @property
    def is_empty(self) -> bool:
        return not (self.has_section or self.pdf_papers)


@dataclass
class Contents:
    meeting: Meeting
    public: bool
    items: list[ItemContent]
    chair: Person | None = None
    secretary: Person | None = None  # the contact officer named on the cover
    published_on: datetime.date | None = None  # the public pack as published on the public pages

    @property
    def confidential(self) -> bool:
        return not self.public and any(entry.item.confidential for entry in self.items)


MINUTES_NOT_YET = "not yet available"
NO_EARLIER_MINUTES = "none, as this is the board's first meeting recorded here"


def minutes_fragment(previous: Meeting, *, public: bool) -> str:
    """The last meeting's minutes, as the minutes PDF prints them."""
    return render_to_string(MINUTES_PARTIAL, minutes_context(previous, public=public))


def officers(meeting: Meeting) -> tuple[Person | None, Person | None]:
    """The board's chair and secretary on the day of the meeting."""
    seats = (
        Membership.objects.current(on=meeting.date)
        .filter(board_id=meeting.board_id, role__in=[Role.CHAIR, Role.SECRETARY])
        .select_related("person")
        .order_by("pk")
    )
    found: dict[str, Person] = {}
    for seat in seats:
        found.setdefault(seat.role, seat.person)
    return found.get(Role.CHAIR), found.get(Role.SECRETARY)


def pack_contents(
    meeting: Meeting, *, public: bool, published_on: datetime.date | None = None
) -> Contents:
    """What goes into the pack, item by item in agenda order. In the public pack a confidential
    item is listed on the agenda as exempt from publication; nothing else of it is included."""
    items = meeting.agenda_items.select_related("presenter").prefetch_related("papers")
    entries = []
    for item in items.order_by("position"):
        entry = ItemContent(item, exempt=public and item.confidential)
        if entry.exempt:
            entries.append(entry)
            continue
        if item.standing == AgendaItem.Standing.MINUTES:
            previous = meeting.previous_meeting
            if previous is None:
                entry.note = NO_EARLIER_MINUTES
            elif not Minutes.objects.filter(meeting=previous).exists():
                entry.note = MINUTES_NOT_YET
            else:
                entry.fragments.append(minutes_fragment(previous, public=public))
        entry.fragments += registry.pack_sections(meeting, item, public)
        for paper in item.papers.all():
            (entry.pdf_papers if paper.is_pdf else entry.other_papers).append(paper)
        entries.append(entry)
    chair, secretary = officers(meeting)
    return Contents(meeting, public, entries, chair, secretary, published_on if public else None)


def contents_of(meeting_pack: MeetingPack) -> Contents:
    """What the pack holds as things are now, published on the day it was published."""
    published = meeting_pack.published_at
    return pack_contents(
        meeting_pack.meeting,
        public=meeting_pack.public,
        published_on=timezone.localdate(published) if published else None,
    )


def pack_fingerprint(contents: Contents) -> str:
    """A hash of every input: the rows' versions and the HTML other parts of the app contribute."""
    meeting = contents.meeting
    board = meeting.board
    digest = hashlib.sha256()

    def add(*values):
        # str(), not repr(): a choice reads the same whether it came from the database or code.
        digest.update("\x1f".join(str(value) for value in values).encode() + b"\x1e")

    add(LAYOUT_VERSION, contents.public, board.pk, board.name, board.short_name, board.version)
    add(board.partnership.name, contents.published_on)
    for person in (contents.chair, contents.secretary):
        add(*((person.pk, person.version, person.name, person.email) if person else (None,)))
    add(meeting.pk, meeting.version, meeting.date, meeting.starts_at, meeting.ends_at)
    add(meeting.venue, meeting.online_link, meeting.status)
    for entry in contents.items:
        item = entry.item
        add(item.pk, item.version, item.position, item.title, item.kind, item.standing)
        add(item.confidential, item.planned_start, item.presenter_id, entry.exempt, entry.note)
        for paper in entry.pdf_papers + entry.other_papers:
            add(paper.pk, paper.version, paper.label, paper.title, paper.document.name, paper.size)
        for fragment in entry.fragments:
            add(hashlib.sha256(fragment.encode()).hexdigest())
    return digest.hexdigest()
