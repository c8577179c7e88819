from django.urls import path

from .views import documents, governance, indicators, plans, reports

app_name = "strategy"

urlpatterns = [
    path("p/<slug:slug>/plans/", plans.plan_list, name="plans"),
    path("p/<slug:slug>/plans/new/", plans.plan_edit, name="plan_add"),
    path("p/<slug:slug>/plan-checklist/", governance.checklist_items, name="checklist_items"),
    path(
        "p/<slug:slug>/plan-checklist/new/",
        governance.checklist_item_edit,
        name="checklist_item_add",
    ),
    path(
        "p/<slug:slug>/plan-checklist/<int:pk>/edit/",
        governance.checklist_item_edit,
        name="checklist_item_edit",
    ),
    path("p/<slug:slug>/dashboard/", indicators.dashboard, name="dashboard"),
    path("p/<slug:slug>/dashboard.pdf", indicators.dashboard_pdf, name="dashboard_pdf"),
    path("p/<slug:slug>/indicators/new/", indicators.indicator_edit, name="indicator_add"),
    path("p/<slug:slug>/indicators/values/", indicators.values_grid, name="values_grid"),
    path("p/<slug:slug>/indicators/import/", indicators.values_import, name="values_import"),
    path("indicators/<int:pk>/", indicators.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", indicators.indicator_edit, name="indicator_edit"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:plan_pk>/priorities/new/", plans.priority_edit, name="priority_add"),
    path(
        "plans/<int:pk>/progress-report.pdf",
        documents.progress_report_pdf,
        name="progress_report_pdf",
    ),
    path(
        "plans/<int:pk>/progress-report.docx",
        documents.progress_report_docx,
        name="progress_report_docx",
    ),
    path("plans/<int:pk>/governance/", governance.governance, name="governance"),
    path("plans/<int:pk>/versions/new/", governance.version_add, name="version_add"),
    path("plans/<int:plan_pk>/sign-off-steps/new/", governance.step_edit, name="step_add"),
    path("plans/<int:pk>/checklist/sync/", governance.checklist_sync, name="checklist_sync"),
    path("plans/<int:pk>/sign-off/", governance.plan_sign_off, name="sign_off"),
    path("strategy-versions/<int:pk>/download/", governance.version_download, name="version"),
    path("sign-off-steps/<int:pk>/edit/", governance.step_edit, name="step_edit"),
    path("plan-checklist/<int:pk>/mark/", governance.checklist_mark, name="checklist_mark"),
    path("meetings/<int:pk>/highlight-reports/", reports.meeting_reports, name="meeting_reports"),
    path(
        "meetings/<int:meeting_pk>/highlight-reports/<int:priority_pk>/",
        reports.report_write,
        name="report_write",
    ),
    path(
        "meetings/<int:meeting_pk>/highlight-reports/<int:priority_pk>/remind/",
        reports.report_remind,
        name="report_remind",
    ),
    path("highlight-reports/<int:pk>/", reports.report_detail, name="highlight_report"),
    path("highlight-reports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    path("priorities/<int:pk>/", plans.priority_detail, name="priority"),
    path("priorities/<int:pk>/edit/", plans.priority_edit, name="priority_edit"),
    path("priorities/<int:priority_pk>/actions/new/", plans.action_edit, name="action_add"),
    path("plan-actions/<int:pk>/", plans.action_detail, name="action"),
    path("plan-actions/<int:pk>/edit/", plans.action_edit, name="action_edit"),
    path("plan-actions/<int:pk>/reschedule/", plans.action_reschedule, name="reschedule"),
    path("priorities/<int:pk>/rag/", plans.rag_change, {"kind": "priority"}, name="priority_rag"),
    path("plan-actions/<int:pk>/rag/", plans.rag_change, {"kind": "action"}, name="action_rag"),
    path(
        "priorities/<int:pk>/progress/",
        plans.progress_update,
        {"kind": "priority"},
        name="priority_progress",
    ),
    path(
        "plan-actions/<int:pk>/progress/",
        plans.progress_update,
        {"kind": "action"},
        name="action_progress",
    ),
]
