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
ODD = ["\u202egnp.exe", "\x00", "𝔊𝔅 👩🏽‍⚕️", "ﷺ" * 50, "\ufeff", "a" * 20_000, "../../etc/passwd"]
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


class _Forms(HTMLParser):
    """Each post form and hx-post of a page: url, field names with their known values, files."""

    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url, self.found, self.form, self.select = page_url, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.form = {"url": attrs.get("action") or self.page_url, "htmx": False}
            self.form.update(fields={}, files=set())
            self.found.append(self.form)
        if attrs.get("hx-post"):
            fields = dict(self.form["fields"]) if self.form else {}
            for name, value in json.loads(attrs.get("hx-vals") or "{}").items():
                fields[name] = [str(value)]
            entry = {"url": attrs["hx-post"], "htmx": True, "fields": fields, "files": set()}
            self.found.append(entry)
            if tag == "form":
                self.form = entry
        if self.form is None or not attrs.get("name") and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input" and attrs.get("type") == "file":
            self.form["files"].add(name)
        elif tag == "input" and attrs.get("type") not in ("submit", "button"):
            self.form["fields"].setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea":
            self.form["fields"].setdefault(name, []).append("")
        elif tag == "select":
            self.select = name
            self.form["fields"].setdefault(name, [])
        elif tag == "option" and self.select:
            self.form["fields"][self.select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
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
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical")
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
