"""A zip is read in batches (see localization.xliff.lookups): files that depend on each other
within one batch must see what the earlier ones wrote."""

import io
import zipfile

import pytest
from wagtail.models import Locale, Page

from localization.xliff.export import export_pairs
from tests.conftest import make_page
from tests.xliff.helpers import do_import, fill_targets

pytestmark = pytest.mark.usefixtures("in_english")


def _zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


def _english(page):
    return Page.objects.filter(
        translation_key=page.translation_key, locale__language_code="en"
    ).first()


def test_the_same_file_twice_in_one_zip_applies_once(augsburg, on_commit):
    page = make_page(augsburg, "Schule")
    [exported] = export_pairs([(page, Locale.objects.get(language_code="en"))], mark=False)
    content = fill_targets(exported.content, "1.2")
    with on_commit():
        results = do_import(_zip([("a.xlf", content), ("b.xlf", content)]), name="twice.zip")
    assert [r.outcome for r in results] == ["applied", "unchanged"]
    english = _english(page)
    assert english.title == "EN Schule" and english.revisions.count() == 1


def test_a_child_before_its_parent_in_one_zip(augsburg, on_commit):
    parent = make_page(augsburg, "Familie")
    child = make_page(parent, "Kita")
    en = Locale.objects.get(language_code="en")
    files = {f.filename: f.content for f in export_pairs([(parent, en), (child, en)], mark=False)}
    ordered = sorted(files.items(), key=lambda item: "kita" not in item[0])
    assert "kita" in ordered[0][0]
    with on_commit():
        results = do_import(
            _zip([(name, fill_targets(content, "1.2")) for name, content in ordered]),
            name="tree.zip",
        )
    assert [r.outcome for r in results] == ["applied", "applied"]
    english_parent, english_child = _english(parent), _english(child)
    assert english_parent.title == "EN Familie" and not english_parent.alias_of_id
    assert english_child.title == "EN Kita"
    assert english_child.get_parent().pk == english_parent.pk


def test_a_programming_error_in_import_is_raised_not_reported_as_rejected(augsburg, monkeypatch):
    page = make_page(augsburg, "Arzt")
    [exported] = export_pairs([(page, Locale.objects.get(language_code="en"))], mark=False)

    def broken(*args, **kwargs):
        raise TypeError("a bug in the importer")

    monkeypatch.setattr("localization.xliff.importer._import", broken)
    with pytest.raises(TypeError, match="a bug in the importer"):
        do_import(fill_targets(exported.content, "1.2"), name="bug.xlf")


def test_a_failed_bulk_read_is_raised_not_hidden_behind_a_slow_fallback(augsburg, monkeypatch):
    page = make_page(augsburg, "Bank")
    [exported] = export_pairs([(page, Locale.objects.get(language_code="en"))], mark=False)

    def broken(translation_ids):
        raise KeyError("a bug in the bulk read")

    monkeypatch.setattr("localization.xliff.lookups._identities", broken)
    with pytest.raises(KeyError, match="a bug in the bulk read"):
        do_import(fill_targets(exported.content, "1.2"), name="bug.xlf")


def test_a_database_refusal_costs_only_its_file_with_a_message(augsburg, on_commit, monkeypatch):
    from django.db import IntegrityError

    from localization.xliff import importer

    refused, accepted = make_page(augsburg, "Refused"), make_page(augsburg, "Accepted")
    en = Locale.objects.get(language_code="en")
    files = export_pairs([(refused, en), (accepted, en)], mark=False)
    real_save = importer.save_translation

    def save(translation, target, source, *args, **kwargs):
        if source.pk == refused.pk:
            raise IntegrityError("duplicate key value violates a unique constraint")
        return real_save(translation, target, source, *args, **kwargs)

    monkeypatch.setattr(importer, "save_translation", save)
    zipped = _zip([(f.filename, fill_targets(f.content, "1.2")) for f in files])
    with on_commit():
        results = do_import(zipped, name="two.zip")

    outcome = {r.label.split("_")[3]: r for r in results}
    assert outcome[str(refused.pk)].outcome == "rejected"
    assert "The database refused this file's changes" in outcome[str(refused.pk)].message
    assert outcome[str(accepted.pk)].outcome == "applied"
    assert _english(refused) is None
    assert _english(accepted).title == "EN Accepted"
