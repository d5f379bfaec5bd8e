"""Signals tracking sends after it has recorded a fact, for apps that build on it (XLIFF).

Data flows one way: tracking does not import its subscribers; they connect here."""

from django.dispatch import Signal

#: A source object was published with a real (not minor) change. Arguments: `instance` (the
#: published source object) and `revision`. Sent inside the publish's transaction, after the
#: statuses were updated.
source_changed = Signal()
