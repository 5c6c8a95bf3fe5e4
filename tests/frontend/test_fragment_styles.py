"""Every fragment is styled wherever it is included.

base.html (and the embeds) always load css/site.css; an app's stylesheet is linked only by its
own pages. So a fragment included outside its app's pages (the sections of /me/, anything one
app includes from another) must find every class it uses, that any stylesheet styles, in site.css.
"""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

from django.apps import apps
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.module_loading import import_string

from coaching import services
from tests.coaching.factories import PhaseTemplateFactory, PlanTemplateFactory, TaskTemplateFactory
from tests.frontend.source import ROOT, SITE_CSS, css_classes, rel, stylesheets, templates
from tests.municipalities.factories import MembershipFactory, ParticipationFactory

INCLUDE = re.compile(r"""\{%\s*include\s+["']([\w/.-]+)["']""")
TEMPLATE_KEY = re.compile(r"""["']template["']\s*:\s*["']([\w/.-]+)["']""")


def template_path(name):
    for path in templates():
        if rel(path).endswith(f"templates/{name}"):
            return path
    raise AssertionError(f"no template {name}")


def classes_of(name, seen=None) -> set[str]:
    """Static class names in a template and the templates it includes."""
    seen = set() if seen is None else seen
    if name in seen:
        return set()
    seen.add(name)
    text = template_path(name).read_text()
    found = set()
    for value in re.findall(r'class="([^"]*)"', text):
        found |= set(re.sub(r"\{[{%].*?[%}]\}", " ", value).split())
    for included in INCLUDE.findall(text):
        found |= classes_of(included, seen)
    return found


def travelling_fragments() -> set[str]:
    """Templates included from another app's templates, and the sections of /me/."""
    names = set()
    for path in templates():
        own = rel(path).split("templates/", 1)[1].split("/")[0]
        for name in INCLUDE.findall(path.read_text()):
            if name.split("/")[0] not in (own, "includes"):
                names.add(name)
    for config in apps.get_app_configs():
        for dotted in getattr(config, "me_sections", ()):
            module = ROOT / (dotted.rsplit(".", 1)[0].replace(".", "/") + ".py")
            names |= set(TEMPLATE_KEY.findall(module.read_text()))
            import_string(dotted)  # the section still exists
    return names


def test_fragments_included_elsewhere_are_styled_by_site_css():
    styled_elsewhere = set().union(
        *(css_classes(path.read_text()) for path in stylesheets() if path != SITE_CSS)
    )
    in_site_css = css_classes(SITE_CSS.read_text())
    fragments = travelling_fragments()
    assert "coaching/_me_tasks.html" in fragments and "courses/_me_section.html" in fragments
    missing = {
        name: sorted((classes_of(name) & styled_elsewhere) - in_site_css) for name in fragments
    }
    assert {name: classes for name, classes in missing.items() if classes} == {}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stylesheets, self.classes = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        self.classes |= set((attrs.get("class") or "").split())


def linked_css(hrefs) -> str:
    texts = []
    for href in hrefs:
        found = finders.find(href.removeprefix("/static/"))
        assert found, f"{href} is not a static file"
        with open(found) as stylesheet:
            texts.append(stylesheet.read())
    return "\n".join(texts)


def test_me_page_links_the_styles_of_its_coaching_fragment(client, volunteer):
    participation = ParticipationFactory()
    MembershipFactory(user=volunteer, participation=participation)
    template = PlanTemplateFactory(name="Programm")
    phase = PhaseTemplateFactory(template=template, name="Gewinnen", sort_order=0)
    TaskTemplateFactory(phase=phase, title="Bürgermeisterin treffen", offset_days=1)
    plan = services.apply_template(template, [participation], date.today() - timedelta(90))
    task = plan.created[0].tasks.get()
    task.owner = volunteer
    task.save()

    client.force_login(volunteer)
    response = client.get(reverse("me"))
    html = response.content.decode()
    assert "Bürgermeisterin treffen" in html and "überfällig" in html
    page = Links()
    page.feed(html)
    assert "/static/css/site.css" in page.stylesheets
    css = linked_css(page.stylesheets)
    # the overdue badge of the coaching fragment is styled by a linked stylesheet
    assert re.search(r"\.badge--overdue\s*\{[^}]*color:\s*var\(--status-danger\)", css)
    styled = set().union(*(css_classes(path.read_text()) for path in stylesheets()))
    assert (page.classes & styled) - css_classes(css) == set()
