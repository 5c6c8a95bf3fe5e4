"""Domain events of the programme, sent explicitly by the actions in
``municipalities/actions.py`` (never by model saves).

Sent inside the action's transaction, after the rows changed; receivers with slow work defer
it with ``transaction.on_commit``.
"""

from django.dispatch import Signal

# sender=Membership; membership, user, participation, role, change ("added", "changed",
# "removed"), previous (for "changed": {"user_id", "participation_id", "role"} before the
# change, else None), by (who made the change, or None).
membership_changed = Signal()
# sender=Participation; participation, previous_status, status, date, note, by.
participation_status_changed = Signal()
# sender=Participation; participation, changed (field names), previous ({field: value} before
# the change, for the place fields "region_id" and "municipality_id"), by.
participation_changed = Signal()
