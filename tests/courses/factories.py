"""Build course trees for tests: sections, courses and modules as published pages."""

import itertools

from courses.models import Audience, CourseIndexPage, CoursePage, ModulePage
from home.models import HomePage

_counter = itertools.count(1)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def section(parent=None, *, region=None, title=None):
    parent = parent or HomePage.objects.first()
    n = next(_counter)
    return publish(
        parent,
        CourseIndexPage(title=title or f"Kurse {n}", slug=f"kurse-{n}", region=region),
    )


def course(parent=None, *, audience=Audience.VOLUNTEERS, title=None, **kwargs):
    parent = parent or section()
    n = next(_counter)
    return publish(
        parent,
        CoursePage(
            title=title or f"Kurs {n}",
            slug=f"kurs-{n}",
            intro="<p>Ein Kurs.</p>",
            audience=audience,
            **kwargs,
        ),
    )


def quiz_value(title="Wissenscheck", pass_mark=100, required=True):
    return {
        "title": title,
        "intro": "",
        "pass_mark": pass_mark,
        "required": required,
        "questions": [
            {
                "question": "Wer beschließt das Klimaschutzkonzept?",
                "kind": "single",
                "answers": [
                    {"text": "Der Gemeinderat", "correct": True, "feedback": "Genau."},
                    {"text": "Die Patin", "correct": False, "feedback": "Leider nein."},
                    {"text": "Der Landrat", "correct": False, "feedback": "Nein."},
                ],
            },
            {
                "question": "Welche Förderprogramme gibt es?",
                "kind": "multiple",
                "answers": [
                    {"text": "Kommunalrichtlinie", "correct": True, "feedback": "Ja."},
                    {"text": "KfW 432", "correct": True, "feedback": "Ja."},
                    {"text": "Lotto", "correct": False, "feedback": "Nein."},
                ],
            },
        ],
    }


def checklist_value(items=("Ratsinfo gelesen", "Termin vereinbart")):
    return {"title": "Vorbereitung", "intro": "", "items": list(items), "required": True}


def reflection_value(min_length=10):
    return {"prompt": "<p>Was nehmen Sie mit?</p>", "min_length": min_length, "required": True}


def activity_body():
    return [
        ("heading", {"text": "Einstieg", "level": "h2"}),
        ("paragraph", "<p>Text</p>"),
        ("quiz", quiz_value()),
        ("checklist", checklist_value()),
        ("reflection", reflection_value()),
    ]


def module(parent, *, body=None, title=None, required=True):
    n = next(_counter)
    return publish(
        parent,
        ModulePage(
            title=title or f"Modul {n}",
            slug=f"modul-{n}",
            body=body if body is not None else [("mark_done", {"label_text": ""})],
            required=required,
            estimated_minutes=10,
        ),
    )


def block(module, block_type):
    return next(child for child in module.body if child.block_type == block_type)


def region(slug="rheinland-pfalz", name="Rheinland-Pfalz"):
    from municipalities.models import Region

    return Region.objects.get_or_create(
        slug=slug, defaults={"name": name, "partner_organisation": f"Partner {name}"}
    )[0]


def token_for(user, module, child, version=0):
    from courses.services import make_token

    return make_token(user, module, child.id, version)


def activity_url(module, child_or_id):
    from django.urls import reverse

    block_id = getattr(child_or_id, "id", child_or_id)
    return reverse("courses:activity", args=[module.pk, block_id])


def correct_answers(child):
    return {
        f"q-{q.id}": [a.id for a in q.value["answers"].bound_blocks if a.value["correct"]]
        for q in child.value["questions"].bound_blocks
    }


def wrong_answers(child):
    data = {}
    for q in child.value["questions"].bound_blocks:
        wrong = [a.id for a in q.value["answers"].bound_blocks if not a.value["correct"]]
        data[f"q-{q.id}"] = wrong[:1]
    return data


def post_activity(client, user, module, child, data=None, version=0, **extra):
    payload = {"token": token_for(user, module, child, version), **(data or {})}
    return client.post(activity_url(module, child), payload, **extra)
