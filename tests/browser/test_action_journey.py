import datetime

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_sro_updates_from_my_actions_then_the_secretary_closes_it_at_the_meeting(page):
    from actions.models import Action
    from boards.models import Meeting

    action = Action.objects.get(board__short_name="SSPB", reference="89")
    meeting, _ = Meeting.objects.get_or_create(
        board=action.board, date=datetime.date(2023, 3, 30), defaults={"status": "held"}
    )

    sign_in(page, "sro")
    page.goto("/my-actions/")
    assert page.get_by_role("heading", level=1).inner_text() == "My actions"
    card = page.locator(f"#action-{action.pk}")
    card.get_by_text("Write an update").click()
    card.get_by_label("Update", exact=True).fill("TP connected with the Children's Voice team.")
    assert_accessible(page, "my-actions-form")
    card.get_by_role("button", name="Save update").click()
    status = page.locator(f"#action-{action.pk} [role=status]")
    status.wait_for()
    assert "Update to action 89 saved" in status.inner_text()
    assert_accessible(page, "my-actions")
    assert action.updates.filter(author__username="sro").exists()

    page.context.clear_cookies()
    sign_in(page, "secretary")
    page.goto(f"/meetings/{meeting.pk}/action-log/")
    row = page.locator(f"#meeting-action-{action.pk}")
    assert "TP connected with the Children's Voice team." in row.inner_text()
    row.get_by_text("Record the update").click()
    row.get_by_label("Update given").fill("GB advised TP is now connected. Agree to close.")
    row.get_by_label("Outcome").select_option(label="Agree to close")
    assert_accessible(page, "meeting-record-form")
    row.get_by_role("button", name="Record").click()
    done = page.locator(f"#meeting-action-{action.pk} [role=status]")
    done.wait_for()
    assert "Recorded for action 89" in done.inner_text()
    assert_accessible(page, "meeting-action-log")
    action.refresh_from_db()
    assert action.status == "closed"
    assert action.closed_at == meeting

    page.goto("/p/southend/b/sspb/actions/?status=live&sort=-due")
    assert page.get_by_role("heading", level=1).inner_text() == "SSPB action log"
    assert_accessible(page, "action-log")
    page.get_by_role("link", name="Action 99").click()
    page.wait_for_url(f"**/actions/{Action.objects.get(board=action.board, reference='99').pk}/")
    assert "revised once" in page.locator("main").inner_text()
    assert_accessible(page, "action-detail")
