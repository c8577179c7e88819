"""What the risk register adds to boards' pages: the board page summary and a meeting's risk log."""

from django.http import QueryDict
from django.urls import reverse

from boards import access
from boards.access import Need
from boards.models import Person
from core.paging import page_of
from core.registry import Section, WorkRows, WorkSection

from . import selectors
from .forms import ReviewForm
from .models import Risk, RiskMatrix


def board_section(request, board):
    """The board page: counts per band and the heat map, linked to the register."""
    if not access.can(request.access, board, Need.VIEW):
        return None
    matrix = RiskMatrix.for_partnership(board.partnership)
    register = reverse("risks:board_register", args=[board.partnership.slug, board.slug])
    heat = selectors.heat_map(
        selectors.risks_of([board]).exclude(status=Risk.Status.CLOSED),
        matrix,
        query=QueryDict(mutable=True),
        base=register,
    )
    return Section(
        template="risks/partials/board_section.html",
        context={
            "register_url": register,
            "add_url": reverse("risks:add", args=[board.partnership.slug, board.slug]),
            "band_counts": selectors.band_counts(heat, matrix),
            "heat": heat,
            "can_add": access.can(request.access, board, Need.EDIT),
        },
    )


def _reviewer_choices(request, meeting) -> tuple[Person | None, list[Person]]:
    """The user's own person record (the default reviewer) and everyone they may choose."""
    people = list(Person.objects.filter(partnership_id=meeting.board.partnership_id))
    me = next((p for p in people if p.user_id == request.user.pk), None)
    return me, people


def review_form(request, meeting, risk, *, choices=None) -> ReviewForm:
    """The form to review one risk at the meeting, as it opens: scored as the risk stands."""
    me, people = choices or _reviewer_choices(request, meeting)
    return ReviewForm(
        risk=risk,
        with_meeting=False,
        prefix=f"risk-{risk.pk}",
        reviewed_on=meeting.date,
        # At the meeting the owner usually presents their risk; else whoever records it.
        reviewer=next((p for p in people if p.pk == risk.owner_id), me),
        people=people,
        meeting=meeting,
    )


def risk_log_card(request, meeting, risk, *, reviewed_ids, matrix, form=None) -> dict:
    """One risk on the log, one line; its review form is fetched when the line is opened, and
    given here only when it is shown again with its errors."""
    [risk] = selectors.with_bands([risk], matrix)
    can_review = access.can(request.access, meeting.board, Need.EDIT) and not meeting.minutes_frozen
    return {
        "risk": risk,
        "reviewed": risk.pk in reviewed_ids,
        "form": form,
        "can_review": can_review,
    }


RISKS_PER_PAGE = 20


def risk_log_context(request, meeting) -> dict:
    """One page (`?page=`) of the risk log item: a board with many risks due keeps the meeting's
    pages small. Also whether to say that reviews go to the next meeting."""
    rows = selectors.risk_log_rows(meeting)
    page = page_of(request, rows, RISKS_PER_PAGE, columns=selectors.register_rows())
    risks = list(page)
    cards = []
    if risks:
        matrix = RiskMatrix.for_partnership(meeting.board.partnership)
        reviewed_ids = selectors.reviewed_ids(meeting)
        cards = [
            risk_log_card(request, meeting, risk, reviewed_ids=reviewed_ids, matrix=matrix)
            for risk in risks
        ]
    return {
        "meeting": meeting,
        "cards": cards,
        "page": page,
        "can_edit": access.can(request.access, meeting.board, Need.EDIT),
        "frozen": meeting.minutes_frozen,
    }


def meeting_section(request, meeting, item):
    return Section(
        template="risks/partials/risk_log_section.html",
        context=risk_log_context(request, meeting),
    )


def work_risks(you) -> WorkRows:
    """ "Your work": the risks the person owns that are due for review."""
    rows, counts = selectors.risks_due_for_review(you.person_ids, today=you.today)
    return WorkRows(rows=rows, count=counts["count"], late=counts["late"])


WORK_SECTION = WorkSection(
    key="risks",
    title="Your risks due for review",
    template="risks/partials/work_risks.html",
    empty=f"None of the risks you own is due for review in the next "
    f"{selectors.REVIEW_SOON_DAYS} days.",
    rows=work_risks,
    order=70,
    late_label="review overdue",
)
