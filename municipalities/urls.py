"""Two namespaces: ``map`` (public map, embed, feeds, suggestions) and ``municipalities``."""

from django.urls import include, path

from municipalities import views

map_patterns = [
    path("map/", views.map_index, name="index"),
    path("map/embed/", views.map_embed, name="embed"),
    path("map/suggest/", views.suggest_initiative, name="suggest"),
    path(
        "api/map/municipalities.geojson",
        views.municipalities_geojson,
        name="municipalities_geojson",
    ),
    path("api/map/initiatives.geojson", views.initiatives_geojson, name="initiatives_geojson"),
]

programme_patterns = [
    path("participations/", views.participation_list, name="participations"),
    path("participations/<id:pk>/", views.participation_detail, name="participation"),
    path("participations/<id:pk>/invite/", views.invite, name="invite"),
    path("invitations/<id:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invitations/<id:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]

urlpatterns = [
    path("", include((map_patterns, "map"))),
    path("", include((programme_patterns, "municipalities"))),
]
