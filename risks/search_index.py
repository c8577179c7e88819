"""What risks puts in the search index: each risk on a board's register."""

from collections.abc import Iterator

from django.urls import reverse

from boards.search import Entry, Kind, index_documents

from .models import Risk


def _entry(risk: Risk) -> Entry:
    owner = risk.owner
    parts = [
        risk.reference,
        risk.priority_area,
        risk.description,
        risk.cause,
        risk.effect,
        risk.controls,
        f"{owner.name} {owner.initials}" if owner else "",
    ]
    return Entry(
        kind=Kind.RISK,
        key=risk.pk,
        partnership_id=risk.board.partnership_id,
        board_id=risk.board_id,
        date=risk.raised_on,
        owner_id=risk.owner_id,
        title=f"{risk.reference} {risk.title}",
        body="\n".join(filter(None, parts)),
        url=reverse("risks:detail", args=[risk.pk]),
    )


def risk_indexed(risk: Risk) -> None:
    index_documents([_entry(Risk.objects.select_related("board", "owner").get(pk=risk.pk))])


def entries() -> Iterator[Entry]:
    for risk in Risk.objects.select_related("board", "owner").order_by("pk").iterator(500):
        yield _entry(risk)
