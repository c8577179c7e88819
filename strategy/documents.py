"""The documents a plan produces: the progress report (PDF and Word) for scrutiny or the HWBB."""

import io
from dataclasses import dataclass

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from core.documents import render_pdf

from .models import HighlightReport, Plan, Priority, ProgressUpdate, Rag


@dataclass
class ReportSection:
    priority: Priority
    rag_label: str
    bullets: list[str]
    rag_checks: list[str]


def _rag_checks(priority: Priority) -> list[str]:
    """The priority's own RAG check, then its actions': the report shows no actions otherwise."""
    checks = [priority.rag_check] if priority.needs_rag_check else []
    return checks + [
        f"Check RAG: action {action.reference} is overdue but On track"
        for action in priority.actions.all()
        if action.needs_rag_check
    ]


def progress_sections(plan: Plan) -> list[ReportSection]:
    priorities = plan.priorities.select_related("sro").prefetch_related(
        "actions",
        Prefetch("updates", queryset=ProgressUpdate.objects.order_by("written_on", "created_at")),
    )
    return [
        ReportSection(
            priority=priority,
            rag_label=Rag(priority.rag).label if priority.rag else "Not rated",
            bullets=[update.text for update in priority.updates.all()],
            rag_checks=_rag_checks(priority),
        )
        for priority in priorities
    ]


def _context(plan: Plan) -> dict:
    return {
        "plan": plan,
        "sections": progress_sections(plan),
        "generated_on": timezone.localdate(),
    }


def progress_report_pdf(plan: Plan) -> bytes:
    return render_pdf(
        "strategy/pdf/progress_report.html",
        _context(plan),
        title=f"{plan.title}: progress report",
    )


def progress_report_docx(plan: Plan) -> bytes:
    from docx import Document

    context = _context(plan)
    document = Document()
    document.core_properties.title = f"{plan.title}: progress report"
    document.add_heading(plan.title, level=0)
    document.add_paragraph(
        f"Progress report, {plan.partnership.name}, {context['generated_on']:%-d %B %Y}"
    )
    if plan.published_on:
        document.add_paragraph(f"Published {plan.published_on:%-d %B %Y}")
    for section in context["sections"]:
        priority = section.priority
        document.add_heading(f"Recommendation {priority.number}: {priority.title}", level=1)
        if priority.text:
            document.add_paragraph(priority.text)
        status = document.add_paragraph()
        status.add_run("RAG status: ").bold = True
        status.add_run(section.rag_label)
        for check in section.rag_checks:
            document.add_paragraph().add_run(check).bold = True
        if priority.sro:
            document.add_paragraph(f"SRO: {priority.sro.name}")
        for bullet in section.bullets:
            document.add_paragraph(bullet, style="List Bullet")
        if not section.bullets:
            document.add_paragraph("No progress recorded yet.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def highlight_report_pdf(report: HighlightReport) -> bytes:
    return render_pdf(
        "strategy/pdf/highlight_report.html",
        {"report": report, "next_steps": list(report.next_steps.all())},
        title=f"Highlight report: {report.priority.title}, {report.meeting}",
    )


def highlight_reports_html(meeting, item) -> str | None:
    """The submitted highlight reports presented under an agenda item, for the meeting pack."""
    reports = list(
        HighlightReport.objects.filter(
            meeting=meeting, agenda_item=item, status=HighlightReport.Status.SUBMITTED
        )
        .select_related("priority__plan", "priority__sro", "meeting__board")
        .prefetch_related("next_steps")
    )
    if not reports:
        return None
    return "".join(
        render_to_string(
            "strategy/pdf/partials/highlight_report.html",
            {"report": report, "next_steps": list(report.next_steps.all())},
        )
        for report in reports
    )
