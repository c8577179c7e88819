"""An action's history reads as sentences: what changed, from what to what, by whom and why."""

import datetime
import re

import pytest

from actions.services.closure import action_close
from actions.services.edits import action_edit
from actions.services.log import action_create
from actions.services.updates import action_reschedule
from boards.models import Role
from tests.boards.factories import MeetingFactory, PersonFactory, member_user

LONG = (
    "Review the short breaks offer and report back to the Board with a costed plan for the "
    "next three years, covering respite, holiday schemes and the direct payments that families "
    "use to buy their own short breaks, and what it would take to double take-up"
)


@pytest.fixture
def gary(board, client):
    user = member_user(board, Role.SECRETARY, "gbloom")
    user.people.update(name="Gary Bloom")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def action(board, gary):
    owner = PersonFactory(partnership=board.partnership, initials="GB")
    return action_create(
        board=board,
        description="Review the short breaks offer",
        owners=[owner],
        due_date=datetime.date(2023, 1, 26),
        reference="105",
        author=gary.user,
    )


def history_text(client, action) -> str:
    page = client.get(action.get_absolute_url()).content.decode()
    section = page[page.index('id="history"') : page.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_a_new_due_date_reads_with_its_reason(gary, action):
    action_reschedule(
        action=action,
        new_due_date=datetime.date(2027, 3, 31),
        reason="The provider review moved to the spring",
        author=gary.user,
    )
    text = history_text(gary, action)
    assert (
        "Action 105 Due date changed from 26 January 2023 to 31 March 2027 by Gary Bloom: "
        "The provider review moved to the spring"
    ) in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "Action:" not in text


def test_adding_the_action_names_who_added_it_and_not_the_owners_again(gary, action):
    text = history_text(gary, action)
    assert "Action 105 Added by Gary Bloom" in text
    assert "Owners" not in text


def test_a_short_text_change_is_quoted_before_and_after(gary, action):
    action_edit(
        action=action,
        author=gary.user,
        expected_version=action.version,
        description="Review the short breaks offer for 2025",
        owners=list(action.owners.all()),
        owner_note="",
        due_date=action.due_date,
    )
    assert (
        "Description changed from “Review the short breaks offer” to "
        "“Review the short breaks offer for 2025” by Gary Bloom"
    ) in history_text(gary, action)


def test_a_long_text_change_is_cut_at_a_word_and_shown_in_full_on_request(gary, action):
    action_edit(
        action=action,
        author=gary.user,
        expected_version=action.version,
        description=LONG,
        owners=list(action.owners.all()),
        owner_note="",
        due_date=action.due_date,
    )
    page = gary.get(action.get_absolute_url()).content.decode()
    history = page[page.index('id="history"') :]
    text = history_text(gary, action)
    assert "Description changed by Gary Bloom" in text
    assert "Review the short breaks offer and report back to the Board with a costed plan" in text
    assert "Show all of the text" in history and LONG in history
    opening = text[text.index("Review the short breaks offer and report") : text.index(" …")]
    assert LONG.startswith(opening) and LONG[len(opening)] in " ,"


def test_an_update_is_shown_in_full_and_closing_reads_as_labels(gary, action, board):
    update = "GB advised that there is a meeting planned tomorrow to review this offer; " * 2
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 3, 9))
    action_close(action=action, author=gary.user, text=update.strip(), meeting=meeting)
    text = history_text(gary, action)
    assert f"Update: Agree to close action Added by Gary Bloom {update.strip()}" in text
    assert "Changed by Gary Bloom: Closed (recorded after the meeting of 9 March 2023)" in text
    assert "Status changed from Open to Closed" in text
    assert "Closed on set to 9 March 2023" in text
    assert "Closed at set to the meeting of 9 March 2023" in text


def test_a_change_of_owners_reads_as_initials(gary, action, board):
    other = PersonFactory(partnership=board.partnership, initials="HF")
    action_edit(
        action=action,
        author=gary.user,
        expected_version=action.version,
        description=action.description,
        owners=[*action.owners.all(), other],
        owner_note="",
        due_date=action.due_date,
    )
    assert "Action 105 Owners changed from GB to GB/HF by Gary Bloom" in history_text(gary, action)
