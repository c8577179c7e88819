from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from .forms_base import DateInput, Form, GovukFormMixin, VersionedModelForm
from .models import Board, Membership, Organisation, Partnership, Person, TermsOfReference

ALLOWED_DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def sniff_document_type(upload) -> str | None:
    """The document type judged by content, not by name: a PDF header or an Office zip."""
    name = upload.name.lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if suffix == ".pdf" and head.startswith(b"%PDF-"):
        return ALLOWED_DOCUMENT_TYPES[".pdf"]
    if suffix in {".docx", ".xlsx", ".pptx"} and head.startswith(b"PK\x03\x04"):
        import zipfile

        marker = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}[suffix]
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if any(n.startswith(marker) for n in names):
            return ALLOWED_DOCUMENT_TYPES[suffix]
    return None


def validate_document(upload) -> str:
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(f"The file must be smaller than {settings.UPLOAD_MAX_MB} MB.")
    content_type = sniff_document_type(upload)
    if content_type is None:
        raise ValidationError(
            "The file must be a PDF, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx) document."
        )
    return content_type


class LoginForm(GovukFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    pass


class PartnershipForm(VersionedModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "slug", "area", "description"]


class OrganisationForm(VersionedModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership

    def clean_name(self):
        name = self.cleaned_data["name"]
        clash = Organisation.objects.filter(
            partnership=self.instance.partnership, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("There is already an organisation with this name.")
        return name


class PersonForm(VersionedModelForm):
    create_login = forms.BooleanField(
        required=False,
        label="Give this person a login",
        help_text="We e-mail them a link to choose their password",
    )

    class Meta:
        model = Person
        fields = ["name", "initials", "job_title", "organisation", "email"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["organisation"].queryset = partnership.organisations.all()
        if self.instance.user_id:
            del self.fields["create_login"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("create_login") and not cleaned.get("email"):
            self.add_error("email", "Enter an e-mail address to send the sign-in link to.")
        return cleaned

    def clean_initials(self):
        initials = self.cleaned_data["initials"].strip()
        clash = Person.objects.filter(
            partnership=self.instance.partnership, initials__iexact=initials
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"{clash.first().name} already has the initials {initials}.")
        return initials


class BoardForm(VersionedModelForm):
    class Meta:
        model = Board
        fields = [
            "name",
            "short_name",
            "slug",
            "purpose",
            "parent",
            "quorum",
            "meeting_frequency",
            "action_references",
            "minutes_actions",
            "minutes_attendance",
            "agenda_pack_clear_days",
        ]
        help_texts = {"slug": "Used in web addresses, e.g. sspb"}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        parents = partnership.boards.all()
        if self.instance.pk:
            parents = parents.exclude(pk__in=self._descendants_and_self())
        self.fields["parent"].queryset = parents

    def _descendants_and_self(self):
        children = {}
        for board_id, parent_id in self.instance.partnership.boards.values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(board_id)
        found, stack = set(), [self.instance.pk]
        while stack:
            board_id = stack.pop()
            found.add(board_id)
            stack.extend(children.get(board_id, []))
        return found

    def clean(self):
        cleaned = super().clean()
        for field in ("slug", "short_name"):
            value = cleaned.get(field)
            if (
                value
                and Board.objects.filter(
                    partnership=self.instance.partnership, **{f"{field}__iexact": value}
                )
                .exclude(pk=self.instance.pk)
                .exists()
            ):
                self.add_error(field, "Another board of this partnership already uses this.")
        parent = cleaned.get("parent")
        if parent and self.instance.pk and parent.pk in self._descendants_and_self():
            self.add_error("parent", "A board cannot report to itself or to a board below it.")
        return cleaned


class MembershipForm(VersionedModelForm):
    class Meta:
        model = Membership
        fields = ["person", "role", "representing", "deputy", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        people = board.partnership.people.select_related("organisation")
        self.fields["person"].queryset = people
        self.fields["deputy"].queryset = people
        self.fields["representing"].queryset = board.partnership.organisations.all()

    def clean(self):
        cleaned = super().clean()
        person, deputy = cleaned.get("person"), cleaned.get("deputy")
        if person and deputy and person == deputy:
            self.add_error("deputy", "Choose someone other than the member as their deputy.")
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return cleaned


class TermsOfReferenceForm(VersionedModelForm):
    class Meta:
        model = TermsOfReference
        fields = ["title", "version_label", "approved_on", "document", "notes", "appendix_to"]
        widgets = {"approved_on": DateInput}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["appendix_to"].queryset = board.terms_of_reference.filter(
            appendix_to__isnull=True
        )
        self.fields["appendix_to"].help_text = "Leave empty for the terms of reference themselves"

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document and hasattr(document, "content_type"):
            validate_document(document)
        return document


class MembersListForm(Form):
    """A members list to set a board up from: a CSV or Excel file, or rows pasted in."""

    file = forms.FileField(
        label="Upload the list",
        required=False,
        help_text="A CSV (.csv) or Excel (.xlsx) file, its headings in the first row",
    )
    pasted = forms.CharField(
        label="Or paste it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Copy the rows from a spreadsheet, headings included, and paste them here",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        if upload.size > settings.UPLOAD_MAX_MB * 1024 * 1024:
            raise ValidationError(f"The file must be smaller than {settings.UPLOAD_MAX_MB} MB.")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("The file must be a CSV (.csv) or Excel (.xlsx) file.")
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("pasted", "").strip():
            self.add_error("file", "Choose the file of the members list, or paste the list.")
        return cleaned


class MembersConfirmForm(Form):
    """What the secretary decides on the preview: suggested initials to use, rows to skip."""

    accept = forms.TypedMultipleChoiceField(
        label="Use the suggested initials",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skip_bad_rows = forms.BooleanField(
        label="Skip the rows with problems and add the rest", required=False
    )

    def __init__(self, *args, clashes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept"].choices = [
            (row.number, f"Row {row.number}: {row.suggestion} for {row.name}") for row in clashes
        ]
        if not clashes:
            del self.fields["accept"]
