"""URLs of the coaching programme, mounted at the site root by ``config/urls.py``.

Namespaces: ``events`` (/events/), ``plans`` (/plans/), ``measures`` (/measures/) and
``reminders`` (/me/reminders/).
"""

from django.urls import include, path

from coaching import views

event_patterns = [
    path("", views.event_index, name="index"),
    path("feed.ics", views.public_feed, name="feed"),
    path("embed/", views.event_embed, name="embed"),
    path("feed/renew/", views.renew_feed, name="renew_feed"),
    path("feed/<str:token>.ics", views.private_feed, name="private_feed"),
    path("<id:pk>/", views.event_detail, name="detail"),
    path("<id:pk>.ics", views.event_ics, name="ics"),
    path("<id:pk>/register/", views.event_register, name="register"),
    path("<id:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<id:pk>/attendance/", views.event_attendance, name="attendance"),
]

plan_patterns = [
    path("", views.plan_list, name="index"),
    path("overview/", views.region_overview, name="overview"),
    path("apply/", views.apply_template, name="apply"),
    path("<id:pk>/", views.plan_detail, name="detail"),
    path("<id:pk>/shift/", views.plan_shift, name="shift"),
    path("<id:pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<id:pk>/status/", views.task_status, name="task_status"),
    path("tasks/<id:pk>/edit/", views.task_edit, name="task_edit"),
    path("milestones/<id:pk>/reached/", views.milestone_reached, name="milestone_reached"),
]

measure_patterns = [
    path("", views.measure_list, name="index"),
    path("new/<id:participation_pk>/", views.measure_create, name="create"),
    path("<id:pk>/edit/", views.measure_edit, name="edit"),
]

reminder_patterns = [
    path("", views.reminder_settings, name="settings"),
]

urlpatterns = [
    path("events/", include((event_patterns, "events"))),
    path("plans/", include((plan_patterns, "plans"))),
    path("measures/", include((measure_patterns, "measures"))),
    path("me/reminders/", include((reminder_patterns, "reminders"))),
]
