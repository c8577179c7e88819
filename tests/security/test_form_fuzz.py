"""Random and hostile input to every form and htmx endpoint of the app.

The forms are found the way a person finds them: by crawling what the secretary and site staff
can reach, then reading each `<form method="post">` (its action, its fields and their current
values) and each `hx-post`. Hypothesis then fills those fields with a mix of sensible values
(the form's own options and defaults, so that deep validation is reached) and hostile ones:
huge numbers, odd dates, long and unusual Unicode, markup, spreadsheet formulas, empty values,
wrong ids and ids of another partnership's records, and hostile files for every file field.

Whatever comes in: never a server error; a rejected request stores nothing and says why.
"""

import io
import json
import os
import re
import zipfile
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards.models import Role
from tests.actions.factories import ActionFactory
from tests.boards.factories import (
    BoardFactory,
    MeetingFactory,
    PartnershipFactory,
    PersonFactory,
    member_user,
)
from tests.risks.factories import RiskFactory
from tests.security.test_permission_sweep import SKIP, _client, _crawl, _shape

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("boards", "actions", "risks", "strategy")
REJECTED = (400, 403, 404, 409, 422)
MESSAGE = ("There is a problem", "govuk-error-message", "app-conflict", "govuk-error-summary")
NOT_FUZZED = ("/accounts/",)
EXAMPLES = int(
    os.environ.get("FUZZ_EXAMPLES", 8)
)  # sign-in and sign-out are django.contrib.auth's own

FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
]
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}",
    "{% now %}",
]
CONTROL = "Line one\x0bline two\x0cpage\x01\x08\x1b\x7f\x85end"
ODD = [
    CONTROL,
    "\x0b",
    "a\x1fb",
    "\u202egnp.exe",
    "\x00",
    "𝔊𝔅 👩🏽‍⚕️",
    "ﷺ" * 50,
    "\ufeff",
    "a" * 20_000,
    "../../etc/passwd",
]
DATES = ["2023-02-30", "0001-01-01", "9999-12-31", "31/12/2023", "2023-13-01", "yesterday"]
NUMBERS = ["-1", "0", "99999999999999999999", "1e308", "NaN", "3.5", "0x1F", "٣"]


def _hostile(foreign_ids):
    return st.one_of(
        st.sampled_from(FORMULAS + MARKUP + ODD + DATES + NUMBERS + [""]),
        st.text(max_size=300),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.dates().map(str),
        st.sampled_from(foreign_ids).map(str),
    )


def _xlsx_bytes():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Action", "Owner", "Due"])
    book.active.append(["=cmd|' /C calc'!A0", "=1+1", "2023-02-30"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil.txt", "x")
    return buffer.getvalue()


HOSTILE_FILES = [
    ("actions.csv", b"Action,Owner,Due\n=cmd|' /C calc'!A0,=1+1,2023-02-30\n\xff\xfe,,\n"),
    ("risks.csv", 'Title,Owner\n\u202e=HYPERLINK("x"),@SUM(1)\n'.encode()),
    ("values.csv", b"\x00\x00\x00"),
    ("plan.xlsx", b"PK\x03\x04 this is not a workbook"),
    ("fake.xlsx", None),  # a ZIP named .xlsx
    ("real.xlsx", "xlsx"),
    ("empty.csv", b""),
    ("empty.pdf", b""),
    ("paper.exe", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
    ("../../../etc/passwd.pdf", b"%PDF-1.4\n%%EOF"),
    ("\u202efdp.exe", b"MZ\x90\x00"),
    ("a" * 300 + ".pdf", b"%PDF-1.4\n%%EOF"),
    ("paper.pdf", b"<html><script>alert(1)</script></html>"),
]


def _file(choice):
    name, content = choice
    if content is None:
        content = _zip_bytes()
    elif content == "xlsx":
        content = _xlsx_bytes()
    return SimpleUploadedFile(name, content)


TEXT_INPUTS = {None, "text", "email", "url", "search", "tel"}


class _Forms(HTMLParser):
    """Each post form and hx-post of a page: url, field names with their known values, files;
    and what the page shows in each field (`own`), which of them take typed text (`text`) and
    how long that may be (`maxlength`)."""

    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url, self.found, self.form, self.select = page_url, [], None, None
        self.textarea = None

    def _new(self, url, htmx, fields=None):
        form = {"url": url, "htmx": htmx, "fields": fields or {}, "files": set()}
        form.update(own={}, text=set(), maxlength={})
        return form

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.form = self._new(attrs.get("action") or self.page_url, False)
            self.found.append(self.form)
        if attrs.get("hx-post"):
            fields = dict(self.form["fields"]) if self.form else {}
            for name, value in json.loads(attrs.get("hx-vals") or "{}").items():
                fields[name] = [str(value)]
            entry = self._new(attrs["hx-post"], True, fields)
            if self.form:
                for key in ("own", "text", "maxlength"):
                    entry[key] = type(self.form[key])(self.form[key])
            entry["own"].update({name: values[0] for name, values in fields.items() if values})
            self.found.append(entry)
            if tag == "form":
                self.form = entry
        if self.form is None or not attrs.get("name") and tag != "option":
            return
        name, kind, form = attrs.get("name"), attrs.get("type"), self.form
        if name and (tag == "textarea" or tag == "input" and kind in TEXT_INPUTS):
            form["text"].add(name)
            if attrs.get("maxlength", "").isdigit():
                form["maxlength"][name] = int(attrs["maxlength"])
        if tag == "input" and kind == "file":
            form["files"].add(name)
        elif tag == "input" and kind not in ("submit", "button"):
            form["fields"].setdefault(name, []).append(attrs.get("value") or "")
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                checkable = kind in ("checkbox", "radio")
                form["own"].setdefault(name, attrs.get("value") or ("on" if checkable else ""))
        elif tag == "textarea":
            form["fields"].setdefault(name, []).append("")
            form["own"][name] = ""
            self.textarea = name
        elif tag == "select":
            self.select = name
            form["fields"].setdefault(name, [])
        elif tag == "option" and self.select:
            form["fields"][self.select].append(attrs.get("value") or "")
            # The option shown: the one selected, or else the first.
            if "selected" in attrs or self.select not in form["own"]:
                form["own"][self.select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self.form is not None and self.textarea:
            self.form["own"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def _forms_of(client, urls):
    by_shape = {}
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms(url)
        parser.feed(response.content.decode(errors="replace"))
        for form in parser.found:
            if not form["url"].startswith("/") or form["url"].startswith(SKIP + NOT_FUZZED):
                continue
            # One of each kind of form: the same action on another record adds little.
            kind = re.sub(r"/b/[^/]+/", "/b/B/", _shape(form["url"])[0])
            by_shape.setdefault((kind, form["htmx"]), form)
    return list(by_shape.values())


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and model._meta.managed  # the SQLite-only search table is not one of the app's records
        and not model.__name__.startswith("Historical")
    }


@pytest.fixture
def crawled(monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())
    elsewhere = PartnershipFactory(slug="elsewhere", name="Elsewhere")
    other_board = BoardFactory(partnership=elsewhere)
    member_user(other_board, Role.SECRETARY, "outsider")
    foreign = [
        other_board.pk,
        PersonFactory(partnership=elsewhere).pk,
        MeetingFactory(board=other_board).pk,
        ActionFactory(board=other_board).pk,
        RiskFactory(board=other_board).pk,
    ]
    found = []
    for username in ("secretary", "admin"):
        client = _client(username)
        urls = _crawl(client, ["/p/southend/", "/my-actions/"], per_shape=1)
        found.extend((username, form) for form in _forms_of(client, urls))
    return found, foreign


def _post(client, form, data):
    headers = {"HX-Request": "true"} if form["htmx"] else {}
    return client.post(form["url"], data, headers=headers)


def _check(form, response, before):
    where = f"{form['url']} ({'htmx' if form['htmx'] else 'form'})"
    assert response.status_code != 500, f"server error on {where}"
    body = response.content.decode(errors="replace") if not response.streaming else ""
    rejected = response.status_code in REJECTED or (
        response.status_code == 200 and any(marker in body for marker in MESSAGE)
    )
    if rejected:
        assert _counts() == before, f"rejected request stored something at {where}"
        assert body.strip(), f"rejected without a word at {where}"
        if response.status_code == 200:
            assert any(marker in body for marker in MESSAGE), where


def _fuzz(client, form, hostile):
    """Hypothesis posting to one form: its own values mixed with hostile ones, and bad files."""
    fields = {
        name: st.one_of(st.sampled_from(values or [""]), hostile)
        for name, values in form["fields"].items()
        if name != "csrfmiddlewaretoken"
    }
    files = {name: st.sampled_from(HOSTILE_FILES).map(_file) for name in form["files"]}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.fixed_dictionaries(fields | files))
    def post_hostile(data):
        before = _counts()
        _check(form, _post(client, form, data), before)

    return post_hostile


def test_every_form_survives_empty_and_hostile_input(crawled):
    forms, foreign = crawled
    kinds = {(form["url"], form["htmx"]) for _, form in forms}
    assert len(kinds) >= 20, f"the crawl found too few forms to be a real sweep: {kinds}"
    hostile = _hostile(foreign)
    clients = {username: _client(username) for username in ("secretary", "admin")}
    for username, form in forms:
        client = clients[username]
        before = _counts()
        _check(form, _post(client, form, {}), before)
        _fuzz(client, form, hostile)()


# What a page sends back as it stands, changed where a test says -----------------------------


def _own(form, **changes):
    data = {name: value for name, value in form["own"].items() if name != "csrfmiddlewaretoken"}
    return {**data, **changes}


def _versions():
    """Every versioned record's version: a save, even one that changes nothing else, bumps it."""
    return {
        model._meta.label: sorted(model.objects.values_list("pk", "version"))
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model.__name__.startswith("Historical")
        and any(f.name == "version" for f in model._meta.concrete_fields)
    }


def _is_version(name: str) -> bool:
    return name == "version" or name.endswith("-version")


def test_every_edit_form_refuses_a_post_without_its_version(crawled):
    from boards.forms_base import OUT_OF_DATE

    forms, _foreign = crawled
    clients = {username: _client(username) for username in ("secretary", "admin")}
    # A version of 0 is a record not made yet; a stored record's version starts at 1.
    edits = [
        (username, form)
        for username, form in forms
        if any(_is_version(name) and value not in ("", "0") for name, value in form["own"].items())
    ]
    assert len(edits) >= 12, f"too few edit forms found: {[f['url'] for _, f in edits]}"
    for username, form in edits:
        data = {name: value for name, value in _own(form).items() if not _is_version(name)}
        before = _versions(), _counts()
        headers = {"HX-Request": "true"} if form["htmx"] else {}
        response = clients[username].post(form["url"], data, headers=headers, follow=True)
        where = f"{form['url']} ({'htmx' if form['htmx'] else 'form'})"
        assert response.status_code != 500, where
        assert OUT_OF_DATE in response.content.decode(), where
        assert (_versions(), _counts()) == before, f"saved without a version at {where}"


XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
OUTPUT_SUFFIXES = (".csv", ".xlsx", ".pdf", ".docx", ".ics", "/pdf/", "/docx/")


def _stored_text_with_control_characters():
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or not model._meta.managed:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "TextField")
        ]
        for row in model.objects.values("pk", *fields):
            found += [
                f"{model._meta.label}.{name} #{row['pk']}"
                for name in fields
                if isinstance(row[name], str) and XML_ILLEGAL.search(row[name])
            ]
    return found


def test_control_characters_and_long_text_in_every_text_field_reach_every_output(crawled):
    """Each form sent back as shown, its text fields holding control characters, then too much
    text: never a server error, nothing refused is half-saved, nothing stored that an output
    cannot hold; and then every output of the records reads back."""
    forms, _foreign = crawled
    clients = {username: _client(username) for username in ("secretary", "admin")}
    for username, form in forms:
        client, text = clients[username], sorted(form["text"])
        if not text:
            continue
        data = _own(form, **{name: form["own"].get(name, "") + CONTROL for name in text})
        before = _counts()
        _check(form, _post(client, form, data), before)
        for name in text:
            limit = form["maxlength"].get(name)
            data = _own(form, **{name: "x" * (limit + 1 if limit else 2_000)})
            before = _versions(), _counts()
            response = _post(client, form, data)
            _check(form, response, before[1])
            if limit:
                assert response.status_code != 302, f"{name} over {limit} taken at {form['url']}"
                assert (_versions(), _counts()) == before, f"half-saved at {form['url']}"
    assert not _stored_text_with_control_characters()
    for client in clients.values():
        # The crawl reads every page and output it reaches, failing on a server error.
        pages = _crawl(client, ["/p/southend/", "/public/southend/"], per_shape=3)
        outputs = [url for url in pages if url.split("?")[0].endswith(OUTPUT_SUFFIXES)]
        assert len(outputs) >= 8, f"too few outputs found: {outputs}"
