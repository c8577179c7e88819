"""Building the meeting pack: contents, page numbers, outline, confidentiality, reuse, failure."""

import io
import re
import subprocess

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from boards.models import MeetingPack, Minutes
from boards.pack import pdf as pack_pdf
from boards.pack.build import pack_build, pack_claim
from boards.pack.contents import pack_contents, pack_fingerprint
from boards.pack.published import is_published
from boards.pack.queue import pack_request, pack_retry

from .factories import pdf_of


def build(meeting, *, public=False, user=None, capture=None):
    with capture(execute=True):
        meeting_pack = pack_request(meeting=meeting, public=public, user=user)
    meeting_pack.refresh_from_db()
    return meeting_pack


@pytest.fixture
def built(meeting, django_capture_on_commit_callbacks):
    def _built(public=False):
        meeting_pack = build(meeting, public=public, capture=django_capture_on_commit_callbacks)
        assert meeting_pack.status == MeetingPack.Status.READY, meeting_pack.error
        with meeting_pack.file.open("rb") as handle:
            return meeting_pack, PdfReader(io.BytesIO(handle.read()))

    return _built


def texts(reader):
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def laid_out(meeting_pack, tmp_path) -> list[tuple[str, str, str]]:
    """Each page's width, height and words with their boxes, as Poppler lays them out."""
    path = tmp_path / "pack.pdf"
    with meeting_pack.file.open("rb") as handle:
        path.write_bytes(handle.read())
    layout = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', layout, re.S)


def first_page_with(pages, marker):
    return next(number for number, text in enumerate(pages, start=1) if marker in text)


def test_pack_holds_cover_agenda_and_items_in_agenda_order(built):
    meeting_pack, reader = built()
    pages = texts(reader)
    assert "SEND Strategic Partnership Board" in pages[0]
    assert "Thursday 26 January 2023" in pages[0]
    assert "Civic Centre" in pages[0]
    order = [
        first_page_with(pages, marker)
        for marker in (
            "Agenda",
            "ACTION LOG FRAGMENT",
            "INCLUSION PAPER TEXT",
            "SECRET CASE TEXT",
        )
    ]
    assert order == sorted(order) and len(set(order)) == len(order)
    assert meeting_pack.page_count == len(pages)


def test_agenda_gives_the_page_each_item_starts_on(built):
    _, reader = built()
    pages = texts(reader)
    agenda = pages[1]
    expected = {
        r"Welcome, introductions and apologies For discussion": "–",  # nothing to print
        # The last meeting has no minutes yet: the agenda says so, no page says only that.
        r"Minutes of the last meeting: not yet available For discussion": "–",
        r"Action log For discussion": first_page_with(pages, "ACTION LOG FRAGMENT"),
        r"Consultation responses AW": first_page_with(pages, "attached separately"),
        # An item with only a PDF paper starts on the paper's first page.
        r"5a\) Case review": first_page_with(pages, "SECRET CASE TEXT"),
    }
    for row, page in expected.items():
        assert re.search(rf"{row} {page} ", agenda), (row, page, agenda)


def test_every_page_carries_the_running_footer(built):
    _, reader = built()
    pages = texts(reader)
    for number, text in enumerate(pages, start=1):
        assert f"SSPB – 26 January 2023 – page {number} of {len(pages)}" in text


def test_outline_has_cover_agenda_each_item_and_its_papers(built):
    _, reader = built()
    top = [entry for entry in reader.outline if not isinstance(entry, list)]
    titles = [entry.title for entry in top]
    assert titles == [
        "Cover",
        "Agenda",
        "3. Action log",
        "4. Inclusion strategy",
        "5. Exclusions: individual cases",
    ]
    nested = [entry.title for group in reader.outline if isinstance(group, list) for entry in group]
    assert nested == ["4a) Inclusion strategy draft", "5a) Case review"]
    pages = texts(reader)
    inclusion_paper = [e for g in reader.outline if isinstance(g, list) for e in g][0]
    assert "INCLUSION PAPER TEXT" in pages[reader.get_destination_page_number(inclusion_paper)]


def test_document_title_and_language_are_set(built):
    _, reader = built()
    assert (
        reader.metadata.title == "SEND Strategic Partnership Board – Meeting pack – 26 January 2023"
    )
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_papers_that_are_not_pdfs_are_listed_as_attached_separately(built):
    _, reader = built()
    text = " ".join(texts(reader))
    assert "4b) Consultation responses (responses.docx): attached separately" in text


def test_full_pack_is_marked_confidential(built):
    _, reader = built()
    assert "Confidential" in texts(reader)[0]


def test_public_pack_leaves_confidential_items_out(built):
    meeting_pack, reader = built(public=True)
    text = " ".join(texts(reader))
    assert "SECRET CASE TEXT" not in text and "5a) Case review" not in text
    # Listed on the agenda, as exempt, as the public minutes list it.
    assert "Exclusions: individual cases Exempt from publication" in texts(reader)[1]
    assert "Confidential:" not in text
    assert "INCLUSION PAPER TEXT" in text
    assert meeting_pack.public


def test_pack_is_reused_until_something_in_it_changes(meeting, built, action_log_section):
    first, _ = built()
    second, _ = built()
    assert second.pk == first.pk
    assert second.attempts == 1  # built once

    item = meeting.agenda_items.get(position=4)
    item.title = "Inclusion strategy (revised)"
    item.version += 1
    item.save()
    third, reader = built()
    assert third.pk != first.pk
    assert "Inclusion strategy (revised)" in texts(reader)[1]
    assert not MeetingPack.objects.filter(pk=first.pk).exists()  # the stale one is discarded


def test_what_other_apps_contribute_is_part_of_the_fingerprint(meeting, monkeypatch):
    before = pack_fingerprint(pack_contents(meeting, public=False))
    from core import registry

    monkeypatch.setattr(registry, "_pack_sections", [lambda m, i, p: "<p>a new update</p>"])
    after = pack_fingerprint(pack_contents(meeting, public=False))
    assert before != after


def test_public_and_full_packs_are_different_packs(meeting, built):
    full, _ = built()
    public, _ = built(public=True)
    assert full.pk != public.pk and full.fingerprint != public.fingerprint


def test_a_failed_build_records_why_and_a_retry_builds_it(
    meeting, django_capture_on_commit_callbacks
):
    paper = meeting.agenda_items.get(position=4).papers.get(label="4a")
    paper.document.save("inclusion.pdf", ContentFile(b"%PDF-1.4 broken"), save=True)
    failed = build(meeting, capture=django_capture_on_commit_callbacks)
    assert failed.status == MeetingPack.Status.FAILED
    assert "Paper 4a (paper.pdf) is not a readable PDF" in failed.error
    assert not failed.file

    with paper.document.open("wb") as handle:
        handle.write(pdf_of("INCLUSION PAPER TEXT"))
    with django_capture_on_commit_callbacks(execute=True):
        assert pack_retry(pack=failed)
    failed.refresh_from_db()
    assert failed.status == MeetingPack.Status.READY
    assert failed.error == "" and failed.attempts == 2


def test_an_unreadable_paper_says_what_to_do_and_leaves_the_details_to_the_log(
    meeting, django_capture_on_commit_callbacks, caplog
):
    paper = meeting.agenda_items.get(position=4).papers.get(label="4a")
    paper.document.save("inclusion.pdf", ContentFile(b"%PDF-1.4 broken"), save=True)
    failed = build(meeting, capture=django_capture_on_commit_callbacks)
    assert failed.error == (
        "Paper 4a (paper.pdf) is not a readable PDF: open it on your computer, save it as PDF "
        "again and upload that."
    )
    assert "BytesIO" in caplog.text  # what qpdf said, for whoever looks into it


def test_an_unexpected_failure_says_try_again_not_what_the_code_said(
    meeting, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(*args, **kwargs):
        raise TypeError(f"{io.BytesIO()!r} is not what was expected")

    monkeypatch.setattr(pack_pdf, "merge", broken)
    failed = build(meeting, capture=django_capture_on_commit_callbacks)
    assert failed.status == MeetingPack.Status.FAILED
    assert failed.error == (
        "Something went wrong while building the pack. Try again; if it fails again, tell the "
        "site's administrators."
    )
    assert "is not what was expected" in caplog.text and "TypeError" in caplog.text


def test_retrying_a_pack_that_is_not_failed_does_nothing(meeting, built):
    ready, _ = built()
    assert not pack_retry(pack=ready)
    ready.refresh_from_db()
    assert ready.status == MeetingPack.Status.READY


def test_only_one_worker_claims_a_queued_pack(meeting):
    queued = MeetingPack.objects.create(meeting=meeting, public=False, fingerprint="x")
    assert pack_claim(pack_id=queued.pk) == 1
    assert pack_claim(pack_id=queued.pk) is None
    assert pack_build(pack_id=queued.pk) is False  # the second worker builds nothing
    queued.refresh_from_db()
    assert queued.status == MeetingPack.Status.BUILDING and queued.attempts == 1


def test_asking_again_while_queued_does_not_queue_a_second_build(
    meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = pack_request(meeting=meeting, public=False, user=None)
        second = pack_request(meeting=meeting, public=False, user=None)
    assert first.pk == second.pk
    assert len(callbacks) == 1
    assert MeetingPack.objects.count() == 1


def test_build_times_are_recorded(built):
    meeting_pack, _ = built()
    assert 0 < meeting_pack.render_seconds <= meeting_pack.build_seconds
    assert meeting_pack.steps_done == meeting_pack.steps_total > 0


def test_a_meeting_is_published_once_its_minutes_are(meeting):
    assert not is_published(meeting)
    Minutes.objects.create(meeting=meeting, status=Minutes.Status.PUBLISHED)
    assert is_published(meeting)


def test_the_merged_pack_keeps_every_section_tagged(built):
    """Each page's marked content is reachable from the one structure tree of the pack."""
    _, reader = built()
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    tree = root["/StructTreeRoot"].get_object()
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document"
    kinds = set()

    def walk(element):
        element = element.get_object()
        if isinstance(element, dict) and "/S" in element:
            kinds.add(element["/S"])
            for kid in element.get("/K", []) if isinstance(element.get("/K"), list) else []:
                walk(kid)

    walk(document)
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/P"} <= kinds
    nums = tree["/ParentTree"].get_object()["/Nums"]
    parents = dict(zip(nums[::2], nums[1::2], strict=True))
    tagged_pages = [page for page in reader.pages if "/StructParents" in page]
    assert len(tagged_pages) >= 4  # cover, agenda and item sections; the test papers are untagged
    keys = [page["/StructParents"] for page in tagged_pages]
    assert len(set(keys)) == len(keys) and all(key in parents for key in keys)
    for page in tagged_pages:
        elements = parents[page["/StructParents"]].get_object()
        owner = elements[0].get_object()
        while "/Pg" not in owner:
            owner = owner["/P"].get_object()
        assert owner["/Pg"].get_object().indirect_reference == page.indirect_reference
    assert tree["/ParentTreeNextKey"] > max(keys)


def test_the_footer_sits_upright_at_the_foot_of_every_page(built, tmp_path):
    pack, reader = built()
    # Poppler lays the text out as a reader sees it (a footer drawn upside down would sit at the
    # top); each footer's first word must be on the bottom tenth of its page.
    pages = laid_out(pack, tmp_path)
    assert len(pages) == len(reader.pages)
    for _width, height, words in pages:
        # The footer is drawn last, so its "SSPB" is the page's last.
        tops = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>SSPB</word>', words)
        assert tops and float(tops[-1]) > float(height) * 0.9


def test_the_footer_is_an_artifact_not_content(built):
    _, reader = built()
    contents = reader.pages[0].get_contents().get_data()
    assert b"/Artifact BMC" in contents


def test_a_paper_missing_from_storage_fails_with_a_clear_reason(
    meeting, django_capture_on_commit_callbacks
):
    paper = meeting.agenda_items.get(position=4).papers.get(label="4a")
    paper.document.storage.delete(paper.document.name)
    failed = build(meeting, capture=django_capture_on_commit_callbacks)
    assert failed.status == MeetingPack.Status.FAILED
    assert failed.error == "Paper 4a (paper.pdf) is missing from storage: upload it again."


def test_a_long_agenda_still_numbers_every_item_right(
    board, monkeypatch, django_capture_on_commit_callbacks
):
    """The agenda runs to more than one page, which moves every item's first page."""
    from core import registry
    from tests.boards.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(board=board)
    for position in range(1, 31):
        AgendaItemFactory(meeting=meeting, position=position, title=f"Priority {position} report")
    monkeypatch.setattr(
        registry, "_pack_sections", [lambda m, item, p: f"<p>BODY OF ITEM {item.position}</p>"]
    )
    meeting_pack = build(meeting, capture=django_capture_on_commit_callbacks)
    with meeting_pack.file.open("rb") as handle:
        pages = texts(PdfReader(io.BytesIO(handle.read())))
    agenda = " ".join(page for page in pages if page.startswith("Agenda") or "Priority 30" in page)
    for position in (1, 17, 30):
        page = first_page_with(pages, f"BODY OF ITEM {position}")
        assert re.search(rf"Priority {position} report For discussion {page} ", agenda)
    assert first_page_with(pages, "BODY OF ITEM 1") > 3  # cover and an agenda of two pages


def test_a_ready_pack_whose_file_was_lost_is_built_again(meeting, built):
    ready, _ = built()
    ready.file.delete(save=True)
    rebuilt, reader = built()
    assert rebuilt.pk == ready.pk and rebuilt.attempts == 2
    assert len(reader.pages) == rebuilt.page_count


def test_minutes_item_carries_the_last_meetings_minutes_without_exempt_text(meeting):
    from boards.models import AgendaItem, Minutes

    previous = meeting.board.meetings.get(date="2022-11-24")
    Minutes.objects.create(meeting=previous, status=Minutes.Status.APPROVED)
    AgendaItem.objects.create(
        meeting=previous, position=1, title="Welcome", minutes_text="MM opened the meeting."
    )
    AgendaItem.objects.create(
        meeting=previous,
        position=2,
        title="A named child's case",
        confidential=True,
        minutes_text="EXEMPT CASE DETAIL",
    )

    def minutes_html(public):
        contents = pack_contents(meeting, public=public)
        entry = next(e for e in contents.items if e.item.standing == "minutes")
        return " ".join(entry.fragments)

    assert "MM opened the meeting." in minutes_html(public=True)
    assert "EXEMPT CASE DETAIL" not in minutes_html(public=True)
    assert "EXEMPT CASE DETAIL" in minutes_html(public=False)


def test_the_risk_register_has_landscape_pages_with_the_footer_centred(
    meeting, built, tmp_path, monkeypatch
):
    from core import registry
    from risks.documents import pack_section
    from tests.boards.factories import AgendaItemFactory
    from tests.risks.factories import RiskFactory

    monkeypatch.setattr(registry, "_pack_sections", [pack_section])
    AgendaItemFactory(meeting=meeting, position=7, title="Risk log", standing="risk_log")
    RiskFactory(board=meeting.board, title="Wide register of risks")
    pack, reader = built()
    pages = laid_out(pack, tmp_path)
    [(width, height, words)] = [page for page in pages if ">Wide<" in page[2]]
    assert float(width) > float(height)  # its columns need a landscape page
    [footer_left] = re.findall(r'<word xMin="([\d.]+)"[^>]*>SSPB</word>', words)[-1:]
    assert float(width) * 0.3 < float(footer_left) < float(width) * 0.5
