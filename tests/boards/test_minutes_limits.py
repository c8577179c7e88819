"""Limits on the minutes' text and markup: refused at the field, before anything parses it."""

import json

import pytest
from django.urls import reverse

from boards import minutes_text
from boards.minutes_text import MAX_CHARACTERS, MAX_DEPTH, MAX_ELEMENTS, markup_of, minutes_html
from boards.models import Minutes, MinutesAmendment
from tests.boards.factories import AgendaItemFactory, MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
NESTED_LISTS = "<ul><li>" * 30_000 + "deep"  # 240 KB, as the probe sent


@pytest.fixture
def item(board):
    meeting = MeetingFactory(board=board)
    MinutesFactory(meeting=meeting)
    return AgendaItemFactory(meeting=meeting, position=3, title="SEND Strategy")


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if the sanitiser is asked to parse anything."""

    def refuse(*args, **kwargs):
        raise AssertionError("the text was parsed")

    monkeypatch.setattr(minutes_text.nh3, "clean", refuse)


def autosave(client, item, text="", decision="", **headers):
    url = reverse("boards:minutes_autosave", args=[item.pk])
    data = {"minutes_text": text, "decision": decision, "version": item.version}
    return client.post(url, data, **headers)


def test_minutes_longer_than_the_limit_are_refused_at_the_box_before_parsing(
    secretary, item, no_parsing
):
    response = autosave(secretary, item, "x" * (MAX_CHARACTERS + 1), **HTMX)
    assert response.status_code == 200  # htmx shows it in the item's save status
    assert json.loads(response["HX-Trigger"]) == {"minutesRefused": {"item": item.pk}}
    html = response.content.decode()
    assert html.startswith('<span class="app-save-status--error">Not saved: see the message')
    assert "What you typed is still in the boxes." in html
    error = html[html.index(f'id="item-{item.pk}-text-error"') :]
    assert error.startswith(f'id="item-{item.pk}-text-error" hx-swap-oob="true">')
    assert "at most 20,000 characters, and it has 20,001" in error.split("</p>")[0]
    item.refresh_from_db()
    assert item.minutes_text == "" and item.version == 1


def test_the_probes_nested_lists_are_refused_without_parsing(secretary, item, no_parsing):
    html = autosave(secretary, item, NESTED_LISTS[:MAX_CHARACTERS], **HTMX).content.decode()
    assert "holds more markup than can be kept" in html
    item.refresh_from_db()
    assert item.minutes_text == ""


def test_too_many_tags_side_by_side_are_refused(secretary, item, no_parsing):
    text = "<b>x</b>" * (MAX_ELEMENTS + 1)
    html = autosave(secretary, item, text, **HTMX).content.decode()
    assert f"at most {MAX_ELEMENTS}, inside each other at most {MAX_DEPTH} deep" in html


def test_a_decision_beyond_the_limit_is_refused_at_the_decision_box(secretary, item):
    html = autosave(secretary, item, "Noted.", "y" * (MAX_CHARACTERS + 5), **HTMX).content.decode()
    assert "see the message above the decision box" in html
    decision_error = html[html.index(f'id="item-{item.pk}-decision-error"') :].split("</p>")[0]
    assert "it has 20,005" in decision_error and " hidden" not in decision_error
    text_error = html[html.index(f'id="item-{item.pk}-text-error"') :].split("</p>")[0]
    assert " hidden" in text_error  # nothing wrong with the minutes box
    item.refresh_from_db()
    assert item.minutes_text == ""  # nothing half-saved


def test_tags_written_as_entities_are_counted_as_the_tags_they_become(secretary, item):
    # Stored text is unescaped after sanitising, so "&lt;div&gt;" is stored as "<div>".
    html = autosave(secretary, item, "&lt;div&gt;" * (MAX_ELEMENTS + 1), **HTMX).content.decode()
    assert "holds more markup than can be kept" in html
    item.refresh_from_db()
    assert item.minutes_text == ""


def test_text_within_the_limits_is_saved_and_clears_an_earlier_message(secretary, item):
    autosave(secretary, item, "x" * (MAX_CHARACTERS + 1), **HTMX)
    text = "- first point\n" * (MAX_CHARACTERS // 14)
    response = autosave(secretary, item, text, **HTMX)
    html = response.content.decode()
    assert "minutesSaved" in response["HX-Trigger"]
    assert f'id="item-{item.pk}-text-error" hx-swap-oob="true" hidden></p>' in html
    item.refresh_from_db()
    assert item.minutes_text == text.strip()


def test_the_minute_screen_links_each_box_to_its_message(secretary, item):
    page = secretary.get(reverse("boards:minutes_screen", args=[item.meeting_id])).content.decode()
    assert f'aria-describedby="item-{item.pk}-hint item-{item.pk}-text-error"' in page
    assert f'<p class="govuk-error-message" id="item-{item.pk}-text-error" hidden>' in page


def test_without_javascript_the_refused_text_comes_back_with_the_reason(secretary, item):
    text = "z" * (MAX_CHARACTERS + 1)
    response = autosave(secretary, item, text)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "it has 20,001" in html
    assert text in html  # what was typed is not lost
    assert reverse("boards:minutes_screen", args=[item.meeting_id]) in html
    item.refresh_from_db()
    assert item.minutes_text == ""


def test_an_amendment_beyond_the_limit_is_refused_at_its_box(secretary, item):
    Minutes.objects.filter(meeting=item.meeting).update(status=Minutes.Status.APPROVED)
    url = reverse("boards:minutes_amend", args=[item.pk])
    response = secretary.post(url, {"text": NESTED_LISTS[:5000], "reason": "Typo"})
    assert response.status_code == 200
    assert "holds more markup than can be kept" in response.content.decode()
    assert not MinutesAmendment.objects.exists()


def test_minutes_stored_before_the_limits_are_shown_as_text_without_parsing(
    member, item, no_parsing
):
    item.minutes_text = NESTED_LISTS
    item.save()
    html = minutes_html(item.minutes_text)
    assert html.startswith("<p>&lt;ul&gt;&lt;li&gt;") and html.endswith("deep</p>")
    page = member.get(reverse("boards:minutes_read", args=[item.meeting_id]))
    assert page.status_code == 200 and "&lt;ul&gt;&lt;li&gt;&lt;ul&gt;" in page.content.decode()


@pytest.mark.parametrize(
    ("markup", "elements", "depth"),
    [
        ("plain text, no tags", 0, 0),
        ("<ul><li>one</li><li>two</li></ul>", 3, 2),
        ("<ul><li>one<li>two<li>three</ul>", 4, 2),  # an <li> ends the one before it
        ("<p>one<p>two<br>three", 3, 1),
        ("<ul><li><ul><li>inner</li></ul></li></ul>", 4, 4),
        ("<div/><div/><div/>", 3, 3),  # "/>" does not close a <div>
        ("<b>" * 50, 50, MAX_DEPTH + 1),  # unclosed tags stay open; counting stops past the limit
    ],
)
def test_markup_is_counted_as_a_parser_would_nest_it(markup, elements, depth):
    counted = markup_of(markup)
    assert counted.depth == depth
    if depth <= MAX_DEPTH:
        assert counted.elements == elements
