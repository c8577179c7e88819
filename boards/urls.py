from django.urls import include, path

from .views import (
    agenda,
    attendance,
    meetings,
    members,
    minutes,
    replies,
    structure,
    work,
)

app_name = "boards"

urlpatterns = [
    path("your-work/", work.your_work, name="your_work"),
    path("your-work/<slug:key>/", work.your_work_section, name="your_work_section"),
    path("partnerships/new/", structure.partnership_edit, name="partnership_add"),
    path("p/<slug:slug>/", structure.partnership_detail, name="partnership"),
    path("p/<slug:slug>/edit/", structure.partnership_edit, name="partnership_edit"),
    path("p/<slug:slug>/organisations/", structure.organisation_list, name="organisations"),
    path("p/<slug:slug>/organisations/new/", structure.organisation_edit, name="organisation_add"),
    path(
        "p/<slug:slug>/organisations/<int:pk>/edit/",
        structure.organisation_edit,
        name="organisation_edit",
    ),
    path("p/<slug:slug>/people/", structure.person_list, name="people"),
    path("p/<slug:slug>/people/new/", structure.person_edit, name="person_add"),
    path("p/<slug:slug>/people/<int:pk>/edit/", structure.person_edit, name="person_edit"),
    path("p/<slug:slug>/boards/new/", structure.board_edit, name="board_add"),
    path("p/<slug:slug>/b/<slug:board_slug>/", structure.board_detail, name="board"),
    path("p/<slug:slug>/b/<slug:board_slug>/edit/", structure.board_edit, name="board_edit"),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/history/", structure.board_history, name="board_history"
    ),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/members/new/",
        structure.membership_edit,
        name="membership_add",
    ),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/members/upload/",
        members.members_upload,
        name="members_upload",
    ),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/members/upload/check/",
        members.members_check,
        name="members_check",
    ),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/members/<int:pk>/edit/",
        structure.membership_edit,
        name="membership_edit",
    ),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/terms/new/",
        structure.terms_of_reference_add,
        name="terms_add",
    ),
    path("terms/<int:pk>/download/", structure.terms_of_reference_download, name="terms_download"),
    # Meetings of a board, and its forward plan
    path("p/<slug:slug>/b/<slug:board_slug>/meetings/", meetings.meeting_list, name="meetings"),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/meetings/new/",
        meetings.meeting_add,
        name="meeting_add",
    ),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/forward-plan/",
        meetings.forward_plan,
        name="forward_plan",
    ),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/forward-plan/new/",
        meetings.forward_plan_edit,
        name="forward_plan_add",
    ),
    path(
        "p/<slug:slug>/b/<slug:board_slug>/forward-plan/<int:pk>/edit/",
        meetings.forward_plan_edit,
        name="forward_plan_edit",
    ),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/calendar.ics", meetings.meeting_ics, name="meeting_ics"),
    path(
        "meetings/<int:pk>/standing-items/",
        meetings.standing_items_add,
        name="standing_items_add",
    ),
    path("meetings/<int:pk>/forward-plan/", meetings.forward_plan_pull, name="forward_plan_pull"),
    # Replies before the meeting
    path("meetings/<int:pk>/reply/", replies.meeting_reply, name="meeting_reply"),
    path("meetings/<int:pk>/invitations/", replies.invitations_send, name="invitations_send"),
    path("reply/<str:token>/", replies.reply_by_link, name="reply_link"),
    # The agenda and its papers
    path("meetings/<int:pk>/items/new/", agenda.item_add, name="item_add"),
    path("items/<int:pk>/edit/", agenda.item_edit, name="item_edit"),
    path("items/<int:pk>/remove/", agenda.item_remove, name="item_remove"),
    path("items/<int:pk>/move/", agenda.item_move, name="item_move"),
    path("items/<int:pk>/papers/new/", agenda.paper_add, name="paper_add"),
    path("papers/<int:pk>/", agenda.paper_download, name="paper"),
    path("papers/<int:pk>/remove/", agenda.paper_remove, name="paper_remove"),
    # Taking the minutes
    path("meetings/<int:pk>/minutes/start/", meetings.minutes_start, name="minutes_start"),
    path("meetings/<int:pk>/minutes/take/", minutes.minutes_screen, name="minutes_screen"),
    path(
        "meetings/<int:pk>/minutes/take/items/",
        minutes.minutes_navigator,
        name="minutes_navigator",
    ),
    path("meetings/<int:pk>/minutes/", minutes.minutes_read, name="minutes_read"),
    path("meetings/<int:pk>/minutes.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/minutes.docx", minutes.minutes_docx, name="minutes_docx"),
    path("items/<int:pk>/minutes/", minutes.minutes_autosave, name="minutes_autosave"),
    path("items/<int:pk>/minutes/editor/", minutes.minutes_editor, name="minutes_editor"),
    path("items/<int:pk>/start/", minutes.item_start, name="item_start"),
    path("items/<int:pk>/amend/", minutes.minutes_amend, name="minutes_amend"),
    path("meetings/<int:pk>/attendance/", attendance.attendance, name="attendance"),
    path("meetings/<int:pk>/attendance/add/", attendance.attendance_add, name="attendance_add"),
    path("meetings/<int:pk>/declarations/", attendance.declaration_add, name="declaration_add"),
    path(
        "meetings/<int:pk>/declarations/none/",
        attendance.declarations_none,
        name="declarations_none",
    ),
    path("declarations/<int:pk>/remove/", attendance.declaration_remove, name="declaration_remove"),
    path("meetings/<int:pk>/minutes/circulate/", minutes.minutes_circulate, name="circulate"),
    path("meetings/<int:pk>/minutes/approve/", minutes.minutes_approve, name="approve"),
    path("meetings/<int:pk>/minutes/publish/", minutes.minutes_publish, name="publish"),
    path("", include("boards.pack_urls")),
]
