from django.urls import path

from .views import public, search

app_name = "public"

urlpatterns = [
    path("public/<slug:slug>/", public.partnership, name="partnership"),
    path("public/<slug:slug>/search/", search.public_results, name="search"),
    path("public/<slug:slug>/minutes/<int:pk>/", public.minutes, name="minutes"),
    path("public/<slug:slug>/minutes/<int:pk>/pdf/", public.minutes_pdf, name="minutes_pdf"),
    path("public/<slug:slug>/minutes/<int:pk>/docx/", public.minutes_docx, name="minutes_docx"),
    path("public/<slug:slug>/agenda-packs/<int:pk>/", public.agenda_pack, name="agenda_pack"),
    path(
        "public/<slug:slug>/b/<slug:board_slug>/calendar.ics",
        public.board_calendar,
        name="board_calendar",
    ),
]
