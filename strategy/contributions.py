"""What the strategy app adds to boards' pages and documents, through core.registry."""

from django.urls import reverse

from boards.access import Need
from core.registry import Section, WorkRows, WorkSection


def board_plans(request, board):
    """The plans the board owns, on its page."""
    from boards import access

    can_view = access.can(request.access, board, Need.VIEW)
    # The board page's own list of meetings, given to the board: no second query.
    upcoming = board.upcoming_meetings if can_view else []
    scheduled = [meeting for meeting in upcoming if meeting.status == meeting.Status.SCHEDULED]
    return Section(
        template="strategy/partials/board_plans.html",
        context={
            "plans": list(board.plans.all()),
            "plans_url": reverse("strategy:plans", args=[board.partnership.slug]),
            "dashboard_url": reverse("strategy:dashboard", args=[board.partnership.slug]),
            "report_meetings": scheduled[:3],
        },
    )


def pack_highlight_reports(meeting, item, public: bool):
    """Submitted highlight reports presented under the item, in the chair's pack."""
    from .documents import highlight_reports_html

    return highlight_reports_html(meeting, item)


def item_highlight_reports(request, meeting, item):
    """Under an agenda item on the minute-taking screen: the reports presented under it."""
    by_item = request.access.answer(
        ("highlight reports by item", meeting.pk), lambda: _reports_by_item(meeting)
    )
    reports = by_item.get(item.pk)
    if not reports:
        return None
    return Section("strategy/partials/item_reports.html", {"reports": reports})


def work_plan_actions(you) -> WorkRows:
    """ "Your work": the plan actions the person leads, or owns as their priority's SRO."""
    from . import selectors

    rows, counts = selectors.plan_actions_owned(you.person_ids, today=you.today)
    return WorkRows(rows=rows, count=counts["count"], late=counts["late"])


def work_highlight_reports(you) -> WorkRows:
    """ "Your work": the highlight reports the person owes as SRO, due or late."""
    from . import selectors

    rows = selectors.highlight_reports_due(you.person_ids, today=you.today)
    return WorkRows(rows=rows, count=len(rows), late=sum(1 for row in rows if row.late))


WORK_SECTIONS = [
    WorkSection(
        key="plan-actions",
        title="Your plan actions",
        template="strategy/partials/work_plan_actions.html",
        empty="You lead no plan actions that are still to complete.",
        rows=work_plan_actions,
        order=50,
    ),
    WorkSection(
        key="highlight-reports",
        title="Highlight reports to write",
        template="strategy/partials/work_highlight_reports.html",
        empty="No highlight reports are due from you.",
        rows=work_highlight_reports,
        order=60,
        late_label="late",
    ),
]


def _reports_by_item(meeting) -> dict[int, list]:
    from .models import HighlightReport

    by_item: dict[int, list] = {}
    reports = HighlightReport.objects.filter(meeting=meeting, agenda_item__isnull=False)
    for report in reports.select_related("priority"):
        by_item.setdefault(report.agenda_item_id, []).append(report)
    return by_item
