"""The access rules hold in search: only boards the person reads, nothing of another partnership,
confidential items only to those who read the board, the public only what is published."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from boards import search
from boards.models import Minutes, Role
from boards.services import minutes as minutes_services
from tests.boards.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    member_user,
)
from tests.conftest import _client_for

from .helpers import public_titles, titles

pytestmark = pytest.mark.django_db


def _minuted(board, title, text, *, confidential=False, position=1):
    meeting = MeetingFactory(board=board, date=datetime.date(2025, 3, 6))
    item = AgendaItemFactory(
        meeting=meeting, position=position, title=title, confidential=confidential
    )
    minutes_services.minutes_record(
        item=item, minutes_text=text, decision="", expected_version=None, user=None
    )
    return item


def test_another_partnership_finds_nothing(outsider, sro, board):
    _minuted(board, "Southend item", "Hydrotherapy pool")
    search.rebuild()
    assert titles(outsider, "hydrotherapy") == []
    assert titles(outsider, "Bloom") == []
    assert titles(outsider, "strategic") == []


def test_a_person_of_the_partnership_without_a_seat_finds_its_people_not_its_minutes(sro, board):
    _minuted(board, "Southend item", "Hydrotherapy pool")
    search.rebuild()  # the personas' people were made by factories, not the services
    assert titles(sro, "hydrotherapy") == []
    assert titles(sro, "Bloom") == ["Gary Bloom (GB)"]
    assert "SEND Strategic Partnership Board (SSPB)" in titles(sro, "strategic")


def test_a_member_of_one_board_does_not_find_another_boards_minutes(partnership, member):
    other = BoardFactory(partnership=partnership, short_name="OPS", slug="ops")
    _minuted(other, "Operations item", "Hydrotherapy pool")
    assert titles(member, "hydrotherapy") == []
    ops_member = _client_for(member_user(other, Role.MEMBER, "ops"))
    assert titles(ops_member, "hydrotherapy") == ["1. Operations item"]


def test_confidential_items_are_found_by_those_who_read_the_board(member, board):
    _minuted(board, "Exempt item", "Canary-zebra settlement", confidential=True)
    assert titles(member, "settlement") == ["1. Exempt item"]


def test_the_public_find_only_published_minutes_and_never_a_confidential_item(anonymous, board):
    public_item = _minuted(board, "Open item", "Hydrotherapy pool", position=1)
    meeting = public_item.meeting
    AgendaItemFactory(meeting=meeting, position=2, title="Exempt", confidential=True)
    exempt = meeting.agenda_items.get(position=2)
    minutes_services.minutes_record(
        item=exempt,
        minutes_text="Hydrotherapy settlement canary",
        decision="",
        expected_version=None,
        user=None,
    )
    slug = board.partnership.slug
    assert public_titles(anonymous, slug, "hydrotherapy") == []  # minutes still a draft
    Minutes.objects.filter(meeting=meeting).update(
        status=Minutes.Status.PUBLISHED, published_at=timezone.now()
    )
    assert public_titles(anonymous, slug, "hydrotherapy") == ["1. Open item"]
    assert public_titles(anonymous, slug, "canary") == []
    response = anonymous.get(reverse("public:search", args=[slug]), {"q": "hydrotherapy"})
    assert "canary" not in response.text.lower()
    assert f"/public/{slug}/minutes/{meeting.pk}/#minutes-item-1" in response.text


def test_the_public_search_of_one_partnership_finds_nothing_of_another(anonymous, outsider, board):
    item = _minuted(board, "Open item", "Hydrotherapy pool")
    Minutes.objects.filter(meeting=item.meeting).update(status=Minutes.Status.PUBLISHED)
    assert public_titles(anonymous, "elsewhere", "hydrotherapy") == []


def test_search_asks_to_sign_in(anonymous):
    response = anonymous.get(reverse("search:results"), {"q": "anything"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_public_find_the_papers_of_the_agenda_pack_as_published(anonymous, secretary, board):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from boards.models import MeetingPack
    from boards.services.meetings import paper_add

    item = AgendaItemFactory(meeting=MeetingFactory(board=board), position=1, title="Open item")
    exempt = AgendaItemFactory(meeting=item.meeting, position=2, confidential=True)

    def add(on, label, title):
        upload = SimpleUploadedFile(f"{label}.pdf", b"%PDF-1.4", content_type="application/pdf")
        paper = paper_add(
            item=on,
            upload=upload,
            label=label,
            title=title,
            content_type="application/pdf",
            user=secretary.user,
        )
        return paper

    add(item, "1a", "Hydrotherapy options")
    add(exempt, "2a", "Hydrotherapy settlement")
    slug = board.partnership.slug
    assert public_titles(anonymous, slug, "hydrotherapy") == []  # no pack published yet

    published = timezone.now()
    MeetingPack.objects.create(
        meeting=item.meeting,
        public=True,
        status=MeetingPack.Status.READY,
        file="packs/pack.pdf",
        published_at=published,
        fingerprint="first",
    )
    assert public_titles(anonymous, slug, "hydrotherapy") == ["1a) Hydrotherapy options"]

    later = add(item, "1b", "Hydrotherapy costs")  # not in the pack as published
    later.uploaded_at = published + datetime.timedelta(minutes=5)
    later.save(update_fields=["uploaded_at"])
    assert public_titles(anonymous, slug, "hydrotherapy") == ["1a) Hydrotherapy options"]
    MeetingPack.objects.create(
        meeting=item.meeting,
        public=True,
        status=MeetingPack.Status.READY,
        file="packs/pack-2.pdf",
        published_at=published + datetime.timedelta(minutes=10),
        fingerprint="second",
    )
    assert sorted(public_titles(anonymous, slug, "hydrotherapy")) == [
        "1a) Hydrotherapy options",
        "1b) Hydrotherapy costs",
    ]
