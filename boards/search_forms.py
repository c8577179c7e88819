"""The search box and its filters, on the signed-in pages and on the public pages."""

from django import forms

from core.forms import DateField

from . import access
from .forms_base import Form
from .models import Board, Person, SearchDocument
from .search import Filters

RELEVANCE, LATEST = "relevance", "date"


class PublicSearchForm(Form):
    q = forms.CharField(
        label="Search",
        max_length=200,
        help_text='Words to find. "A phrase" in quotes, -word to leave out, or between choices.',
    )


class SearchForm(PublicSearchForm):
    board = forms.ModelChoiceField(queryset=Board.objects.none(), required=False, empty_label="Any")
    kind = forms.ChoiceField(
        label="What", choices=[("", "Anything"), *SearchDocument.Kind.choices], required=False
    )
    date_from = DateField(label="From", required=False)
    date_to = DateField(label="To", required=False)
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, empty_label="Anyone", label="Owner"
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[(RELEVANCE, "Best match"), (LATEST, "Latest first")],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        partnerships = access.partnerships_for(user)
        self.fields["board"].queryset = Board.objects.filter(partnership__in=partnerships).order_by(
            "name"
        )
        self.fields["owner"].queryset = Person.objects.filter(
            partnership__in=partnerships
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            board_id=data["board"].pk if data.get("board") else None,
            kind=data.get("kind", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            owner_id=data["owner"].pk if data.get("owner") else None,
            by_date=data.get("sort") == LATEST,
        )
