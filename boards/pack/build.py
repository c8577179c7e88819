"""Building a pack in the worker: claiming it under a lease, rendering it section by section,
storing the PDF. The lease is renewed before each section; a worker whose lease was taken over
stops without writing."""

import datetime
import logging
import time
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from core import documents

from ..models import Meeting, MeetingPack
from . import pdf as pack_pdf
from .contents import Contents, contents_of, pack_fingerprint
from .pdf import PackError, Part

logger = logging.getLogger(__name__)

# The building worker renews its lease before every section; each render is stopped after
# SECTION_SECONDS, so a live worker always renews in time and a dead one is noticed within LEASE.
LEASE = datetime.timedelta(minutes=2)
SECTION_SECONDS = 60
SECTION_TEMPLATE = "boards/pack/pdf/section.html"


class LeaseLost(Exception):
    """Another worker took the pack over, this one having been taken for dead."""


def lease_expired(now) -> Q:
    # A build without a lease was claimed before leases existed: taken as expired.
    return Q(status=MeetingPack.Status.BUILDING) & (
        Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True)
    )


def pack_claim(*, pack_id: int) -> int | None:
    """Take a pack for building: a queued one, or one whose builder's lease has run out. One
    UPDATE decides, so of two workers only one wins. Returns the number of this attempt, under
    which the lease is renewed, or None if the pack was not there to take."""
    now = timezone.now()
    claimed = MeetingPack.objects.filter(
        Q(status=MeetingPack.Status.QUEUED) | lease_expired(now), pk=pack_id
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
    discard_older(pack)
    return True


def discard_older(pack: MeetingPack) -> None:
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
