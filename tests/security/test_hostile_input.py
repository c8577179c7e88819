"""Random and hostile input to the structure forms: never a server error, nothing half stored."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards.models import Membership, Organisation, Person

pytestmark = pytest.mark.django_db

hostile_text = st.one_of(
    st.text(max_size=400),
    st.sampled_from(
        [
            '=HYPERLINK("http://evil.example")',
            "<script>alert(1)</script>",
            "'; DROP TABLE boards_person; --",
            "\u202egnp.exe",
            "\x00",
            "𝔊𝔅 👩🏽‍⚕️",
            "a" * 5000,
            "../../etc/passwd",
        ]
    ),
)
hostile_value = st.one_of(hostile_text, st.integers(), st.just(""), st.just("99999999999999999999"))
relaxed = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@relaxed
@given(name=hostile_text, initials=hostile_text, email=hostile_value, org=hostile_value)
def test_person_form_never_errors_and_stores_nothing_when_rejected(
    secretary, name, initials, email, org
):
    before = Person.objects.count()
    response = secretary.post(
        reverse("boards:person_add", args=["southend"]),
        {"name": name, "initials": initials, "email": email, "organisation": org},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Person.objects.count() == before
        assert "There is a problem" in response.content.decode()


@relaxed
@given(
    person=hostile_value,
    role=hostile_value,
    deputy=hostile_value,
    starts=hostile_value,
    ends=hostile_value,
)
def test_membership_form_never_errors(secretary, board, person, role, deputy, starts, ends):
    before = Membership.objects.count()
    response = secretary.post(
        reverse("boards:membership_add", args=["southend", board.slug]),
        {"person": person, "role": role, "deputy": deputy, "starts_on": starts, "ends_on": ends},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Membership.objects.count() == before


@relaxed
@given(name=hostile_text, short=hostile_text, kind=hostile_value)
def test_organisation_form_never_errors(secretary, name, short, kind):
    before = Organisation.objects.count()
    response = secretary.post(
        reverse("boards:organisation_add", args=["southend"]),
        {"name": name, "short_name": short, "kind": kind},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Organisation.objects.count() == before


@relaxed
@given(version=hostile_value, quorum=hostile_value, parent=hostile_value)
def test_board_edit_never_errors(staff, board, version, quorum, parent):
    response = staff.post(
        reverse("boards:board_edit", args=["southend", board.slug]),
        {
            "name": board.name,
            "short_name": board.short_name,
            "slug": board.slug,
            "quorum": quorum,
            "parent": parent,
            "meeting_frequency": "monthly",
            "action_references": "running",
            "minutes_actions": "under_each_item",
            "minutes_attendance": "at_the_end",
            "version": version,
        },
    )
    assert response.status_code in (200, 302)


control_text = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x9F),
        st.sampled_from("\x0b\x0c\x85\ufffe\uffff\u2028 é–£"),
    ),
    min_size=1,
    max_size=300,
) | st.just("a" * 5000 + "\x0b")
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@relaxed
@given(description=control_text, note=control_text)
def test_action_text_with_control_characters_reads_back_in_every_output(
    secretary, board, description, note
):
    from actions.models import Action

    soon = timezone.localdate() + datetime.timedelta(days=30)
    before = Action.objects.count()
    response = secretary.post(
        reverse("actions:add", args=["southend", board.slug]),
        {"description": description, "owner_note": note, "due_date": soon.isoformat()},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Action.objects.count() == before
        return
    action = Action.objects.latest("pk")
    assert not XML_ILLEGAL.search(action.description + action.owner_note)
    for fmt in ("csv", "xlsx"):
        export = reverse("actions:board_log_export", args=["southend", board.slug, fmt])
        assert secretary.get(export).status_code == 200
    assert secretary.get(action.get_absolute_url()).status_code == 200
