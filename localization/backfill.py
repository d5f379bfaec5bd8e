"""One-time backfill for content that existed before status tracking: tag past translation
revisions with the source version that was live when wagtail-localize wrote them and with
their translated share (counted now: the strings' history is not kept), then compute every
status. Safe to run again (it only fills what is missing)."""

from collections import defaultdict

from wagtail.models import Page, PageLogEntry
from wagtail_localize.models import TranslationLog, TranslationSource

from localization import audit
from localization.models import SyncedSource, TranslationBase
from localization.recompute import real_change_revisions, rebuild_all
from localization.tracking import segment_counts


def backfill_existing_content():
    sources = {source.pk: source for source in TranslationSource.objects.all()}
    pages = {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(translation_key__in={s.object_id for s in sources.values()})
    }
    source_pages = {pk: pages.get((s.object_id, s.locale_id)) for pk, s in sources.items()}
    current = real_change_revisions([p for p in source_pages.values() if p])

    publishes = defaultdict(list)  # source page id -> [(timestamp, revision id)]
    for page_id, revision_id, timestamp in (
        PageLogEntry.objects.filter(
            page_id__in=[p.pk for p in source_pages.values() if p],
            action=audit.PUBLISH,
            revision_id__isnull=False,
        )
        .order_by("timestamp")
        .values_list("page_id", "revision_id", "timestamp")
    ):
        publishes[page_id].append((timestamp, revision_id))

    done = set(SyncedSource.objects.values_list("translation_source_id", flat=True))
    SyncedSource.objects.bulk_create(
        [
            SyncedSource(
                translation_source_id=pk,
                source_revision_id=current.get(page.pk),
                content_revision_id=page.live_revision_id,
            )
            for pk, page in source_pages.items()
            if page and pk not in done
        ]
    )

    tagged = set(TranslationBase.objects.values_list("revision_id", flat=True))
    tags = []
    for log in (
        TranslationLog.objects.filter(revision_id__isnull=False)
        .exclude(revision_id__in=tagged)
        .order_by("id")
    ):
        page = source_pages.get(log.source_id)
        if page is None:
            continue
        before = [rid for ts, rid in publishes[page.pk] if ts <= log.created_at]
        base = before[-1] if before else current.get(page.pk)
        tags.append(
            TranslationBase(
                revision_id=log.revision_id, source_revision_id=base, content_revision_id=base
            )
        )
        tagged.add(log.revision_id)
    TranslationBase.objects.bulk_create(tags)
    count_segments_of_tags()
    return rebuild_all()


def count_segments_of_tags():
    """Translated and total segments for the tags that lack them, from the TranslationLog
    written with each tagged revision (one query per tag: this runs once)."""
    uncounted = TranslationBase.objects.filter(segments_total__isnull=True).values("revision_id")
    for revision_id, source_id, locale_id in TranslationLog.objects.filter(
        revision_id__in=uncounted
    ).values_list("revision_id", "source_id", "locale_id"):
        translated, total = segment_counts(source_id, locale_id)
        TranslationBase.objects.filter(revision_id=revision_id).update(
            segments_translated=translated, segments_total=total
        )
