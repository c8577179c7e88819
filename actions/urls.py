from django.urls import path

from .views import detail, imports, log, meeting, mine

app_name = "actions"

urlpatterns = [
    path("my-actions/", mine.my_actions, name="mine"),
    path("my-actions/<int:pk>/update/", mine.my_action_update, name="mine_update"),
    path("p/<slug:slug>/actions/", log.partnership_log, name="log"),
    path(
        "p/<slug:slug>/actions/export.<str:fmt>",
        log.partnership_log,
        name="log_export",
    ),
    path("p/<slug:slug>/b/<slug:board_slug>/actions/", log.board_log, name="board_log"),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/actions/export.<str:fmt>",
        log.board_log,
        name="board_log_export",
    ),
    path("p/<slug:slug>/b/<slug:board_slug>/actions/new/", detail.action_add, name="add"),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/actions/import/",
        imports.import_upload,
        name="import",
    ),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/actions/import/columns/",
        imports.import_columns,
        name="import_columns",
    ),
    path("actions/<int:pk>/", detail.action_detail, name="detail"),
    path("actions/<int:pk>/edit/", detail.action_edit, name="edit"),
    path("actions/<int:pk>/update/", detail.action_update, name="update"),
    path("actions/<int:pk>/close/", detail.action_close, name="close"),
    path("meetings/<int:meeting_id>/action-log/", meeting.meeting_action_log, name="meeting_log"),
    path(
        "meetings/<int:meeting_id>/action-log/<int:pk>/",
        meeting.meeting_action_record,
        name="meeting_record",
    ),
    path(
        "meetings/items/<int:item_id>/action-capture/",
        meeting.action_capture,
        name="capture",
    ),
]
