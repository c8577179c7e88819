"""Each kind of record, written through its service, is found; changed, it is found as changed."""

import datetime

import pytest

from actions.services.log import action_create
from actions.services.updates import action_update_add
from boards import search
from boards.models import SearchDocument
from boards.services import meetings as meeting_services
from boards.services import minutes as minutes_services
from risks import services as risk_services
from strategy import services as strategy_services
from strategy.models import HighlightReport
from tests.boards.factories import AgendaItemFactory, MeetingFactory, PersonFactory
from tests.strategy.factories import PlanFactory, PriorityFactory

from .helpers import results, titles

pytestmark = pytest.mark.django_db


SCORES = {
    f"{stage}_{measure}": 3
    for stage in ("inherent", "current", "target")
    for measure in ("likelihood", "impact")
}


@pytest.fixture
def item(board):
    meeting = MeetingFactory(board=board, date=datetime.date(2025, 3, 6))
    return AgendaItemFactory(meeting=meeting, position=4, title="Short breaks")


def _minute(item, text, decision="", user=None):
    return minutes_services.minutes_record(
        item=item, minutes_text=text, decision=decision, expected_version=None, user=user
    )


def test_a_minutes_item_is_found_and_found_again_as_rewritten(member, item):
    _minute(item, "The board discussed the commissioning of short breaks.")
    assert titles(member, "commissioning") == ["4. Short breaks"]
    _minute(item.__class__.objects.get(pk=item.pk), "The board noted the respite review.")
    assert titles(member, "commissioning") == []
    assert titles(member, "respite") == ["4. Short breaks"]


def test_a_decision_is_found_on_its_own(member, item):
    _minute(item, "Discussed.", decision="Approved the sufficiency statement.")
    found = {
        (result.document.kind, result.document.title) for result in results(member, "sufficiency")
    }
    assert found == {(SearchDocument.Kind.DECISION, "Short breaks")}


def test_an_amendment_to_approved_minutes_is_found(member, item, secretary):
    _minute(item, "Original wording.")
    meeting = item.meeting
    minutes = minutes_services.minutes_of(meeting)
    minutes.status = minutes.Status.APPROVED
    minutes.save()
    minutes_services.minutes_amend(
        item=item, text="Corrected: the hydrotherapy pool", reason="Typo", user=secretary.user
    )
    assert titles(member, "hydrotherapy") == ["4. Short breaks"]


def test_an_action_and_its_update_are_found_by_reference_initials_and_words(member, board, item):
    owner = PersonFactory(partnership=board.partnership, name="Gary Bloom", initials="GB")
    action = action_create(
        board=board,
        description="Produce a paper on transport eligibility",
        owners=[owner],
        raised_at_item=item,
        reference="105",
    )
    action_update_add(action=action, text="Draft shared with the ICB", author=None)
    assert titles(member, "105", kind="action") == ["Action 105"]
    assert set(titles(member, "105")) == {"Action 105", "Update to action 105"}
    assert titles(member, "GB eligibility") == ["Action 105"]
    assert titles(member, "draft ICB") == ["Update to action 105"]


def test_a_risk_is_found_by_its_reference_and_changes(member, board, secretary):
    risk = risk_services.risk_create(
        board=board,
        by=secretary.user,
        fields={"title": "Workforce shortages", **SCORES},
    )
    assert titles(member, risk.reference) == [f"{risk.reference} Workforce shortages"]
    risk_services.risk_update(
        risk=risk, by=secretary.user, expected_version=None, fields={"title": "Recruitment gap"}
    )
    assert titles(member, "workforce") == []
    assert titles(member, "recruitment") == [f"{risk.reference} Recruitment gap"]


def test_plan_actions_and_highlight_reports_are_found(member, board, item, secretary):
    plan = PlanFactory(partnership=board.partnership, owner_board=board)
    priority = PriorityFactory(plan=plan, title="Preparing for adulthood")
    action = strategy_services.plan_action_create(
        action=priority.actions.model(priority=priority, text="Map supported internships")
    )
    assert titles(member, "internships") == [f"Plan action {action.reference}"]
    strategy_services.highlight_report_save(
        priority=priority,
        meeting=item.meeting,
        fields={"rag": "amber", "summary": "Apprenticeship pathway agreed"},
        next_steps=[],
        submit=True,
        user=secretary.user,
        expected_version=0,
    )
    assert titles(member, "apprenticeship") == ["Highlight report: Preparing for adulthood"]


def test_a_draft_highlight_report_is_not_found(member, board, item, secretary):
    plan = PlanFactory(partnership=board.partnership, owner_board=board)
    priority = PriorityFactory(plan=plan)
    strategy_services.highlight_report_save(
        priority=priority,
        meeting=item.meeting,
        fields={"rag": "amber", "summary": "Unfinished apprenticeship notes"},
        next_steps=[],
        submit=False,
        user=secretary.user,
        expected_version=0,
    )
    assert HighlightReport.objects.count() == 1
    assert titles(member, "apprenticeship") == []


def test_a_paper_is_found_by_its_title_and_gone_once_removed(member, item, secretary):
    from tests.boards.factories import pdf_upload

    paper = meeting_services.paper_add(
        item=item,
        upload=pdf_upload(),
        label="4a",
        title="Sufficiency assessment",
        content_type="application/pdf",
        user=secretary.user,
    )
    assert titles(member, "sufficiency") == ["4a) Sufficiency assessment"]
    meeting_services.paper_remove(paper=paper)
    assert titles(member, "sufficiency") == []


def test_moving_an_item_moves_its_link_to_the_minutes(member, item):
    AgendaItemFactory(meeting=item.meeting, position=3, title="Before")
    _minute(item, "Transport policy.")
    meeting_services.agenda_item_move(item=item, direction="up")
    [result] = results(member, "transport")
    assert result.document.title == "3. Short breaks"
    assert result.url.endswith("#minutes-item-3")


def test_rebuilding_the_index_finds_what_was_written_around_the_services(member, board, item):
    PersonFactory(partnership=board.partnership, name="Lorraine Mallory", initials="L-MM")
    item.minutes_text = "Written straight to the table: the portage service."
    item.save()
    assert titles(member, "portage") == []
    counts = search.rebuild()
    assert counts["boards"] >= 3  # two boards, people, and the item
    assert titles(member, "portage") == ["4. Short breaks"]
    assert titles(member, "Mallory") == ["Lorraine Mallory (L-MM)"]


def test_people_are_found_by_their_organisations_new_name(member, board, staff):
    from django.urls import reverse

    from tests.boards.factories import OrganisationFactory

    organisation = OrganisationFactory(partnership=board.partnership, name="Southend Council")
    PersonFactory(
        partnership=board.partnership,
        name="Lorraine Mallory",
        initials="LM",
        organisation=organisation,
    )
    search.rebuild()
    assert titles(member, "Council") == ["Lorraine Mallory (LM)"]

    edit = reverse("boards:organisation_edit", args=[board.partnership.slug, organisation.pk])
    response = staff.post(
        edit,
        {
            "name": "Southend Trust",
            "short_name": "",
            "kind": "other",
            "version": organisation.version,
        },
    )
    assert response.status_code == 302
    assert titles(member, "Council") == []
    assert titles(member, "Trust") == ["Lorraine Mallory (LM)"]
