"""Builders for translation-status tests: translate, publish real and minor edits, sync."""

import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object

from localization.minor_edit import save_revision_as_minor_edit
from localization.models import TranslationStatus
from localization.recompute import differences, expected_rows
from localization.scope import source_pages_of_city
from localization.tracking import get_status


def loc(code):
    return Locale.objects.get(language_code=code)


def translate_strings(obj, *codes):
    """A translator fills every untranslated segment, as in wagtail-localize's editor."""
    source = TranslationSource.objects.get_for_instance(obj)
    for code in codes:
        for segment in StringSegment.objects.filter(source=source).select_related("string"):
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=loc(code),
                context_id=segment.context_id,
                defaults={"data": f"[{code}] {segment.string.data}"},
            )


@pytest.fixture
def flow(on_commit):
    return Flow(on_commit)


class Flow:
    """The steps an editor or translator takes, as plain calls."""

    def __init__(self, on_commit):
        self.on_commit = on_commit

    def translate(self, page, *codes, untranslated=False):
        """Submit for translation and publish, as wagtail-localize's submit view does; then
        (unless `untranslated`) translate every segment in its editor and publish again."""
        with self.on_commit():
            translate_object(page, [loc(code) for code in codes])
        if not untranslated:
            self.sync(page, *codes)

    def translate_strings(self, page, *codes):
        translate_strings(page, *codes)

    def edit(self, page, title=None, minor=False):
        page = page.specific
        page.refresh_from_db()
        page.title = title or f"{page.title}!"
        with self.on_commit():
            revision = save_revision_as_minor_edit(page) if minor else page.save_revision()
            revision.publish()
        page.refresh_from_db()
        return page

    def sync(self, page, *codes, publish=True, translate=True):
        """ "Sync translated pages": refresh the TranslationSource, translate its new segments
        (unless not `translate`), re-save the targets."""
        source = TranslationSource.objects.get_for_instance(page)
        with self.on_commit():
            source.update_from_db()
            if translate:
                self.translate_strings(page, *codes)
            for translation in Translation.objects.filter(
                source=source, target_locale__language_code__in=codes
            ):
                translation.save_target(publish=publish)

    def translation(self, page, code):
        return Page.objects.get(
            translation_key=page.translation_key, locale__language_code=code
        ).specific

    def status(self, page, code):
        return get_status(page, loc(code))


def assert_matches_recomputation(city):
    pages = list(source_pages_of_city(city))
    stored = TranslationStatus.objects.filter(city_id=city.pk)
    problems = differences(stored, expected_rows(pages))
    assert not problems, "\n".join(problems)
