from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import TemplateView

app_name = "actions"

urlpatterns = [
    # Replaced by the action log views.
    path(
        "my-actions/", login_required(TemplateView.as_view(template_name="base.html")), name="mine"
    ),
]
