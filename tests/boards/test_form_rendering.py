"""Every form renders through Django's form templates as GOV.UK Frontend markup."""

import pytest
from django import forms

from boards.forms_base import Form
from boards.models import Meeting, Person
from core.forms import ConditionalCharField, DateField
from tests.boards.factories import MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _sample_form(partnership, board, data=None):
    class Sample(Form):
        title = forms.CharField(label="Title", help_text="A short <b>name</b>", max_length=20)
        notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
        due = DateField(label="Due", required=False)
        kind = forms.ChoiceField(label="Kind", choices=[("a", "Apple & pear"), ("b", 'B "quoted"')])
        colour = forms.ChoiceField(
            label="Colour", choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect
        )
        person = forms.ModelChoiceField(
            queryset=Person.objects.filter(partnership=partnership), required=False
        )
        meeting = forms.ModelChoiceField(queryset=Meeting.objects.filter(board=board))
        agree = forms.BooleanField(label="Agree", required=False)

    return Sample(data)


def _squash(html) -> str:
    return " ".join(str(html).split()).replace("> <", "><")


def test_a_text_field_has_its_label_hint_and_error_the_govuk_way(partnership, board):
    form = _sample_form(partnership, board, {"title": "x" * 30})

    html = _squash(form["title"].as_field_group())

    assert html.startswith('<div class="govuk-form-group govuk-form-group--error">')
    assert '<label class="govuk-label govuk-label--s" for="id_title">Title</label>' in html
    hint = '<div id="id_title_helptext" class="govuk-hint">A short &lt;b&gt;name&lt;/b&gt;</div>'
    assert hint in html
    assert (
        '<p id="id_title_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> '
        "Title must be 20 characters or fewer (it has 30)</p>"
    ) in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'aria-invalid="true"' in html


def test_optional_comes_from_the_field_not_being_required(partnership, board):
    class Reasoned(Form):
        title = forms.CharField(label="Title")
        notes = forms.CharField(label="Notes", required=False)
        reason = ConditionalCharField(label="Reason for the new date", required=False)

    form = Reasoned()

    assert ">Title</label>" in str(form["title"].as_field_group())
    assert ">Notes (optional)</label>" in str(form["notes"].as_field_group())
    # Needed whenever the date moves: never labelled optional.
    assert ">Reason for the new date</label>" in str(form["reason"].as_field_group())


def test_radios_are_a_fieldset_with_a_legend(partnership, board):
    form = _sample_form(partnership, board, {"colour": ""})

    html = _squash(form["colour"].as_field_group())

    assert '<fieldset class="govuk-fieldset" aria-describedby="id_colour_error">' in html
    legend = '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Colour</legend>'
    assert legend in html
    assert html.count('class="govuk-radios__input"') == 2
    assert '<label class="govuk-label govuk-radios__label" for="id_colour_0">Red</label>' in html
    assert "Choose the colour" in html


def test_a_select_escapes_its_options_and_marks_only_the_chosen_one(partnership, board):
    people = [PersonFactory(partnership=partnership, name=f"P<{n}>") for n in range(3)]
    meeting = MeetingFactory(board=board)
    form = _sample_form(partnership, board, {"person": people[1].pk})

    html = str(form["person"])

    assert 'class="govuk-select"' in html
    assert html.count(" selected") == 1
    chosen = people[1]
    assert f'<option value="{chosen.pk}" selected>P&lt;1&gt; ({chosen.initials})</option>' in html
    assert str(meeting) in str(form["meeting"])


def test_a_missing_answer_says_which_field_it_is_about(partnership, board):
    form = _sample_form(partnership, board, data={})

    assert not form.is_valid()
    assert form.errors["title"] == ["Enter the title"]
    assert form.errors["kind"] == ["Choose the kind"]
    assert form.errors["meeting"] == ["Choose the meeting"]


def test_a_message_a_form_gives_itself_is_kept():
    class Own(Form):
        title = forms.CharField(label="Title", error_messages={"required": "Give it a name."})

    assert Own({}).errors["title"] == ["Give it a name."]


def test_a_question_label_is_quoted_whole_when_unanswered():
    class Asked(Form):
        why = forms.CharField(label="Why does this need the parent board?")

    assert Asked({}).errors["why"] == ["Answer: Why does this need the parent board?"]
