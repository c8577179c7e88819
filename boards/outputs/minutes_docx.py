"""The minutes as a Word document, which councils publish from."""

import io

from core.dates import time_of_day
from core.registry import MinutesAction

from ..minutes_text import blocks, plain_runs
from ..models import AgendaItem, Attendance, Meeting
from .minutes import ACTIONS_HEADINGS, CONFIDENTIAL, WITHHELD_NOTE, minutes_context, minutes_title


def meeting_heading(meeting: Meeting) -> str:
    start = time_of_day(meeting.starts_at)
    end = f" to {time_of_day(meeting.ends_at)}" if meeting.ends_at else ""
    where = f", {meeting.where}" if meeting.where else ""
    return f"{meeting.date:%A %-d %B %Y}, {start}{end}{where}"


def minutes_docx(meeting: Meeting, *, public: bool) -> bytes:
    """The same minutes as a Word document, which councils publish from."""
    from docx import Document
    from docx.shared import Pt

    context = minutes_context(meeting, public=public)
    document = Document()
    document.core_properties.title = minutes_title(meeting)
    document.core_properties.language = "en-GB"
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(meeting.board.name.upper(), level=0)
    document.add_paragraph(meeting_heading(meeting))
    document.add_paragraph().add_run(context["status_label"]).bold = True
    if context["attendance_first"]:
        _docx_attendance(document, context)

    for entry in context["items"]:
        time = time_of_day(entry.time)
        marking = f" ({CONFIDENTIAL})" if entry.confidential else ""
        document.add_heading(
            f"{time + '  ' if time else ''}{entry.number}. {entry.title}{marking}", 2
        )
        if entry.withheld:
            document.add_paragraph(WITHHELD_NOTE).italic = True
            continue
        for paper in entry.papers:
            document.add_paragraph(f"Paper {paper.label}) {paper.title}")
        if entry.note:
            document.add_paragraph(entry.note)
        if entry.item.standing == AgendaItem.Standing.DECLARATIONS:
            for declaration in context["declarations"]:
                document.add_paragraph(_declaration(declaration))
            if context["declarations_withheld_note"]:
                document.add_paragraph(context["declarations_withheld_note"]).italic = True
        for block in blocks(entry.text):
            style = "List Bullet" if block.kind == "ul" else None
            for line in block.lines:
                paragraph = document.add_paragraph(style=style)
                for text, bold in plain_runs(line):
                    paragraph.add_run(text).bold = bold
        for line in entry.lines:
            paragraph = document.add_paragraph()
            for text, bold in plain_runs(line):
                paragraph.add_run(text).bold = bold
        if entry.actions:
            _docx_actions(document, entry.actions, caption="Actions")
        if entry.decision:
            paragraph = document.add_paragraph()
            paragraph.add_run("Decision: ").bold = True
            paragraph.add_run(" ".join(text for text, _ in plain_runs(entry.decision)))
        for amendment in entry.amendments:
            paragraph = document.add_paragraph()
            paragraph.add_run(
                f"Amended {amendment.made_at:%-d %B %Y} by {amendment.author.get_full_name()}"
                f" ({amendment.reason}): "
            ).bold = True
            paragraph.add_run(amendment.text)

    close = context["close_time"]
    closed_at = f"{time_of_day(close)}  " if close else ""
    document.add_paragraph().add_run(f"{closed_at}Close").bold = True
    for line in (context["close_line"], context["next_meeting_line"]):
        if line:
            document.add_paragraph(line)
    if context["actions_at_end"]:
        _docx_actions(document, context["actions_at_end"], caption="Actions agreed")
    if not context["attendance_first"]:
        _docx_attendance(document, context)
    if context["signature"]:
        document.add_paragraph()
        document.add_paragraph().add_run(context["signature"]).bold = True
    _page_numbers(document.sections[0].footer.paragraphs[0])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_attendance(document, context: dict) -> None:
    document.add_heading("Attendance", level=1)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, heading in zip(
        table.rows[0].cells, ["", "Name", "Job title", "Organisation", "Initials"], strict=True
    ):
        cell.text = heading
    for group in context["attendance_groups"]:
        for index, row in enumerate(group.rows):
            cells = table.add_row().cells
            cells[0].text = group.label if index == 0 else ""
            name = row.person.name
            if row.deputy_for:
                name += f" (deputy for {row.deputy_for.name})"
            if row.joined_at:
                name += f", joined {time_of_day(row.joined_at)}"
            if row.left_at:
                name += f", left {time_of_day(row.left_at)}"
            cells[1].text = name
            cells[2].text = job_title(row)
            cells[3].text = str(row.person.organisation or "")
            cells[4].text = row.person.initials


def _docx_actions(document, actions: list[MinutesAction], *, caption: str) -> None:
    document.add_paragraph().add_run(caption).bold = True
    table = document.add_table(rows=1, cols=len(ACTIONS_HEADINGS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, ACTIONS_HEADINGS, strict=True):
        cell.text = heading
    for action in actions:
        cells = table.add_row().cells
        for cell, text in zip(
            cells, (action.reference, action.action, action.owners, action.deadline), strict=True
        ):
            cell.text = text


def job_title(row: Attendance) -> str:
    """As the minutes print it: the minute-taker has "(minutes)" after her job title."""
    if row.role == Attendance.Role.MINUTE_TAKER:
        return f"{row.person.job_title} (minutes)".strip()
    return row.person.job_title


def _declaration(declaration) -> str:
    if declaration.is_none_recorded:
        return "None recorded"
    return f"{declaration.person.name} ({declaration.person.initials}): {declaration.interest}"


def _page_numbers(paragraph) -> None:
    """ "Page 2 of 6" in the footer, as Word fields so Word counts the pages."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, instruction in (("Page ", "PAGE"), (" of ", "NUMPAGES")):
        paragraph.add_run(text)
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), instruction)
        run = OxmlElement("w:r")
        number = OxmlElement("w:t")
        number.text = "1"
        run.append(number)
        simple.append(run)
        paragraph._p.append(simple)
