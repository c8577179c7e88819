from django.urls import path

from .views import matrix, meeting, register, risks, transfer

app_name = "risks"

urlpatterns = [
    path("p/<slug:slug>/risks/", register.partnership_register, name="partnership_register"),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/risks/",
        register.board_register,
        name="board_register",
    ),
    path("p/<slug:slug>/b/<slug:board_slug>/risks/new/", risks.risk_add, name="add"),
    path("risks/<int:pk>/", risks.risk_detail, name="detail"),
    path("risks/<int:pk>/edit/", risks.risk_edit, name="edit"),
    path("risks/<int:pk>/review/", risks.risk_review, name="review"),
    path("risks/<int:pk>/escalate/", risks.risk_escalate, name="escalate"),
    path("risks/<int:pk>/return/", risks.risk_deescalate, name="deescalate"),
    path("risks/<int:pk>/close/", risks.risk_close, name="close"),
]

urlpatterns += [
    path(
        "p/<slug:slug>/b/<slug:board_slug>/risks/import/",
        transfer.risk_import,
        name="import",
    ),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/risks/export.<str:fmt>",
        transfer.board_export,
        name="board_export",
    ),
    path(
        "p/<slug:slug>/risks/export.<str:fmt>",
        transfer.partnership_export,
        name="partnership_export",
    ),
]

urlpatterns += [
    path("meetings/<int:pk>/risk-log/", meeting.risk_log, name="meeting_risk_log"),
    path(
        "meetings/<int:pk>/risk-log/<int:risk_pk>/review/",
        meeting.risk_log_review,
        name="meeting_review",
    ),
]

urlpatterns += [path("p/<slug:slug>/risks/bands/", matrix.matrix_edit, name="matrix")]
