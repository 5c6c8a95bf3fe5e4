"""Every URL pattern of the URLconf, found by walking the resolver, and how to build its URL.

Nothing here knows the project's URLs: whatever ``config.urls`` includes (the Wagtail admin and
its viewsets, allauth, the apps, Wagtail's page serving) is found, so a URL added later shows
up in the access matrix and the fuzz test without anyone remembering to add it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name if it is unique, else "<name or ->@<route>"
    name: str | None
    route: str  # the full pattern, as the levels of the URLconf spell it
    formats: tuple[str, ...]  # one %-format per level (see django.utils.regex_helper)
    params: tuple[str, ...]  # every parameter (kwargs by name, positional as _0, _1, ...)
    lookup_str: str  # dotted path of the view

    def build(self, values: dict) -> str:
        """The path for ``values`` (a value for every parameter)."""
        missing = [p for p in self.params if p not in values]
        if missing:
            raise KeyError(f"{self.key}: no value for {missing}")
        path = "".join(self.formats) % {k: str(v) for k, v in values.items()}
        return "/" + path


def _level(pattern) -> tuple[str, list[str]]:
    regex = pattern.pattern.regex.pattern
    if regex.startswith("^"):
        regex = regex[1:]
    # The first possibility is the one Django's reverse() would use.
    fmt, params = normalize(regex)[0]
    return fmt, list(params)


def _walk(patterns, route="", formats=(), params=(), namespace=None):
    for entry in patterns:
        fmt, names = _level(entry)
        level_route = route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            # Positional groups are numbered per level; keep them apart across levels.
            yield from _walk(
                entry.url_patterns,
                level_route,
                (*formats, fmt),
                (*params, *names),
                ns,
            )
        elif isinstance(entry, URLPattern):
            name = entry.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield name, level_route, (*formats, fmt), (*params, *names), entry.lookup_str


@cache
def discover() -> tuple[Pattern, ...]:
    """All URL patterns, in URLconf order, each with a unique key."""
    raw = list(_walk(get_resolver().url_patterns))
    counts = Counter(name for name, *_rest in raw if name)
    patterns = []
    for name, route, formats, params, lookup_str in raw:
        key = name if name and counts[name] == 1 else f"{name or '-'}@{route}"
        patterns.append(Pattern(key, name, route, formats, tuple(params), lookup_str))
    keys = Counter(p.key for p in patterns)
    duplicated = [k for k, n in keys.items() if n > 1]
    assert not duplicated, f"URL patterns that cannot be told apart: {duplicated}"
    return tuple(patterns)


def by_key() -> dict[str, Pattern]:
    return {pattern.key: pattern for pattern in discover()}


_WORD = re.compile(r"[^a-z0-9]+")


def slug(key: str) -> str:
    """A test-id friendly form of a pattern key."""
    return _WORD.sub("-", key.lower()).strip("-")
