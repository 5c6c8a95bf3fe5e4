"""Progress review, mounted at /dashboard/ (namespace ``dashboard``).

One view for the programme, state and region levels: the level follows from the ``state`` and
``region`` filters in the query string, so every view can be shared as a URL.
"""

from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("participation/<id:pk>/", views.participation, name="participation"),
    path("participation/<id:pk>/person/<id:user_pk>/", views.person, name="person"),
    path("export/<str:table>.<str:fmt>", views.export, name="export"),
    path("download/<str:token>/", views.download, name="download"),
]
