"""What we re-implement of wagtail-localize, behind one door.

wagtail-localize refreshes a TranslationSource, lists its segments and saves a translation
one object and one segment at a time (wagtail-localize#932); XLIFF batches of hundreds of
pages need set-based versions of the same steps:

- `sources`: refresh the TranslationSources of many objects (the rows `update_from_db` leaves);
- `segments`: read the segments and existing translations of many sources at once;
- `target`: save an imported translation into its target page as a new revision.

They lean on wagtail-localize's models and private helpers, so they are pinned to the release
in `WAGTAIL_LOCALIZE_VERSION`: the differential tests (tests/xliff/test_sources.py and the
import tests) compare their results with wagtail-localize's own, and a test fails when another
release is installed. An upgrade is reviewed here and nowhere else: the rest of the project
imports only the names below.
"""

from localization.xliff.adapter.segments import (
    ExistingTranslation,
    IngestPlan,
    SegmentRow,
    ingest_plans,
    segments_by_source,
    source_fingerprint,
    templates_by_context,
    translations_for,
)
from localization.xliff.adapter.sources import object_key, refresh_published, refresh_sources
from localization.xliff.adapter.target import VIEW_RESTRICTED, save_translation, view_restricted

#: The wagtail-localize release the adapter was written against and tested with.
WAGTAIL_LOCALIZE_VERSION = "1.14.5"

__all__ = [
    "VIEW_RESTRICTED",
    "WAGTAIL_LOCALIZE_VERSION",
    "ExistingTranslation",
    "IngestPlan",
    "SegmentRow",
    "ingest_plans",
    "object_key",
    "refresh_published",
    "refresh_sources",
    "save_translation",
    "segments_by_source",
    "source_fingerprint",
    "templates_by_context",
    "translations_for",
    "view_restricted",
]
