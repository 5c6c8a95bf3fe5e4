"""The app's part in the export and deletion of personal data."""

import pytest

from accounts.privacy import erase_personal_data, export_personal_data
from municipalities.models import Initiative, Invitation, Membership
from municipalities.services import invite

pytestmark = pytest.mark.django_db


def test_export_contains_memberships_invitations_and_suggestions(volunteer, world):
    invite(world.other, [volunteer.email], role="volunteer", language="de", invited_by=None)
    world.own_initiative.submitter_email = volunteer.email
    world.own_initiative.save()
    data = export_personal_data(volunteer)["municipalities"]
    assert data["memberships"][0]["participation"] == "Nieder-Olm"
    assert data["invitations"][0]["participation"] == "Olpe"
    assert data["suggested_initiatives"] == ["Repair-Café Nieder-Olm"]


def test_erase_removes_memberships_invitations_and_submitter_addresses(volunteer, world):
    invite(world.other, [volunteer.email], role="volunteer", language="de", invited_by=None)
    world.own_initiative.submitter_email = volunteer.email
    world.own_initiative.save()
    erase_personal_data(volunteer)
    assert not Membership.objects.filter(user__email=volunteer.email).exists()
    assert not Invitation.objects.filter(email=volunteer.email).exists()
    initiative = Initiative.objects.get(pk=world.own_initiative.pk)
    assert initiative.submitter_email == ""
