import datetime

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from boards.models import (
    AgendaItem,
    Attendance,
    Board,
    ForwardPlanItem,
    Meeting,
    Membership,
    Minutes,
    Organisation,
    Partnership,
    Person,
    Role,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    initials = factory.Sequence(lambda n: f"P{n}")
    job_title = "Officer"
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership")
    )


class BoardFactory(DjangoModelFactory):
    class Meta:
        model = Board

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
    short_name = factory.Sequence(lambda n: f"B{n}")
    slug = factory.Sequence(lambda n: f"board-{n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    board = factory.SubFactory(BoardFactory)
    person = factory.SubFactory(
        PersonFactory, partnership=factory.SelfAttribute("..board.partnership")
    )
    role = Role.MEMBER


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    date = datetime.date(2023, 1, 26)
    starts_at = datetime.time(10, 0)
    ends_at = datetime.time(12, 0)
    venue = "Via MS Teams"


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(
        PersonFactory, partnership=factory.SelfAttribute("..meeting.board.partnership")
    )


class MinutesFactory(DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)


def member_user(board, role=Role.MEMBER, username=None):
    """A login user holding `role` on `board`."""
    user = UserFactory(username=username) if username else UserFactory()
    person = PersonFactory(partnership=board.partnership, user=user, name=user.username.title())
    MembershipFactory(board=board, person=person, role=role)
    return user


class ForwardPlanItemFactory(DjangoModelFactory):
    class Meta:
        model = ForwardPlanItem

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Forward plan item {n}")


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="paper.pdf", content=PDF_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")
