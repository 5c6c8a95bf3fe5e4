from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("courses/", views.course_index, name="index"),
    path(
        "courses/modules/<id:module_id>/activities/<str:block_id>/",
        views.submit_activity,
        name="activity",
    ),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path(
        "certificates/verify/<str:code>/revoke/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path(
        "certificates/<str:code>/download/",
        views.certificate_download,
        name="certificate_download",
    ),
]
