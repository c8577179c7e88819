"""A partnership with a row in every table and every field that may be empty left empty.

Rows reached only through such a field are the ones an archive is most likely to drop. A
few records are deleted afterwards, so that history outlives them (and, for the agenda item
of a deleted meeting, outlives its parent too).
"""

import datetime

from django.core.files.base import ContentFile

from actions.models import DueDateChange, ReminderSent
from boards.models import (
    Declaration,
    MeetingPack,
    MeetingReply,
    MinutesAmendment,
    Paper,
    Partnership,
    TermsOfReference,
)
from risks.models import RiskBand, RiskEvent, RiskMatrix
from strategy.models import (
    HighlightReportReminder,
    NextStep,
    PlanChecklistItem,
    ProgressUpdate,
    RagChange,
    SignOffStep,
    Slippage,
    StrategyVersion,
)
from tests.actions.factories import ActionFactory, ActionUpdateFactory
from tests.boards.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    ForwardPlanItemFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
    pdf_upload,
)
from tests.risks.factories import RiskFactory, RiskReviewFactory
from tests.strategy.factories import (
    ChecklistItemFactory,
    HighlightReportFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlanActionFactory,
    PlanFactory,
    PriorityFactory,
)


def partnership_with_empty_fields(slug: str = "sparse") -> Partnership:
    partnership = PartnershipFactory(slug=slug, name=f"Sparse {slug}")
    author = UserFactory(username=f"{slug}-author")
    OrganisationFactory(partnership=partnership)
    person = PersonFactory(partnership=partnership, organisation=None, user=None)
    board = BoardFactory(partnership=partnership, parent=None)
    TermsOfReference.objects.create(
        board=board, version_label="v1", document=pdf_upload("tor.pdf", b"%PDF-1.4 terms")
    )
    MembershipFactory(board=board, person=person)
    meeting = MeetingFactory(board=board, ends_at=None)
    item = AgendaItemFactory(meeting=meeting, presenter=None)
    Paper.objects.create(
        agenda_item=item,
        label="1a",
        title="Paper",
        document=pdf_upload("paper.pdf", b"%PDF-1.4 paper"),
        original_name="paper.pdf",
        content_type="application/pdf",
        size=14,
    )
    MeetingPack.objects.create(
        meeting=meeting, fingerprint="f1", file=ContentFile(b"%PDF", "p.pdf")
    )
    ForwardPlanItemFactory(board=board)
    AttendanceFactory(meeting=meeting, person=person)
    MeetingReply.objects.create(meeting=meeting, person=person, answer="apologies")
    Declaration.objects.create(meeting=meeting)
    minutes = MinutesFactory(meeting=meeting)
    MinutesAmendment.objects.create(
        minutes=minutes, agenda_item=item, text="Amended.", reason="Typo.", author=author
    )

    action = ActionFactory(board=board, due_date=None, original_due_date=None)
    action.owners.add(person)
    ActionUpdateFactory(action=action)
    DueDateChange.objects.create(action=action, new_date=datetime.date(2024, 1, 1), reason="Later")
    ReminderSent.objects.create(person=person, sent_on=datetime.date(2024, 1, 1)).actions.add(
        action
    )

    matrix = RiskMatrix.objects.create(partnership=partnership)
    RiskBand.objects.create(matrix=matrix, key="low", lowest=1, highest=25, label="Low", colour="x")
    risk = RiskFactory(board=board, review_date=None)
    risk.mitigating_actions.add(action)
    RiskReviewFactory(risk=risk)
    RiskEvent.objects.create(risk=risk, kind="reviewed")

    plan = PlanFactory(partnership=partnership, owner_board=board, period_start=None)
    priority = PriorityFactory(plan=plan, sro=None)
    plan_action = PlanActionFactory(priority=priority, lead=None, due_date=None)
    ProgressUpdate.objects.create(priority=priority, text="Progress.")
    ProgressUpdate.objects.create(action=plan_action, text="Progress.")
    RagChange.objects.create(action=plan_action, new_rag="red", reason="Slipped.")
    Slippage.objects.create(action=plan_action, new_date=datetime.date(2024, 1, 1), reason="Late")
    StrategyVersion.objects.create(plan=plan, number=1)
    SignOffStep.objects.create(plan=plan, position=1, activity="Sign off")
    PlanChecklistItem.objects.create(plan=plan, item=ChecklistItemFactory(partnership=partnership))
    indicator = IndicatorFactory(partnership=partnership, target=None)
    IndicatorValueFactory(indicator=indicator)
    report = HighlightReportFactory(priority=priority, meeting=meeting)
    NextStep.objects.create(report=report, activity="Next", by_when=datetime.date(2024, 1, 1))
    HighlightReportReminder.objects.create(priority=priority, meeting=meeting, sent_to="a@b.org")

    # History that outlives its records: an item, and a meeting with the item it held.
    AgendaItemFactory(meeting=meeting).delete()
    gone = MeetingFactory(board=board)
    AgendaItemFactory(meeting=gone, presenter=person)
    gone.delete()
    return partnership
