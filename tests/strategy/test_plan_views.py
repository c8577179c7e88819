import datetime

import pytest
from django.urls import reverse

from boards.models import Person
from strategy.models import Plan, PlanAction, Priority, Rag, RagChange, Slippage

from .factories import (
    ChecklistItemFactory,
    PlanActionFactory,
    PlanFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(board):
    return PlanFactory(owner_board=board, title="Post-Inspection Strategic Action Plan")


@pytest.fixture
def sro_priority(plan, sro):
    return PriorityFactory(plan=plan, sro=Person.objects.get(user=sro.user), rag=Rag.GREEN)


def test_outsider_gets_404_for_plans_of_another_partnership(outsider, plan, sro_priority):
    action = PlanActionFactory(priority=sro_priority)
    for url in [
        reverse("strategy:plans", args=["southend"]),
        reverse("strategy:plan", args=[plan.pk]),
        reverse("strategy:priority", args=[sro_priority.pk]),
        reverse("strategy:action", args=[action.pk]),
        reverse("strategy:priority_rag", args=[sro_priority.pk]),
        reverse("strategy:progress_report_pdf", args=[plan.pk]),
        reverse("strategy:governance", args=[plan.pk]),
    ]:
        assert outsider.get(url).status_code == 404, url


def test_member_reads_the_plan_but_may_not_change_it(member, plan, sro_priority):
    assert member.get(reverse("strategy:plan", args=[plan.pk])).status_code == 200
    assert member.get(reverse("strategy:plan_edit", args=[plan.pk])).status_code == 403
    assert member.get(reverse("strategy:priority_add", args=[plan.pk])).status_code == 403
    response = member.post(
        reverse("strategy:priority_rag", args=[sro_priority.pk]),
        {"rag": Rag.RED, "reason": "x", "version": 1},
    )
    assert response.status_code == 403
    assert member.post(reverse("strategy:sign_off", args=[plan.pk])).status_code == 403
    sro_priority.refresh_from_db()
    assert sro_priority.rag == Rag.GREEN


def test_post_only_views_refuse_get(chair, secretary, plan):
    assert chair.get(reverse("strategy:sign_off", args=[plan.pk])).status_code == 405
    assert secretary.get(reverse("strategy:checklist_sync", args=[plan.pk])).status_code == 405


def test_secretary_adds_a_plan_which_gets_the_partnership_checklist(secretary, board):
    ChecklistItemFactory(partnership=board.partnership, title="Co-production")
    response = secretary.post(
        reverse("strategy:plan_add", args=["southend"]),
        {
            "kind": Plan.Kind.STRATEGY,
            "title": "SEND Strategy 2021-24",
            "owner_board": board.pk,
            "period_start": "2021-09-01",
            "period_end": "2024-08-31",
        },
    )
    plan = Plan.objects.get(title="SEND Strategy 2021-24")
    assert response.status_code == 302
    assert [str(entry) for entry in plan.checklist.all()] == ["Co-production"]


def test_sro_changes_the_rag_of_their_priority_with_a_reason_shown_in_history(sro, sro_priority):
    url = reverse("strategy:priority_rag", args=[sro_priority.pk])
    assert sro.get(url).status_code == 200
    response = sro.post(url, {"rag": Rag.AMBER, "reason": "EP shortage", "version": 1})
    assert response.status_code == 302
    sro_priority.refresh_from_db()
    assert sro_priority.rag == Rag.AMBER
    change = RagChange.objects.get(priority=sro_priority)
    assert change.author == sro.user and change.reason == "EP shortage"
    page = sro.get(sro_priority.get_absolute_url()).content.decode()
    assert "EP shortage" in page and "At risk" in page and "On track" in page


def test_rag_change_without_reason_is_shown_again_with_the_error(sro, sro_priority):
    url = reverse("strategy:priority_rag", args=[sro_priority.pk])
    response = sro.post(url, {"rag": Rag.RED, "reason": "", "version": 1})
    assert response.status_code == 200
    assert "Enter the reason for the change" in response.content.decode()
    assert not RagChange.objects.exists()


def test_stale_rag_change_is_refused_not_overwritten(sro, sro_priority):
    url = reverse("strategy:priority_rag", args=[sro_priority.pk])
    sro.post(url, {"rag": Rag.AMBER, "reason": "first", "version": 1})
    response = sro.post(url, {"rag": Rag.RED, "reason": "second", "version": 1})
    assert response.status_code == 200
    assert "Someone else changed this" in response.content.decode()
    sro_priority.refresh_from_db()
    assert sro_priority.rag == Rag.AMBER


def test_after_a_rag_conflict_the_reason_is_kept_and_saving_again_goes_ahead(sro, sro_priority):
    url = reverse("strategy:priority_rag", args=[sro_priority.pk])
    theirs = {"rag": Rag.AMBER, "reason": "EP shortage", "version": 1}
    assert sro.post(url, theirs).status_code == 302
    mine = {"rag": Rag.RED, "reason": "Locum funding withdrawn", "version": 1}
    response = sro.post(url, mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "the RAG status is now At risk" in page and "Locum funding withdrawn" in page
    sro_priority.refresh_from_db()
    assert sro_priority.rag == Rag.AMBER
    # The form now carries the version saved meanwhile: sending it again goes ahead.
    shown = response.context["form"]["version"].value()
    assert sro.post(url, {**mine, "version": shown}).status_code == 302
    sro_priority.refresh_from_db()
    assert sro_priority.rag == Rag.RED
    assert RagChange.objects.filter(priority=sro_priority).count() == 2


def test_action_lead_reschedules_with_a_reason_and_the_plan_shows_the_slippage(
    client, secretary, plan
):
    priority = PriorityFactory(plan=plan)
    action = PlanActionFactory(priority=priority, due_date=datetime.date(2023, 11, 30))
    url = reverse("strategy:reschedule", args=[action.pk])
    refused = secretary.post(url, {"new_date": "2024-02-29", "reason": "", "version": 1})
    assert refused.status_code == 200
    response = secretary.post(
        url, {"new_date": "2024-02-29", "reason": "EP locums not yet in post", "version": 1}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_date == datetime.date(2024, 2, 29)
    assert action.original_due_date == datetime.date(2023, 11, 30)
    assert Slippage.objects.get(action=action).reason == "EP locums not yet in post"
    page = secretary.get(plan.get_absolute_url()).content.decode()
    assert "Slipped" in page and "EP locums not yet in post" in page


def test_after_a_reschedule_conflict_the_reason_is_kept_and_saving_again_goes_ahead(
    secretary, plan
):
    action = PlanActionFactory(
        priority=PriorityFactory(plan=plan), due_date=datetime.date(2023, 11, 30)
    )
    url = reverse("strategy:reschedule", args=[action.pk])
    theirs = {"new_date": "2024-01-31", "reason": "Recruitment delayed", "version": 1}
    assert secretary.post(url, theirs).status_code == 302
    mine = {"new_date": "2024-02-29", "reason": "EP locums not yet in post", "version": 1}
    response = secretary.post(url, mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "the due date is now 31 January 2024" in page and "EP locums not yet in post" in page
    action.refresh_from_db()
    assert action.due_date == datetime.date(2024, 1, 31)
    shown = response.context["form"]["version"].value()
    assert secretary.post(url, {**mine, "version": shown}).status_code == 302
    action.refresh_from_db()
    assert action.due_date == datetime.date(2024, 2, 29)
    assert action.original_due_date == datetime.date(2023, 11, 30)
    assert Slippage.objects.filter(action=action).count() == 2


def test_slipped_filter_shows_only_actions_whose_date_moved(member, plan):
    priority = PriorityFactory(plan=plan)
    PlanActionFactory(priority=priority, text="Kept to time")
    PlanActionFactory(
        priority=priority,
        text="Moved later",
        due_date=datetime.date(2024, 6, 30),
        original_due_date=datetime.date(2024, 1, 31),
    )
    page = member.get(plan.get_absolute_url(), {"slipped": "on"}).content.decode()
    assert "Moved later" in page and "Kept to time" not in page
    page = member.get(plan.get_absolute_url()).content.decode()
    assert "Moved later" in page and "Kept to time" in page


def test_secretary_adds_a_priority_and_an_action_keeping_its_first_due_date(secretary, plan):
    response = secretary.post(
        reverse("strategy:priority_add", args=[plan.pk]),
        {"number": 1, "title": "Leadership", "text": "Leaders drive improvement"},
    )
    assert response.status_code == 302
    priority = Priority.objects.get(plan=plan)
    response = secretary.post(
        reverse("strategy:action_add", args=[priority.pk]),
        {"text": "Revise governance", "milestone": "4_month", "due_date": "2023-11-21"},
    )
    assert response.status_code == 302
    action = PlanAction.objects.get(priority=priority)
    assert action.number == 1
    assert action.original_due_date == datetime.date(2023, 11, 21)


def test_progress_update_is_added_by_the_sro(sro, sro_priority):
    response = sro.post(
        reverse("strategy:priority_progress", args=[sro_priority.pk]),
        {"written_on": "2024-02-01", "text": "JSNA on track with phase 1 draft by Feb"},
    )
    assert response.status_code == 302
    update = sro_priority.updates.get()
    assert update.author == sro.user and update.written_on == datetime.date(2024, 2, 1)


def test_sign_off_view_shows_why_it_is_refused(chair, plan):
    ChecklistItemFactory(partnership=plan.partnership, title="Accessible formats")
    from strategy.services import plan_checklist_sync

    plan_checklist_sync(plan=plan)
    response = chair.post(reverse("strategy:sign_off", args=[plan.pk]), follow=True)
    assert "cannot be signed off while these are open: Accessible formats" in (
        response.content.decode()
    )
    plan.refresh_from_db()
    assert not plan.is_signed_off


def test_the_secretary_may_not_sign_off_and_is_told_who_does(secretary, chair, plan):
    url = reverse("strategy:sign_off", args=[plan.pk])
    governance = reverse("strategy:governance", args=[plan.pk])
    page = secretary.get(governance).content.decode()
    assert url not in page
    assert "Only the chair or vice-chair of SSPB signs the plan off." in page
    assert secretary.post(url).status_code == 403
    plan.refresh_from_db()
    assert not plan.is_signed_off
    assert url in chair.get(governance).content.decode()


def test_secretary_marks_checklist_done_and_chair_signs_off(secretary, chair, plan):
    ChecklistItemFactory(partnership=plan.partnership, title="Consultation")
    from strategy.services import plan_checklist_sync

    plan_checklist_sync(plan=plan)
    entry = plan.checklist.get()
    secretary.post(
        reverse("strategy:checklist_mark", args=[entry.pk]),
        {f"{entry.pk}-done": "on", f"{entry.pk}-evidence": "Survey", f"{entry.pk}-version": 1},
    )
    entry.refresh_from_db()
    assert entry.is_done and entry.evidence == "Survey"
    chair.post(reverse("strategy:sign_off", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.is_signed_off and plan.signed_off_by == chair.user


def test_marking_done_an_item_someone_else_changed_keeps_the_evidence_typed(secretary, plan):
    ChecklistItemFactory(partnership=plan.partnership, title="Consultation")
    from strategy.services import plan_checklist_sync

    plan_checklist_sync(plan=plan)
    entry = plan.checklist.get()
    url = reverse("strategy:checklist_mark", args=[entry.pk])
    theirs = {f"{entry.pk}-done": "on", f"{entry.pk}-evidence": "Survey", f"{entry.pk}-version": 1}
    assert secretary.post(url, theirs).status_code == 302
    mine = {**theirs, f"{entry.pk}-evidence": "Parent carer forum minutes, 12 March"}
    response = secretary.post(url, mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this while you were editing it: it is now done" in page
    assert 'value="Parent carer forum minutes, 12 March"' in page
    entry.refresh_from_db()
    assert entry.evidence == "Survey"
    # The form now carries the version saved meanwhile: marking it done again keeps mine.
    assert f'name="{entry.pk}-version" value="2"' in page
    assert secretary.post(url, {**mine, f"{entry.pk}-version": 2}).status_code == 302
    entry.refresh_from_db()
    assert entry.evidence == "Parent carer forum minutes, 12 March" and entry.version == 3


def test_plan_page_queries_do_not_grow_with_rows(member, plan, django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            priority = PriorityFactory(plan=plan)
            PlanActionFactory(priority=priority)
            PlanActionFactory(priority=priority, original_due_date=datetime.date(2023, 1, 1))

    add(2)
    with django_assert_max_num_queries(20) as small:
        member.get(plan.get_absolute_url())
    add(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert member.get(plan.get_absolute_url()).status_code == 200


def test_plan_list_queries_do_not_grow(member, board, django_assert_max_num_queries):
    PlanFactory(owner_board=board)
    with django_assert_max_num_queries(20) as small:
        member.get(reverse("strategy:plans", args=["southend"]))
    for _ in range(6):
        PlanFactory(owner_board=board)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert member.get(reverse("strategy:plans", args=["southend"])).status_code == 200


def test_progress_report_as_pdf_and_word(member, plan, sro_priority):
    from strategy.services import progress_update_add

    progress_update_add(target=sro_priority, text="Revised governance in place", user=None)
    pdf = member.get(reverse("strategy:progress_report_pdf", args=[plan.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    word = member.get(reverse("strategy:progress_report_docx", args=[plan.pk]))
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "Revised governance in place" in text and "On track" in text


def test_board_page_lists_the_plans_it_owns(member, board, plan):
    page = member.get(board.get_absolute_url()).content.decode()
    assert "Post-Inspection Strategic Action Plan" in page


def test_filtering_with_htmx_returns_only_the_priorities_partial(member, plan):
    priority = PriorityFactory(plan=plan)
    PlanActionFactory(priority=priority, text="Kept to time")
    response = member.get(plan.get_absolute_url(), {"slipped": "on"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="priorities"')
    assert "<html" not in page and "No actions match the filter." in page


def test_editing_a_plan_someone_else_saved_shows_both_versions(secretary, plan):
    url = reverse("strategy:plan_edit", args=[plan.pk])
    data = {
        "kind": plan.kind,
        "title": "Mine",
        "owner_board": plan.owner_board_id,
        "period_start": "2023-07-01",
        "period_end": "2025-07-31",
        "published_on": "2023-07-21",
        "version": 1,
    }
    assert secretary.post(url, {**data, "title": "Theirs"}).status_code == 302
    response = secretary.post(url, data)
    assert response.status_code == 200
    assert "Their version and yours" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Theirs"


def test_partnership_checklist_is_kept_by_secretaries(secretary, member, outsider, partnership):
    url = reverse("strategy:checklist_item_add", args=["southend"])
    assert member.post(url, {"title": "x", "position": 1}).status_code == 403
    assert outsider.get(url).status_code == 404
    response = secretary.post(
        url, {"title": "Equality impact assessment", "position": 1, "active": "on"}
    )
    assert response.status_code == 302
    assert partnership.checklist_items.get().title == "Equality impact assessment"


def test_editing_a_checklist_item_someone_else_saved_keeps_their_guidance(secretary, partnership):
    item = ChecklistItemFactory(partnership=partnership, title="Co-production", position=1)
    url = reverse("strategy:checklist_item_edit", args=["southend", item.pk])
    opened = {"title": "Co-production", "position": 1, "active": "on", "version": 1}
    theirs = {**opened, "guidance": "Signed off by the parent carer forum"}
    assert secretary.post(url, theirs).status_code == 302
    mine = {**opened, "title": "Co-production evidence", "guidance": ""}
    response = secretary.post(url, mine)
    assert response.status_code == 200
    assert "Their version and yours" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Co-production"
    assert item.guidance == "Signed off by the parent carer forum"
    # The form now carries their version: saving again deliberately keeps mine.
    shown = response.context["form"]["version"].value()
    assert secretary.post(url, {**mine, "version": shown}).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.guidance, item.version) == ("Co-production evidence", "", 3)


def test_strategy_version_upload_and_download(secretary, member, outsider, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("strategy:version_add", args=[plan.pk])
    assert member.get(url).status_code == 403
    document = SimpleUploadedFile("strategy-v12.pdf", b"%PDF-1.4 v12", "application/pdf")
    response = secretary.post(
        url, {"number": 12, "change_summary": "Peer review", "document": document}
    )
    assert response.status_code == 302
    version = plan.versions.get()
    assert version.number == 12 and version.uploaded_by == secretary.user
    download = reverse("strategy:version", args=[version.pk])
    assert b"".join(member.get(download).streaming_content) == b"%PDF-1.4 v12"
    assert outsider.get(download).status_code == 404
    again = secretary.post(url, {"number": 12, "change_summary": "Again"})
    assert "Version 12 is already recorded" in again.content.decode()


def test_sign_off_step_is_added_to_the_timetable(secretary, plan, board):
    url = reverse("strategy:step_add", args=[plan.pk])
    response = secretary.post(
        url,
        {
            "position": 1,
            "activity": "Scrutiny",
            "planned_text": "TBC March 22",
            "outcome": "pending",
        },
    )
    assert response.status_code == 302
    page = secretary.get(reverse("strategy:governance", args=[plan.pk])).content.decode()
    assert "Scrutiny" in page and "TBC March 22" in page


def test_an_action_lead_updates_their_action_but_not_the_priority(member, plan):
    lead = Person.objects.get(user=member.user)
    priority = PriorityFactory(plan=plan)
    action = PlanActionFactory(priority=priority, lead=lead, rag=Rag.GREEN)
    response = member.post(
        reverse("strategy:action_rag", args=[action.pk]),
        {"rag": Rag.COMPLETE, "reason": "Membership revised", "version": 1},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.rag == Rag.COMPLETE
    assert RagChange.objects.get(action=action).author == member.user
    response = member.post(
        reverse("strategy:priority_rag", args=[priority.pk]),
        {"rag": Rag.RED, "reason": "x", "version": 1},
    )
    assert response.status_code == 403
    assert member.get(reverse("strategy:action_edit", args=[action.pk])).status_code == 403


def test_governance_page_shows_who_changed_the_plan(secretary, plan):
    url = reverse("strategy:priority_add", args=[plan.pk])
    secretary.post(url, {"number": 1, "title": "Leadership", "text": "Leaders drive change"})
    page = secretary.get(reverse("strategy:governance", args=[plan.pk])).content.decode()
    assert "<strong>Priority 1. Leadership</strong>" in page
    assert "Added by Secretary" in page
