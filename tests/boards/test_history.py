"""History in words: each change to a board reads as a sentence naming the person who made it."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from boards.history import Text
from boards.models import Membership, Role
from core.dates import date_text, date_time_text, time_of_day
from tests.boards.factories import MembershipFactory, OrganisationFactory, PersonFactory

LONDON = ZoneInfo("Europe/London")


def history_text(client, board) -> str:
    """The history page as a reader sees it: words only, no markup or attributes."""
    url = reverse("boards:board_history", args=[board.partnership.slug, board.slug])
    page = client.get(url).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def assert_reads_as_words(text: str) -> None:
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "a raw ISO date is shown"
    for model_name in ("Membership:", "Board:", "Person:", "#"):
        assert model_name not in text


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (datetime.time(16, 58), "4:58pm"),
        (datetime.time(9, 0), "9am"),
        (datetime.time(9, 5), "9:05am"),
        (datetime.time(12, 0), "midday"),
        (datetime.time(12, 30), "12:30pm"),
        (datetime.time(0, 0), "midnight"),
        (datetime.time(0, 15), "12:15am"),
    ],
)
def test_times_read_as_govuk_writes_them(moment, words):
    assert time_of_day(moment) == words


def test_dates_and_moments_read_in_full_in_local_time():
    assert date_text(datetime.date(2023, 1, 6)) == "6 January 2023"
    summer = datetime.datetime(2024, 7, 1, 15, 58, tzinfo=datetime.UTC)
    assert date_time_text(summer) == "1 July 2024 at 4:58pm"


def test_long_text_is_cut_at_a_word_and_short_text_is_whole():
    words = "Review the short breaks offer and report back " * 10
    text = Text(words.strip())
    assert text.is_long and words.startswith(text.opening)
    assert words[len(text.opening)] == " ", "cut in the middle of a word"
    assert Text("Agreed").opening == "Agreed" and not Text("Agreed").is_long


@pytest.fixture
def seat(board):
    person = PersonFactory(partnership=board.partnership, name="Owen Richards", initials="OR")
    seat = MembershipFactory.build(board=board, person=person, role=Role.MEMBER)
    _save_as(seat, None, datetime.datetime(2023, 1, 2, 10, 0, tzinfo=LONDON))
    return seat


def _save_as(instance, user, when=None):
    instance._history_user = user
    if when:
        instance._history_date = when
    instance.save()


def test_a_changed_choice_reads_as_its_labels_with_who_and_when(secretary, board, seat):
    seat.role = Role.VICE_CHAIR
    _save_as(seat, secretary.user, datetime.datetime(2023, 1, 26, 16, 58, tzinfo=LONDON))
    text = history_text(secretary, board)
    assert (
        "Owen Richards (OR) as vice-chair Role changed from Member to Vice-chair by Secretary "
        "26 January 2023 at 4:58pm"
    ) in text
    assert_reads_as_words(text)


def test_a_changed_record_reads_as_its_name(secretary, board, seat):
    seat.representing = OrganisationFactory(partnership=board.partnership, name="Healthwatch")
    _save_as(seat, secretary.user)
    seat.representing = OrganisationFactory(partnership=board.partnership, name="ICB")
    _save_as(seat, secretary.user)
    text = history_text(secretary, board)
    assert "Representing set to Healthwatch by Secretary" in text
    assert "Representing changed from Healthwatch to ICB by Secretary" in text
    assert_reads_as_words(text)


def test_a_changed_date_reads_in_words(secretary, board, seat):
    seat.ends_on = datetime.date(2027, 3, 31)
    _save_as(seat, secretary.user)
    text = history_text(secretary, board)
    assert "To set to 31 March 2027 by Secretary" in text
    assert_reads_as_words(text)


def test_several_changes_at_once_are_listed_under_one_line(secretary, board, seat):
    seat.role = Role.CHAIR
    seat.starts_on = datetime.date(2024, 4, 1)
    _save_as(seat, secretary.user)
    text = history_text(secretary, board)
    assert "Changed by Secretary Role changed from Member to Chair From set to 1 April 2024" in text


def test_additions_name_the_person_or_say_they_were_imported(secretary, board, seat):
    text = history_text(secretary, board)
    # The seat and the board came without anyone signed in: as the demo and restores do.
    assert "Owen Richards (OR) as member Imported" in text
    assert f"{board.name} Imported" in text
    guest = MembershipFactory.build(
        board=board,
        person=PersonFactory(partnership=board.partnership, name="Dee Puty", initials="DP"),
        role=Role.GUEST,
    )
    _save_as(guest, secretary.user)
    assert "Dee Puty (DP) as guest Added by Secretary" in history_text(secretary, board)
    assert "System" not in text


def test_a_removal_reads_as_removed_by_the_person(secretary, board, seat):
    seat._history_user = secretary.user
    seat.delete()
    assert not Membership.objects.filter(pk=seat.pk).exists()
    text = history_text(secretary, board)
    assert "Owen Richards (OR) as member Removed by Secretary" in text
    assert_reads_as_words(text)


def test_the_person_is_named_not_the_login(secretary, board, seat):
    secretary.user.people.update(name="Carron Jacobs")
    seat.role = Role.GUEST
    _save_as(seat, secretary.user)
    text = history_text(secretary, board)
    assert "Role changed from Member to Guest by Carron Jacobs" in text
    assert "by secretary" not in text
