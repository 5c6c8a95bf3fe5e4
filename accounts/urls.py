from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("data/", views.personal_data, name="personal_data"),
    path("data/export/", views.export_data, name="export_data"),
    path("data/delete/", views.delete_account, name="delete_account"),
]
