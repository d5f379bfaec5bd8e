"""Building a city-language's bundles on the worker: the full archive and the deltas.

The JSON files come from the services behind the API routes (the pages list from the stored
fragments, guides.api.fragments), encoded as the routes encode them, so a bundle holds what
the API answers. Images are found by their URLs in that JSON and rendered once at phone size
(Wagtail renditions, which are stored and reused by the next build).

Deltas are pre-built here too, one from each of the last builds kept (guides.api.bundles.store):
a request then serves a file whatever `since` says, never assembling or compressing anything,
and the files can be handed to nginx as they are. The pages part of a delta is the pages
delta of the fragments (their versions say what changed since); the other files are compared
by hash with the manifest of the `since` build.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import unquote

from django.utils import timezone
from wagtail.images import get_image_model

from guides.api import fragments, services
from guides.api.bundles import archive, store
from guides.api.cache import city_scope, counter, current_versions, version_time
from guides.api.city_context import ApiError, load_city
from guides.api.content import absolute
from guides.api.http import json_bytes


def _json_files(slug, code, listing):
    """{file: bytes} as the API routes answer them (events and news as of today)."""
    return {
        "pages.json": fragments.list_body(listing),
        "events.json": json_bytes(services.event_list(slug, code, None, combine_recurring=False)),
        "locations.json": json_bytes(services.location_list(slug, code, None)),
        "news.json": json_bytes(services.news(slug, code)),
        "imprint.json": json_bytes(services.imprint(slug, code)),
    }


def _media_prefix():
    return absolute(get_image_model()._meta.get_field("file").storage.url(""))


def _image_urls(json_files):
    """Every URL of a stored image file the JSON files mention."""
    prefix = _media_prefix()
    pattern = re.compile(re.escape(prefix) + r'[^"\s<>\\]+')
    return {url for data in json_files.values() for url in pattern.findall(data.decode())}


def _phone_size(image):
    """(bytes, extension) of an image at phone size; SVGs as they are (they scale)."""
    if image.is_svg():
        source, extension = image.file, "svg"
    else:
        source = image.get_rendition(archive.PHONE_SIZE).file
        extension = source.name.rsplit(".", 1)[-1]
    with source.open("rb") as handle:
        return handle.read(), extension


def _images(urls):
    """({image URL: archive path}, {archive path: bytes}) of the images behind urls."""
    prefix = _media_prefix()
    names = {unquote(url[len(prefix) :]) for url in urls}
    mapping, files = {}, {}
    for image in get_image_model().objects.filter(file__in=names).order_by("pk"):
        url = absolute(image.file.url)
        if url not in urls:
            continue
        data, extension = _phone_size(image)
        path = archive.image_name(data, extension)
        mapping[url], files[path] = path, data
    return mapping, files


def _delta(slug, code, version, listing, files, images, old):
    """The archive from the build `old` (a full manifest) to this one."""
    since = old["version"]
    delta_files = {archive.PAGES_DELTA: fragments.delta_body(listing, since)}
    hashes = {path: archive.file_hash(data) for path, data in files.items()}
    for path, digest in hashes.items():
        if path != "pages.json" and old["files"].get(path) != digest:
            delta_files[path] = files[path]
    new_images = {url: path for url, path in images.items() if path in delta_files}
    removed = [path for path in old["files"] if path not in hashes]
    data = archive.manifest(
        city=slug,
        language=code,
        version=version,
        files=delta_files,
        images=new_images,
        since=since,
        removed_files=removed,
    )
    return archive.zip_bytes(data, delta_files)


def _index_entry(name, data):
    return {"file": name, "etag": archive.file_hash(data), "size": len(data)}


def build_bundle(slug: str, code: str) -> dict | None:
    """Build and store the bundle of a city-language and its deltas; returns the new index
    (None for a city or language that the API does not serve)."""
    try:
        context = load_city(slug)
        context.root_for(code)
    except ApiError:
        return None
    versions = current_versions(city_scope(slug, code))
    version = counter(versions[1])
    listing = fragments.reconcile(context, code, version)
    files = _json_files(slug, code, listing)
    images, image_files = _images(_image_urls(files))
    files.update(image_files)
    full_manifest = archive.manifest(
        city=slug, language=code, version=version, files=files, images=images
    )
    full = archive.zip_bytes(full_manifest, files)
    index = {
        "version": version,
        "modified": version_time(versions),
        "built_on": timezone.localdate().isoformat(),
        "built_at": datetime.now(UTC).isoformat(),
        "full": _index_entry("", full),
        "deltas": {},
    }
    index["full"]["file"] = f"{version}-{index['full']['etag']}.zip"
    archives = {index["full"]["file"]: full}
    with store.locked(slug, code) as folder:
        olds = store.read_manifests(slug, code)
        olds.setdefault(version, full_manifest)  # a client up to date gets an empty delta
        for old_version, old in sorted(olds.items()):
            if old_version > version or old_version < listing.floor:
                continue  # a newer build got here first, or its removals have no tombstones
            delta = _delta(slug, code, version, listing, files, images, old)
            entry = _index_entry("", delta)
            entry["file"] = f"delta-{old_version}-{version}-{entry['etag']}.zip"
            index["deltas"][str(old_version)] = entry
            archives[entry["file"]] = delta
        store.publish(folder, index, archives, archive.encode_manifest(full_manifest), version)
    return index


def build_city_bundles(slug: str, code: str | None = None) -> dict[str, int]:
    """Build one language's bundle, or every language's: {language: version built}."""
    try:
        codes = [code] if code is not None else list(load_city(slug).roots)
    except ApiError:
        return {}
    built = {}
    for language in codes:
        index = build_bundle(slug, language)
        if index is not None:
            built[language] = index["version"]
    return built
