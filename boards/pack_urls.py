from django.urls import path

from .views import pack

urlpatterns = [
    path("meetings/<int:pk>/pack/", pack.meeting_pack, name="meeting_pack"),
    path("meetings/<int:pk>/pack/build/", pack.pack_build, name="pack_build"),
    path("meetings/<int:pk>/pack/publish/", pack.pack_publish, name="pack_publish"),
    path("packs/<int:pk>/status/", pack.pack_status, name="pack_status"),
    path("packs/<int:pk>/retry/", pack.pack_retry, name="pack_retry"),
    path("packs/<int:pk>/download/", pack.pack_download, name="pack_download"),
]
