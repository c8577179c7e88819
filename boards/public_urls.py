from django.urls import path

from .views import public

app_name = "public"

urlpatterns = [
    path("public/<slug:slug>/", public.partnership, name="partnership"),
]
