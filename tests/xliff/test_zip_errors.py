"""Zips that Python cannot read (password, Deflate64, damaged data) are named rejections.

Before, each of them reached the import page as a 500 and left its batch "running".
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localization.xliff import jobs
from localization.xliff.models import ImportBatch, JobState
from tests.xliff.helpers import do_import, export_one, fill_targets

pytestmark = pytest.mark.usefixtures("in_english")

LOCAL = b"PK\x03\x04"
CENTRAL = b"PK\x01\x02"


def _zip(content, method=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("work/augsburg.xlf", content)
    return bytearray(buffer.getvalue())


def _patch_headers(data, *, local_offset, central_offset, value, size):
    """Overwrite one field of the member's local header and its central directory entry."""
    for signature, offset in ((LOCAL, local_offset), (CENTRAL, central_offset)):
        start = data.index(signature) + offset
        data[start : start + size] = value.to_bytes(size, "little")
    return bytes(data)


def encrypted(content):
    """The 'encrypted' flag bit set, as a password-protected zip has it."""
    data = _zip(content)
    flags = int.from_bytes(data[6:8], "little") | 0x1
    return _patch_headers(data, local_offset=6, central_offset=8, value=flags, size=2)


def deflate64(content):
    """Compression method 9 (Deflate64), which Python's zipfile cannot inflate."""
    return _patch_headers(_zip(content), local_offset=8, central_offset=10, value=9, size=2)


def damaged(content):
    """Valid headers, garbage where the deflated data should be."""
    data = _zip(content)
    name_length = int.from_bytes(data[26:28], "little")
    extra_length = int.from_bytes(data[28:30], "little")
    start = 30 + name_length + extra_length
    data[start : start + 16] = b"\xff" * 16
    return bytes(data)


def truncated(content):
    """A stored member whose data was cut short, its central directory intact."""
    data = _zip(content, zipfile.ZIP_STORED)
    central = data.index(CENTRAL)
    cut = central - 200
    shortened = data[:cut] + data[central:]
    offset_field = shortened.index(b"PK\x05\x06") + 16  # end record: central directory offset
    shortened[offset_field : offset_field + 4] = cut.to_bytes(4, "little")
    return bytes(shortened)


CASES = [
    (encrypted, "member 'work/augsburg.xlf' is password-protected; upload an unencrypted zip."),
    (
        deflate64,
        "member 'work/augsburg.xlf' uses compression method 9, which is not supported; "
        "use deflate (the usual zip compression).",
    ),
    (damaged, "member 'work/augsburg.xlf' is damaged and cannot be read ("),
    (truncated, "member 'work/augsburg.xlf' is damaged and cannot be read ("),
]


@pytest.fixture
def xliff(rich_page):
    return fill_targets(export_one(rich_page, "en").content, "1.2")


@pytest.mark.parametrize(("build", "message"), CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_an_unreadable_zip_is_a_named_rejection(xliff, build, message):
    [result] = do_import(build(xliff), name="batch.zip")
    assert result.outcome == "rejected"
    assert result.message.startswith(f"batch.zip: {message}"), result.message


@pytest.mark.parametrize(("build", "message"), CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_the_import_page_shows_the_rejection_and_the_batch_fails(
    xliff, augsburg, user_factory, client, build, message
):
    client.force_login(user_factory("anna", city=augsburg))
    response = client.post(
        reverse("xliff:import_upload"),
        {"file": SimpleUploadedFile("batch.zip", build(xliff))},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("xliff:import_detail", args=[batch.pk])
    assert batch.state == JobState.FAILED
    assert batch.message.startswith(f"batch.zip: {message}"), batch.message
    assert batch.finished_at is not None
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert message.split("' ", 1)[1].split(" (")[0] in detail.content.decode()


def test_a_batch_whose_import_raises_is_failed_not_left_running(xliff, monkeypatch):
    def broken(*args, **kwargs):
        raise TypeError("a bug in the importer")

    monkeypatch.setattr("localization.xliff.jobs.import_upload", broken)
    with pytest.raises(TypeError):
        jobs.record_batch("file.xlf", xliff, dry_run=True)
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.message) == (JobState.FAILED, "Import failed: a bug in the importer")
    assert batch.finished_at is not None
