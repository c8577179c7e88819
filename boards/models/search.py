"""What search finds: one document per record, kept in step by the services that write records.

Each document carries what the access rules need (partnership, board, meeting, whether it came
from a confidential item, who may read it) beside the text that is searched. PostgreSQL searches
`vector` (a tsvector with a GIN index); SQLite searches an FTS5 table (`SearchIndexRow`) whose
rowid is the document's id. Both are created by the migration for the database in use.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .meetings import Meeting
from .structure import Board, Partnership, Person


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        MINUTES_ITEM = "minutes_item", "Minutes item"
        DECISION = "decision", "Decision"
        ACTION = "action", "Action"
        ACTION_UPDATE = "action_update", "Action update"
        RISK = "risk", "Risk"
        PRIORITY = "priority", "Plan priority"
        PLAN_ACTION = "plan_action", "Plan action"
        HIGHLIGHT_REPORT = "highlight_report", "Highlight report"
        PAPER = "paper", "Paper"
        PERSON = "person", "Person"
        BOARD = "board", "Board"

    class Readers(models.TextChoices):
        BOARD = "board", "Those who read the board"
        PARTNERSHIP = "partnership", "Everyone of the partnership"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.PositiveBigIntegerField(help_text="The id of the record it was made from")
    readers = models.CharField(max_length=20, choices=Readers.choices, default=Readers.BOARD)
    confidential = models.BooleanField(default=False)
    title = models.CharField(max_length=400)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=400)
    date = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="search_document_once"),
            models.CheckConstraint(
                condition=models.Q(readers="partnership") | models.Q(board__isnull=False),
                name="search_document_board_readers_name_board",
            ),
        ]
        indexes = [models.Index(fields=["board", "date"]), models.Index(fields=["partnership"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class Match(models.Lookup):
    """`column MATCH query`: SQLite's full-text match, for the FTS5 table's columns."""

    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FullTextColumn(models.TextField):
    """A column of an FTS5 table, which takes `__match`."""


FullTextColumn.register_lookup(Match)


class SearchIndexRow(models.Model):
    """A row of the FTS5 table that SQLite searches; PostgreSQL has no such table."""

    document = models.OneToOneField(
        SearchDocument,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        related_name="index_row",
    )
    title = models.TextField()
    body = models.TextField()
    # FTS5's hidden columns: the one named after the table takes a MATCH over every column,
    # `rank` is the match's bm25 score (lower is better).
    everything = FullTextColumn(db_column="boards_searchindex")
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = "boards_searchindex"

    def __str__(self):
        return self.title
