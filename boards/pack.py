"""The chair's meeting pack: requested in a page, built by a background worker.

The pack is rendered section by section (cover, agenda, then each item's content) and merged
with pikepdf (qpdf, see pack_pdf): WeasyPrint's cost per page grows with the length of a
document and the memory it takes is not handed back, so short renders in the worker keep both
down. The agenda's page numbers are known once the sections are rendered; the running footer
"page X of Y" is stamped on afterwards from one footer-only render.

A pack is identified by a fingerprint of everything that goes into it, so it is reused until
something in it changes, and two requests (or two workers) for the same pack build it once.

The worker building a pack holds a lease on it, renewed before each section, in the database (the
workers may run on several machines). A worker that dies stops renewing: once its lease has run
out, the next look at the pack queues it for another worker, or shows it failed with Retry once it
has stopped this way twice. A worker whose lease was taken over stops without writing.
"""

import datetime
import hashlib
import logging
import time
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import documents, pack_pdf, registry
from .models import AgendaItem, Meeting, MeetingPack, Membership, Minutes, Paper, Person, Role
from .outputs import minutes_context
from .pack_pdf import PackError, Part

logger = logging.getLogger(__name__)

# Bump when the pack's layout changes, so packs built with the old one are not reused.
LAYOUT_VERSION = "2"
MINUTES_PARTIAL = "boards/pdf/partials/minutes_body.html"
# The building worker renews its lease before every section; each render is stopped after
# SECTION_SECONDS, so a live worker always renews in time and a dead one is noticed within LEASE.
LEASE = datetime.timedelta(minutes=2)
SECTION_SECONDS = 60
STOPS_BEFORE_FAILING = 2  # builds whose worker died before the pack is shown failed, with Retry
SECTION_TEMPLATE = "boards/pack/pdf/section.html"


def is_published(meeting: Meeting) -> bool:
    """Whether the meeting's minutes have been published."""
    minutes = Minutes.objects.filter(meeting=meeting).only("status").first()
    return minutes is not None and minutes.status == Minutes.Status.PUBLISHED


def public_pack_open(meeting: Meeting) -> bool:
    """Whether everyone of the partnership may read the meeting's public pack: its agenda pack
    has been published, or its minutes have."""
    return meeting.agenda_pack_published_at is not None or is_published(meeting)


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


# Requesting, claiming and retrying


def _enqueue(pack: MeetingPack) -> None:
    from .tasks import build_meeting_pack

    pack_id = pack.pk
    transaction.on_commit(lambda: build_meeting_pack.enqueue(pack_id))


def pack_request(
    *, meeting: Meeting, public: bool, user, published_on: datetime.date | None = None
) -> MeetingPack:
    """The pack for the meeting as it is now: a ready one if nothing has changed since it was
    built, the one already being built, or a new one queued once this transaction commits."""
    # Rendered before the transaction opens, so no write lock is held while templates render.
    contents = pack_contents(meeting, public=public, published_on=published_on)
    fingerprint = pack_fingerprint(contents)
    with transaction.atomic():
        pack, created = MeetingPack.objects.get_or_create(
            meeting=meeting, public=public, fingerprint=fingerprint, defaults={"requested_by": user}
        )
        if created:
            _enqueue(pack)
        elif pack.status == MeetingPack.Status.READY and not pack.file:
            _requeue(pack, MeetingPack.Status.READY)
        elif pack.status == MeetingPack.Status.BUILDING and pack_recover_stalled(meeting=meeting):
            pack.refresh_from_db()
    return pack


def pack_publish(*, meeting: Meeting, user) -> MeetingPack:
    """Publish the agenda pack (the public pack, as it is today) on the public pages. It is
    listed there once built; the meeting keeps the day it was first published."""
    now = timezone.now()
    pack = pack_request(
        meeting=meeting, public=True, user=user, published_on=timezone.localdate(now)
    )
    with transaction.atomic():
        MeetingPack.objects.filter(pk=pack.pk, published_at__isnull=True).update(published_at=now)
        Meeting.objects.filter(pk=meeting.pk, agenda_pack_published_at__isnull=True).update(
            agenda_pack_published_at=now
        )
    pack.refresh_from_db()
    meeting.refresh_from_db(fields=["agenda_pack_published_at"])
    if pack.status == MeetingPack.Status.READY:
        _discard_older(pack)
    return pack


@dataclass
class AgendaPackNotice:
    text: str
    late: bool


def agenda_pack_notice(
    meeting: Meeting, *, today: datetime.date | None = None
) -> AgendaPackNotice | None:
    """When the agenda pack is due on the public pages, was due (late), or was published."""
    due = meeting.agenda_pack_due_on
    if meeting.agenda_pack_published_at is not None:
        on = timezone.localdate(meeting.agenda_pack_published_at)
        text = f"The agenda pack was published on {on:%-d %B %Y}."
        if on > due:
            text += f" It was due to be published by {due:%-d %B %Y}."
        return AgendaPackNotice(text, late=on > due)
    today = today or timezone.localdate()
    if meeting.date < today or meeting.status == Meeting.Status.CANCELLED:
        return None
    if today > due:
        return AgendaPackNotice(
            f"The agenda pack was due to be published by {due:%-d %B %Y}.", late=True
        )
    return AgendaPackNotice(f"The agenda pack is due to be published by {due:%-d %B %Y}.", False)


def published_pack(meeting: Meeting) -> MeetingPack | None:
    """The agenda pack as last published, built or still being built."""
    return (
        meeting.packs.filter(public=True, published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )


def _downloadable_published():
    return MeetingPack.objects.filter(
        public=True, published_at__isnull=False, status=MeetingPack.Status.READY
    ).exclude(file="")


def published_download(meeting: Meeting) -> MeetingPack | None:
    """The agenda pack as last published and built, for anyone to download."""
    return (
        _downloadable_published().filter(meeting=meeting).order_by("-published_at", "-pk").first()
    )


def published_packs(partnership) -> list[MeetingPack]:
    """The published agenda packs of the partnership's boards that are ready to download, the
    latest of each meeting, latest meeting first."""
    packs = (
        _downloadable_published()
        .filter(meeting__board__partnership=partnership)
        .select_related("meeting__board")
        .order_by("-meeting__date", "-published_at", "-pk")
    )
    latest: dict[int, MeetingPack] = {}
    for meeting_pack in packs:
        latest.setdefault(meeting_pack.meeting_id, meeting_pack)
    return list(latest.values())


class LeaseLost(Exception):
    """Another worker took the pack over, this one having been taken for dead."""


def _lease_expired(now) -> Q:
    # A build without a lease was claimed before leases existed: taken as expired.
    return Q(status=MeetingPack.Status.BUILDING) & (
        Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True)
    )


STOPPED = (
    "The build stopped without finishing: the worker building it stopped. Try again; if it "
    "stops again, tell the site's administrators."
)


def pack_recover_stalled(*, meeting: Meeting) -> int:
    """Builds of the meeting's packs whose worker stopped renewing its lease (killed, or its
    machine lost): queued again for the next worker, or failed, with Retry, once they have
    stopped STOPS_BEFORE_FAILING times. Returns how many were found."""
    from .tasks import build_abandoned

    found = 0
    for stalled in MeetingPack.objects.filter(_lease_expired(timezone.now()), meeting=meeting):
        with transaction.atomic():
            # Only if no worker renewed or took it over since it was read.
            same = MeetingPack.objects.filter(
                _lease_expired(timezone.now()), pk=stalled.pk, attempts=stalled.attempts
            )
            if stalled.attempts < STOPS_BEFORE_FAILING:
                recovered = same.update(
                    status=MeetingPack.Status.QUEUED, steps_done=0, lease_expires_at=None
                )
                if recovered:
                    _enqueue(stalled)
            else:
                recovered = same.update(
                    status=MeetingPack.Status.FAILED,
                    error=STOPPED,
                    finished_at=timezone.now(),
                    lease_expires_at=None,
                )
            if recovered:
                logger.warning(
                    "Meeting pack %s: its worker stopped renewing the lease (attempt %s)",
                    stalled.pk,
                    stalled.attempts,
                )
                build_abandoned(stalled.pk)
                found += 1
    return found


def _requeue(pack: MeetingPack, from_status: str) -> bool:
    queued = MeetingPack.objects.filter(pk=pack.pk, status=from_status).update(
        status=MeetingPack.Status.QUEUED, error="", steps_done=0
    )
    if queued:
        _enqueue(pack)
        pack.refresh_from_db()
    return bool(queued)


@transaction.atomic
def pack_retry(*, pack: MeetingPack) -> bool:
    """Queue a failed pack again; False if it was not failed (someone else retried it)."""
    return _requeue(pack, MeetingPack.Status.FAILED)


def pack_claim(*, pack_id: int) -> int | None:
    """Take a pack for building: a queued one, or one whose builder's lease has run out. One
    UPDATE decides, so of two workers only one wins. Returns the number of this attempt, under
    which the lease is renewed, or None if the pack was not there to take."""
    now = timezone.now()
    claimed = MeetingPack.objects.filter(
        Q(status=MeetingPack.Status.QUEUED) | _lease_expired(now), pk=pack_id
    ).update(
        status=MeetingPack.Status.BUILDING,
        started_at=now,
        lease_expires_at=now + LEASE,
        attempts=F("attempts") + 1,
        steps_done=0,
        error="",
    )
    if not claimed:
        return None
    return MeetingPack.objects.values_list("attempts", flat=True).get(pk=pack_id)


def pack_renew(*, pack_id: int, attempt: int, **progress) -> None:
    """Extend the lease of the worker building the pack (and record its progress, if given).
    Raises LeaseLost if the build is no longer this worker's."""
    renewed = MeetingPack.objects.filter(
        pk=pack_id, status=MeetingPack.Status.BUILDING, attempts=attempt
    ).update(lease_expires_at=timezone.now() + LEASE, **progress)
    if not renewed:
        raise LeaseLost(pack_id)


def current_pack(meeting: Meeting, *, public: bool) -> MeetingPack | None:
    return meeting.packs.filter(public=public).order_by("-created_at", "-pk").first()


# Building


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    render_seconds: float
    section_bodies: list[str]  # every HTML body in order, for comparing with one render


class _Renderer:
    """render_pdf with a stopwatch (the time spent in WeasyPrint is recorded on the pack), a time
    limit per section, and the lease renewed before each."""

    def __init__(self, title: str, renew=lambda: None):
        self.title = title
        self.renew = renew
        self.seconds = 0.0
        self.bodies: list[str] = []

    def render(self, template: str, context: dict, *, section: str, **options) -> bytes:
        self.renew()
        started = time.perf_counter()
        try:
            return documents.render_pdf(
                template, context, title=self.title, seconds=SECTION_SECONDS, **options
            )
        except documents.RenderTooLong as stopped:
            raise PackError(
                f"{section} took longer than {stopped.seconds:g} seconds to lay out, so the "
                "build was stopped. Try again; if it stops again, shorten what that part of the "
                "pack holds, or tell the site's administrators."
            ) from stopped
        finally:
            self.seconds += time.perf_counter() - started

    def __call__(self, bodies: list[str], *, section: str, keep: bool = True) -> bytes:
        context = {"bodies": [mark_safe(body) for body in bodies]}
        pdf = self.render(SECTION_TEMPLATE, context, section=section)
        if keep:
            self.bodies += bodies
        return pdf


def _fragment(template: str, context: dict) -> str:
    return render_to_string(f"boards/pack/pdf/{template}", context)


def _agenda(contents: Contents, render: _Renderer, starts: dict[int, int]) -> tuple[str, bytes]:
    rows = [(entry, starts.get(entry.item.pk)) for entry in contents.items]
    body = _fragment("agenda.html", {"contents": contents, "rows": rows})
    return body, render([body], section="The agenda", keep=False)


def _numbered(starts: dict[int, int], front: int) -> dict[int, int]:
    """Page numbers in the pack, from places counted after its front pages (cover, agenda)."""
    return {item_id: front + start + 1 for item_id, start in starts.items()}


def pack_title(meeting: Meeting, *, public: bool) -> str:
    kind = "Agenda pack (public)" if public else "Meeting pack"
    return f"{meeting.board.name} – {kind} – {meeting.date:%-d %B %Y}"


def render_pack(
    contents: Contents, progress=lambda done, total: None, renew=lambda: None
) -> Rendered:
    """The pack as one PDF. `progress(done, total)` is called once as each step ends (cover, each
    item, agenda, the whole); `renew()` before each render, to keep the worker's lease."""
    meeting = contents.meeting
    title = pack_title(meeting, public=contents.public)
    render = _Renderer(title, renew)
    total = 3 + sum(1 for entry in contents.items if not entry.is_empty)
    cover_context = {"contents": contents, "title": title, "issued_on": timezone.localdate()}
    cover_body = _fragment("cover.html", cover_context)
    cover = render([cover_body], section="The cover")
    progress(1, total)

    item_parts: list[Part] = []
    starts: dict[int, int] = {}  # counted from the first page after the agenda
    next_page = 0
    done = 1
    for entry in contents.items:
        if entry.is_empty:
            continue
        item = entry.item
        key = f"item-{item.pk}"
        parts = []
        if entry.has_section:
            body = _fragment("item.html", {"entry": entry, "contents": contents})
            section = f"Item {item.position}, {item.title},"
            parts.append(
                Part(render([body], section=section), f"{item.position}. {item.title}", key=key)
            )
        for paper in entry.pdf_papers:
            source = f"Paper {paper.label} ({paper.original_name})"
            try:
                with paper.document.open("rb") as handle:
                    data = handle.read()
            except OSError as error:
                raise PackError(f"{source} is missing from storage: upload it again.") from error
            label = f"{paper.label}) {paper.title}"
            if not parts:  # the item's outline entry opens on its first paper
                parts.append(Part(b"", f"{item.position}. {item.title}", key=key))
            parts.append(Part(data, label, parent=key, source=source))
        starts[item.pk] = next_page
        for part in parts:
            next_page += part.pages
        item_parts += parts
        done += 1
        progress(done, total)

    # The agenda comes before the pages it numbers, so its own length moves them: render it
    # on the likeliest length (a page per 12 items) and again only if that was wrong.
    cover_pages = pack_pdf.page_count(cover)
    agenda_pages = 1 + (len(contents.items) - 1) // 12
    for _attempt in range(3):
        front = cover_pages + agenda_pages
        agenda_body, agenda = _agenda(contents, render, _numbered(starts, front))
        if pack_pdf.page_count(agenda) == agenda_pages:
            break
        agenda_pages = pack_pdf.page_count(agenda)
    else:
        raise PackError("The agenda's page numbers would not settle: build the pack again.")
    progress(done + 1, total)
    render.bodies.insert(1, agenda_body)
    parts = [Part(cover, "Cover"), Part(agenda, "Agenda")] + item_parts
    pages = front + next_page
    footer = _footer(render, meeting, pages)
    pdf = pack_pdf.merge(parts, footer=footer, title=title, lang="en-GB")
    progress(total, total)
    return Rendered(pdf, pages, render.seconds, render.bodies)


def footer_label(meeting: Meeting) -> str:
    return f"{meeting.board.short_name} – {meeting.date:%-d %B %Y}"


def _footer(render: _Renderer, meeting: Meeting, pages: int) -> bytes:
    """The running footer alone, one page per page of the pack, stamped onto them afterwards.

    Rendered untagged: it is marked as an artifact when stamped, and tagged text inside an
    artifact would be invalid."""
    context = {"label": footer_label(meeting), "pages": range(1, pages + 1)}
    return render.render(
        "boards/pack/pdf/footer.html", context, section="The page footers", tagged=False
    )


FAILED = (
    "Something went wrong while building the pack. Try again; if it fails again, tell the site's "
    "administrators."
)


def pack_build(*, pack_id: int) -> bool:
    """Build a pack, if no other worker holds it. Returns False if another worker had it, or
    took it over, or the build failed (the pack then says why)."""
    attempt = pack_claim(pack_id=pack_id)
    if attempt is None:
        return False
    started = time.perf_counter()
    pack = MeetingPack.objects.select_related("meeting__board").get(pk=pack_id)

    def progress(done: int, total: int) -> None:
        pack_renew(pack_id=pack_id, attempt=attempt, steps_done=done, steps_total=total)

    def renew() -> None:
        pack_renew(pack_id=pack_id, attempt=attempt)

    try:
        contents = contents_of(pack)
        rendered = render_pack(contents, progress, renew)
    except LeaseLost:
        logger.warning("Meeting pack %s was taken over by another worker: stopped", pack_id)
        return False
    except Exception as error:
        # The details are for the log; the pack says what failed and what to do.
        logger.exception("Meeting pack %s failed", pack_id)
        MeetingPack.objects.filter(
            pk=pack_id, status=MeetingPack.Status.BUILDING, attempts=attempt
        ).update(
            status=MeetingPack.Status.FAILED,
            error=str(error) if isinstance(error, PackError) else FAILED,
            finished_at=timezone.now(),
            lease_expires_at=None,
        )
        return False
    pack.file.save(pack.filename, ContentFile(rendered.pdf), save=False)
    # Label the pack with what it was built from (a retry builds the inputs as they are now),
    # unless another pack already holds that fingerprint.
    built_from = pack_fingerprint(contents)
    taken = MeetingPack.objects.filter(
        meeting_id=pack.meeting_id, public=pack.public, fingerprint=built_from
    ).exclude(pk=pack_id)
    stored = MeetingPack.objects.filter(
        pk=pack_id, status=MeetingPack.Status.BUILDING, attempts=attempt
    ).update(
        fingerprint=pack.fingerprint if taken.exists() else built_from,
        status=MeetingPack.Status.READY,
        file=pack.file.name,
        page_count=rendered.pages,
        render_seconds=rendered.render_seconds,
        build_seconds=time.perf_counter() - started,
        finished_at=timezone.now(),
        lease_expires_at=None,
    )
    if not stored:  # taken over meanwhile: the other worker's file is the pack's
        pack.file.delete(save=False)
        return False
    _discard_older(pack)
    return True


def _discard_older(pack: MeetingPack) -> None:
    """Packs of the same meeting built from older inputs are no longer offered: free their files.
    The published agenda pack stays on the public pages until a newer one is published."""
    older = MeetingPack.objects.filter(
        meeting_id=pack.meeting_id, public=pack.public, created_at__lt=pack.created_at
    ).exclude(status__in=[MeetingPack.Status.QUEUED, MeetingPack.Status.BUILDING])
    if not MeetingPack.objects.filter(pk=pack.pk, published_at__isnull=False).exists():
        older = older.filter(published_at__isnull=True)
    for old in older:
        if old.file:
            old.file.delete(save=False)
    older.delete()
