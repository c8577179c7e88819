import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards.models import AgendaItem, Minutes, Paper
from boards.services import meetings as services
from tests.boards.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(board=board)
    services.standing_items_add(meeting=meeting)
    return meeting


def positions(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("position", "title"))


def test_a_new_item_goes_before_any_other_business(secretary, meeting):
    url = reverse("boards:item_add", args=[meeting.pk])
    response = secretary.post(
        url, {"title": "SEND Strategy", "kind": "discussion", "planned_start": "10:50"}
    )
    assert response.status_code == 302
    assert positions(meeting)[-2:] == [(6, "SEND Strategy"), (7, "Any other business")]


def test_adding_an_item_is_for_the_secretary(member, outsider, meeting):
    url = reverse("boards:item_add", args=[meeting.pk])
    assert outsider.get(url).status_code == 404
    assert member.post(url, {"title": "X", "kind": "discussion"}).status_code == 403
    assert meeting.agenda_items.count() == 6


def test_moving_an_item_renumbers_both_and_its_papers_follow(secretary, meeting):
    risk_log = meeting.agenda_items.get(position=5)
    Paper.objects.create(
        agenda_item=risk_log,
        label="5a",
        title="Risk register",
        document=pdf_upload(),
        original_name="r.pdf",
        content_type="application/pdf",
        size=10,
    )
    url = reverse("boards:item_move", args=[risk_log.pk])
    response = secretary.post(url, {"direction": "up"})
    assert response.status_code == 302 and f"#item-{risk_log.pk}" in response.url
    assert positions(meeting)[3:5] == [(4, "Risk log"), (5, "Action log")]
    assert risk_log.papers.get().label == "4a"
    secretary.post(url, {"direction": "down"})
    assert positions(meeting)[3:5] == [(4, "Action log"), (5, "Risk log")]


def test_moving_the_first_item_up_changes_nothing(secretary, meeting):
    first = meeting.agenda_items.get(position=1)
    secretary.post(reverse("boards:item_move", args=[first.pk]), {"direction": "up"})
    first.refresh_from_db()
    assert first.position == 1


def test_moving_is_post_only_and_for_the_secretary(secretary, member, outsider, meeting):
    item = meeting.agenda_items.get(position=2)
    url = reverse("boards:item_move", args=[item.pk])
    assert secretary.get(url).status_code == 405
    assert member.post(url, {"direction": "up"}).status_code == 403
    assert outsider.post(url, {"direction": "up"}).status_code == 404
    item.refresh_from_db()
    assert item.position == 2


def test_removing_an_item_closes_the_gap(secretary, meeting):
    item = meeting.agenda_items.get(position=3)
    url = reverse("boards:item_remove", args=[item.pk])
    assert "Remove item 3" in secretary.get(url).content.decode()
    secretary.post(url)
    assert [p for p, _ in positions(meeting)] == [1, 2, 3, 4, 5]
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_editing_an_item_marks_it_confidential(secretary, meeting):
    item = AgendaItemFactory(meeting=meeting, position=20, title="Staffing")
    url = reverse("boards:item_edit", args=[item.pk])
    response = secretary.post(
        url,
        {
            "title": "Staffing changes",
            "kind": "decision",
            "confidential": "on",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.confidential and item.title == "Staffing changes" and item.version == 2


def test_uploading_a_pdf_paper_numbers_it_after_the_item(secretary, meeting):
    item = meeting.agenda_items.get(position=4)
    url = reverse("boards:paper_add", args=[item.pk])
    assert 'value="4a"' in secretary.get(url).content.decode()
    response = secretary.post(
        url, {"label": "4a", "title": "Action log", "document": pdf_upload("log.pdf")}
    )
    assert response.status_code == 302
    paper = item.papers.get()
    assert (paper.label, paper.content_type, paper.original_name) == (
        "4a",
        "application/pdf",
        "log.pdf",
    )


def test_a_file_that_is_not_a_document_is_refused_and_nothing_stored(secretary, meeting):
    item = meeting.agenda_items.get(position=4)
    fake = SimpleUploadedFile("log.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = secretary.post(
        reverse("boards:paper_add", args=[item.pk]),
        {"label": "4a", "title": "Action log", "document": fake},
    )
    assert response.status_code == 200
    assert "The file must be a PDF, Word (.docx)" in response.content.decode()
    assert not Paper.objects.exists()


def test_a_file_over_the_size_limit_is_refused(secretary, meeting, settings):
    settings.UPLOAD_MAX_MB = 0
    item = meeting.agenda_items.get(position=4)
    response = secretary.post(
        reverse("boards:paper_add", args=[item.pk]),
        {"label": "4a", "title": "Action log", "document": pdf_upload()},
    )
    assert "The file must be smaller than 0 MB." in response.content.decode()
    assert not Paper.objects.exists()


def test_papers_are_served_only_to_the_board(secretary, member, outsider, anonymous, meeting):
    item = meeting.agenda_items.get(position=4)
    secretary.post(
        reverse("boards:paper_add", args=[item.pk]),
        {"label": "4a", "title": "Action log", "document": pdf_upload()},
    )
    url = reverse("boards:paper", args=[item.papers.get().pk])
    response = member.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert outsider.get(url).status_code == 404
    assert anonymous.get(url).status_code == 302


def test_approved_minutes_freeze_the_agenda(secretary, meeting):
    MinutesFactory(meeting=meeting, status=Minutes.Status.APPROVED)
    item = meeting.agenda_items.get(position=2)
    secretary.post(reverse("boards:item_move", args=[item.pk]), {"direction": "up"})
    item.refresh_from_db()
    assert item.position == 2
    with pytest.raises(services.MinutesFrozen):
        services.agenda_item_add(meeting=meeting, title="Late item")
