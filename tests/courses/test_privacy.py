import json

import pytest
from django.urls import reverse

from accounts.privacy import erase_personal_data, export_personal_data
from courses import actions
from courses.models import ActivityProgress, Certificate, ModuleProgress, QuizAttempt
from tests.courses import factories

pytestmark = pytest.mark.django_db


def test_export_and_erase_learning_data(client, learner, course, module):
    client.get(module.url)
    reflection = factories.block(module, "reflection")
    factories.post_activity(
        client, learner, module, reflection, {"reflection": "Meine <b>Gedanken</b> dazu."}
    )
    quiz = factories.block(module, "quiz")
    factories.post_activity(client, learner, module, quiz, factories.wrong_answers(quiz))
    checklist = factories.block(module, "checklist")
    first_item = checklist.value["items"].bound_blocks[0]
    factories.post_activity(client, learner, module, checklist, {"item": [first_item.id]})
    certificate, _ = actions.issue_certificate(learner, course)

    data = export_personal_data(learner)["courses"]
    json.dumps(data)  # serialisable
    assert data["modules"][0]["module"] == module.title
    assert {row["kind"] for row in data["activities"]} == {"reflection", "quiz", "checklist"}
    assert "Meine Gedanken dazu." in [row["reflection"] for row in data["activities"]]
    assert data["quiz_attempts"][0]["score"] == 0
    # Quiz answers and ticked checklist items, with their text.
    question = quiz.value["questions"].bound_blocks[0]
    chosen = factories.wrong_answers(quiz)[f"q-{question.id}"][0]
    chosen_text = next(
        a.value["text"] for a in question.value["answers"].bound_blocks if a.id == chosen
    )
    assert data["quiz_attempts"][0]["answers"][question.value["question"]] == [chosen_text]
    by_kind = {row["kind"]: row for row in data["activities"]}
    assert by_kind["quiz"]["last_quiz_answers"][question.value["question"]] == [chosen_text]
    assert by_kind["checklist"]["ticked_items"] == ["Ratsinfo gelesen"]
    assert data["certificates"][0]["code"] == certificate.code

    modules_before = ModuleProgress.objects.count()
    erase_personal_data(learner)
    # Progress stays, anonymously (the programme's figures): no answers, ticks or reflections.
    assert ModuleProgress.objects.count() == modules_before
    assert not ModuleProgress.objects.filter(user__erased_at__isnull=True).exists()
    for row in ActivityProgress.objects.all():
        assert row.user.erased_at is not None
        assert (row.reflection, row.last_answers, row.checked_items) == ("", {}, [])
    assert not QuizAttempt.objects.exclude(answers={}).exists()
    # The certificate as a document is gone: no name, no PDF, the code no longer verifies.
    assert not Certificate.objects.filter(code=certificate.code).exists()
    assert list(Certificate.objects.values_list("holder_name", "pdf")) == [("", None)]
    response = client.get(reverse("courses:certificate_verify", args=[certificate.code]))
    assert response.status_code == 404
