"""Form fields are written in Python for speed: they must read exactly as the templates would."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from boards.forms_base import DateInput, Form, LeanChoiceIterator, QuickSelect
from boards.models import Meeting, Person
from tests.boards.factories import MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


class TemplatesOnly(TemplatesSetting):
    """The project's templates, with nothing rendered in Python."""

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


def _sample_form(partnership, board, data=None):
    class Sample(Form):
        title = forms.CharField(label="Title", help_text="A short <b>name</b>", max_length=20)
        notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
        due = forms.DateField(label="Due", required=False, widget=DateInput)
        kind = forms.ChoiceField(label="Kind", choices=[("a", "Apple & pear"), ("b", 'B "quoted"')])
        person = forms.ModelChoiceField(
            queryset=Person.objects.filter(partnership=partnership), required=False
        )
        meeting = forms.ModelChoiceField(queryset=Meeting.objects.filter(board=board))
        many = forms.ModelMultipleChoiceField(
            queryset=Person.objects.filter(partnership=partnership), required=False
        )
        agree = forms.BooleanField(label="Agree", required=False)
        version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    return Sample(data)


@pytest.mark.parametrize("bound", [False, True])
def test_fields_read_as_the_templates_write_them(partnership, board, bound):
    people = [PersonFactory(partnership=partnership, name=f"P<{n}>") for n in range(3)]
    meeting = MeetingFactory(board=board)
    data = {"title": "x" * 30, "notes": "<script>", "kind": "b", "person": people[1].pk}
    data |= {"meeting": "", "many": [people[0].pk, people[2].pk], "version": "3"}
    quick = _sample_form(partnership, board, data if bound else None)
    slow = _sample_form(partnership, board, data if bound else None)
    slow.renderer = TemplatesOnly()
    if bound:
        assert not quick.is_valid() and not slow.is_valid()
    squash = lambda html: " ".join(str(html).split()).replace("> <", "><")  # noqa: E731
    for name in quick.fields:
        assert squash(quick[name].as_field_group()) == squash(slow[name].as_field_group()), name
    assert "P&lt;1&gt;" in str(quick["person"])  # names are escaped
    assert str(meeting) in str(quick["meeting"])


def test_long_choice_lists_use_lean_choices_and_mark_only_the_chosen_option(partnership, board):
    people = [PersonFactory(partnership=partnership, initials=f"Q{n}") for n in range(4)]
    form = _sample_form(partnership, board, {"person": people[2].pk})
    field = form.fields["person"]
    assert field.iterator is LeanChoiceIterator
    assert isinstance(field.widget, QuickSelect)
    html = str(form["person"])
    assert html.count(" selected") == 1
    assert f'<option value="{people[2].pk}" selected>{people[2]}</option>' in html
    # Labels are the model's own, read without building a model instance for each.
    assert [label for _value, label in field.choices][1:] == [
        str(p) for p in Person.objects.filter(partnership=partnership)
    ]


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
