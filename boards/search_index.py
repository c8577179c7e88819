"""What boards puts in the search index: minutes items, decisions, papers, people (with their
organisation) and boards.

The services (and edit pages) that write these records call the `*_indexed` functions in their
own transaction; `entries()` describes every one of them for a rebuild.
"""

from collections.abc import Iterator

from django.urls import reverse

from .models import AgendaItem, Board, Meeting, Organisation, Paper, Person
from .search import Entry, Kind, Readers, index_documents, remove_documents


def minutes_url(item: AgendaItem) -> str:
    """The meeting's minutes opened at the item."""
    return f"{reverse('boards:minutes_read', args=[item.meeting_id])}#minutes-item-{item.position}"


def _item_entries(item: AgendaItem, meeting: Meeting) -> list[Entry]:
    common = {
        "key": item.pk,
        "partnership_id": meeting.board.partnership_id,
        "board_id": meeting.board_id,
        "meeting_id": meeting.pk,
        "date": meeting.date,
        "owner_id": item.presenter_id,
        "confidential": item.confidential,
        "url": minutes_url(item),
    }
    entries = []
    if item.minutes_text.strip():
        amendments = [amendment.text for amendment in item.amendments.all()]
        body = "\n".join([item.minutes_text, *amendments])
        title = f"{item.position}. {item.title}"
        entries.append(Entry(kind=Kind.MINUTES_ITEM, title=title, body=body, **common))
    if item.decision.strip():
        entries.append(Entry(kind=Kind.DECISION, title=item.title, body=item.decision, **common))
    return entries


def agenda_item_indexed(item: AgendaItem) -> None:
    """The item's minutes, decision and papers as they stand now, read again: the caller's copy
    may be older than the one its service saved."""
    item = AgendaItem.objects.select_related("meeting__board").get(pk=item.pk)
    meeting = item.meeting
    remove_documents(kind=Kind.MINUTES_ITEM, keys=[item.pk])
    remove_documents(kind=Kind.DECISION, keys=[item.pk])
    index_documents(_item_entries(item, meeting))
    index_documents(_paper_entry(paper, item, meeting) for paper in item.papers.all())


def agenda_item_unindexed(item: AgendaItem) -> None:
    remove_documents(kind=Kind.MINUTES_ITEM, keys=[item.pk])
    remove_documents(kind=Kind.DECISION, keys=[item.pk])
    remove_documents(kind=Kind.PAPER, keys=[paper.pk for paper in item.papers.all()])


def meeting_indexed(meeting: Meeting) -> None:
    """Every item of the meeting again: its date or the items' numbers have changed."""
    for item in meeting.agenda_items.all():
        agenda_item_indexed(item)


def _paper_entry(paper: Paper, item: AgendaItem, meeting: Meeting) -> Entry:
    return Entry(
        kind=Kind.PAPER,
        key=paper.pk,
        partnership_id=meeting.board.partnership_id,
        board_id=meeting.board_id,
        meeting_id=meeting.pk,
        date=meeting.date,
        confidential=item.confidential,
        title=f"{paper.label}) {paper.title}",
        body="\n".join([paper.original_name, paper.text]),
        url=reverse("boards:paper", args=[paper.pk]),
    )


def paper_indexed(paper: Paper) -> None:
    item = paper.agenda_item
    meeting = Meeting.objects.select_related("board").get(pk=item.meeting_id)
    index_documents([_paper_entry(paper, item, meeting)])


def paper_unindexed(paper: Paper) -> None:
    remove_documents(kind=Kind.PAPER, keys=[paper.pk])


def _person_entry(person: Person) -> Entry:
    organisation = person.organisation.name if person.organisation_id else ""
    return Entry(
        kind=Kind.PERSON,
        key=person.pk,
        partnership_id=person.partnership_id,
        readers=Readers.PARTNERSHIP,
        title=f"{person.name} ({person.initials})" if person.initials else person.name,
        body="\n".join(filter(None, [person.initials, person.job_title, organisation])),
        url=reverse("boards:people", args=[person.partnership.slug]),
    )


def person_indexed(person: Person) -> None:
    index_documents([_person_entry(person)])


def organisation_indexed(organisation: Organisation) -> None:
    """Its people again: each is found by the name of their organisation."""
    people = organisation.people.select_related("partnership", "organisation")
    index_documents(_person_entry(person) for person in people)


def _board_entry(board: Board) -> Entry:
    return Entry(
        kind=Kind.BOARD,
        key=board.pk,
        partnership_id=board.partnership_id,
        board_id=board.pk,
        readers=Readers.PARTNERSHIP,
        title=f"{board.name} ({board.short_name})",
        body="\n".join([board.short_name, board.purpose]),
        url=reverse("boards:board", args=[board.partnership.slug, board.slug]),
    )


def board_indexed(board: Board) -> None:
    index_documents([_board_entry(board)])


def entries() -> Iterator[Entry]:
    """Every record of boards as search sees it."""
    for board in Board.objects.select_related("partnership").iterator(chunk_size=500):
        yield _board_entry(board)
    people = Person.objects.select_related("partnership", "organisation")
    for person in people.iterator(chunk_size=500):
        yield _person_entry(person)
    items = (
        AgendaItem.objects.select_related("meeting__board")
        .prefetch_related("amendments", "papers")
        .order_by("pk")
    )
    for item in items.iterator(chunk_size=500):
        meeting = item.meeting
        yield from _item_entries(item, meeting)
        for paper in item.papers.all():
            yield _paper_entry(paper, item, meeting)
