"""Downloads: the plan progress report, highlight reports and the indicator dashboard."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.text import slugify

from core.documents import pdf_response
from core.downloads import as_download

from .. import access, documents

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def progress_report_pdf(request, pk):
    plan = access.plan_for_user(request.access, pk)
    return pdf_response(
        documents.progress_report_pdf(plan), f"{slugify(plan.title)}-progress-report.pdf"
    )


@login_required
def progress_report_docx(request, pk):
    plan = access.plan_for_user(request.access, pk)
    response = HttpResponse(documents.progress_report_docx(plan), content_type=DOCX_TYPE)
    return as_download(response, f"{slugify(plan.title)}-progress-report.docx")
