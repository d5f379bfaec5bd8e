"""Signals tracking sends after it has recorded a fact, for apps that build on it (XLIFF).

Data flows one way: tracking does not import its subscribers; they connect here."""

from django.dispatch import Signal

#: A source object was published with a real (not minor) change. Arguments: `instance` (the
#: published source object) and `revision`. Sent inside the publish's transaction, after the
#: statuses were updated.
source_changed = Signal()

#: A translation is live and synced: its status row (`row`, a TranslationStatus) records it.
#: Sent inside the transaction that recorded it (publish, or a translation written live).
translation_live = Signal()
