"""Files kept in an S3 bucket: every download still passes the app's permission check, nothing in
the bucket is public, and removing a paper or replacing a pack removes its object."""

import datetime

import pytest
from django.urls import reverse

from boards.models import MeetingPack, Paper
from tests.boards.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PersonFactory,
    UserFactory,
    pdf_upload,
)
from tests.pack.factories import pdf_of
from tests.s3 import BUCKET, client

CONFIDENTIAL_PDF = pdf_of("EXCLUSIONS CASE REVIEW")
EVERYONE = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome")
    AgendaItemFactory(meeting=meeting, position=2, title="Exclusions: cases", confidential=True)
    return meeting


@pytest.fixture
def officer(board):
    """Someone of the partnership who holds no seat on the board (no access to its papers)."""
    from tests.conftest import _client_for

    user = UserFactory(username="officer")
    PersonFactory(partnership=board.partnership, user=user, name="Olive Officer")
    return _client_for(user)


@pytest.fixture
def confidential_paper(secretary, meeting):
    item = meeting.agenda_items.get(position=2)
    response = secretary.post(
        reverse("boards:paper_add", args=[item.pk]),
        {"label": "2a", "title": "Cases", "document": pdf_upload("cases.pdf", CONFIDENTIAL_PDF)},
    )
    assert response.status_code == 302
    return item.papers.get()


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_uploaded_paper_is_an_object_in_the_bucket_and_nowhere_public(
    confidential_paper, bucket_keys, s3_endpoint, file_storage
):
    assert bucket_keys() == [confidential_paper.document.name]
    key = f"{file_storage['OPTIONS']['location']}/{confidential_paper.document.name}"
    acl = client(s3_endpoint).get_object_acl(Bucket=BUCKET, Key=key)
    grantees = {grant["Grantee"].get("URI") for grant in acl["Grants"]}
    assert grantees and not grantees & EVERYONE


def test_a_paper_in_the_bucket_is_served_only_after_the_permission_check(
    confidential_paper, member, outsider, officer, anonymous
):
    url = reverse("boards:paper", args=[confidential_paper.pk])
    response = member.get(url)
    assert response.status_code == 200
    assert _body(response) == CONFIDENTIAL_PDF
    assert outsider.get(url).status_code == 404
    assert officer.get(url).status_code == 403
    assert anonymous.get(url).status_code == 302


def test_two_papers_of_one_name_are_two_objects(secretary, meeting, bucket_keys):
    item = meeting.agenda_items.get(position=1)
    url = reverse("boards:paper_add", args=[item.pk])
    for label, text in (("1a", "FIRST"), ("1b", "SECOND")):
        upload = pdf_upload("papers.pdf", pdf_of(text))
        response = secretary.post(url, {"label": label, "title": text, "document": upload})
        assert response.status_code == 302
    first, second = Paper.objects.order_by("label")
    assert first.document.name != second.document.name
    assert sorted(bucket_keys()) == sorted([first.document.name, second.document.name])
    assert first.document.read() == pdf_of("FIRST")


def test_removing_a_paper_removes_its_object(
    secretary, confidential_paper, bucket_keys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        secretary.post(reverse("boards:paper_remove", args=[confidential_paper.pk]))
    assert not Paper.objects.exists()
    assert bucket_keys() == []


def test_a_pack_built_into_the_bucket_is_served_only_to_the_board(
    meeting,
    confidential_paper,
    member,
    outsider,
    officer,
    bucket_keys,
    django_capture_on_commit_callbacks,
):
    build = reverse("boards:pack_build", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        member.post(build)
    pack = MeetingPack.objects.get(meeting=meeting)
    assert pack.status == MeetingPack.Status.READY
    assert pack.file.name in bucket_keys()
    download = reverse("boards:pack_download", args=[pack.pk])
    response = member.get(download)
    assert response.status_code == 200
    assert _body(response).startswith(b"%PDF")
    assert outsider.get(download).status_code == 404
    assert officer.get(download).status_code == 403


def test_a_rebuilt_pack_replaces_the_old_object_and_keeps_its_own(
    meeting,
    confidential_paper,
    secretary,
    member,
    bucket_keys,
    django_capture_on_commit_callbacks,
):
    build = reverse("boards:pack_build", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        member.post(build)
    old = MeetingPack.objects.get(meeting=meeting)
    # The agenda changes, so the next build is a new pack of the same file name.
    AgendaItemFactory(meeting=meeting, position=3, title="Any other business")
    with django_capture_on_commit_callbacks(execute=True):
        member.post(build)
    new = MeetingPack.objects.get(meeting=meeting)
    assert new.pk != old.pk and new.filename == old.filename
    assert old.file.name not in bucket_keys()
    assert new.file.name in bucket_keys()
    response = member.get(reverse("boards:pack_download", args=[new.pk]))
    assert _body(response).startswith(b"%PDF")


def test_terms_of_reference_in_the_bucket_are_served_to_the_partnership_only(
    secretary, officer, outsider, board, bucket_keys
):
    url = reverse("boards:terms_add", args=[board.partnership.slug, board.slug])
    upload = pdf_upload("tor.pdf", pdf_of("TERMS"))
    secretary.post(url, {"title": "Terms", "version_label": "v1", "document": upload})
    terms = board.terms_of_reference.get()
    assert bucket_keys() == [terms.document.name]
    download = reverse("boards:terms_download", args=[terms.pk])
    assert _body(officer.get(download)) == pdf_of("TERMS")
    assert outsider.get(download).status_code == 404
