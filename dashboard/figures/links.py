"""Links between the levels of the progress review, with the filters kept."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import cached_property


class Links:
    """URLs of this dashboard's levels; long tables format templates instead of reversing."""

    def url(self, name="dashboard:index", args=(), **params) -> str:
        query = {**params, **self.filters.query()}
        query = {key: value for key, value in query.items() if value not in (None, "")}
        base = reverse(name, args=args)
        return f"{base}?{urlencode(query)}" if query else base

    @cached_property
    def _url_templates(self):
        """URLs with placeholders, so that long tables need no ``reverse`` per row."""
        marker = 987654321
        return (
            self.url("dashboard:participation", args=[marker]).replace(str(marker), "{0}"),
            self.url("dashboard:person", args=[marker, marker + 1])
            .replace(str(marker + 1), "{1}")
            .replace(str(marker), "{0}"),
        )

    def participation_url(self, pk):
        return self._url_templates[0].format(pk)

    def person_url(self, participation_pk, user_pk):
        return self._url_templates[1].format(participation_pk, user_pk)
