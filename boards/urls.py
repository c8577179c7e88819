from django.urls import include, path

from .views import structure

app_name = "boards"

urlpatterns = [
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
    path("", include("boards.pack_urls")),
]
