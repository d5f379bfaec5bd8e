"""The demo's data files (guides/demo/data/<city>/<language>.yaml) and the checks on them."""

import shutil

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from guides.demo import datafiles
from guides.demo.datafiles import DATA_DIR, DemoDataError, read_demo_data

pytestmark = pytest.mark.usefixtures("in_english")


def city_folders():
    return sorted(path for path in DATA_DIR.iterdir() if path.is_dir())


def load(path):
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


@pytest.mark.parametrize("folder", city_folders(), ids=lambda folder: folder.name)
def test_every_translation_file_uses_only_keys_of_its_source_file(folder):
    source = load(folder / "de.yaml")
    pages = source["pages"]
    assert source["city"]["languages"][0] == "de"
    translations = sorted(path for path in folder.glob("*.yaml") if path.stem != "de")
    assert [path.stem for path in translations] == sorted(source["city"]["languages"][1:])
    for path in translations:
        translation = load(path)
        where = f"{folder.name}/{path.name}"
        assert set(translation) <= {"city", "missing", "locations", "events", "news", "pages"}, (
            where
        )
        assert set(translation["city"]) <= set(source["city"]), where
        assert set(translation.get("missing", [])) <= set(pages), where
        for kind in ("locations", "events"):
            assert set(translation[kind]) == set(source[kind]), (where, kind)
            for key, texts in translation[kind].items():
                assert set(texts) == set(source[kind][key]), (where, kind, key)
        # news is optional; where a translation has it, it has the source's items and fields
        for key, texts in translation.get("news", {}).items():
            assert set(texts) == set(source["news"][key]), (where, "news", key)
        unknown = set(translation["pages"]) - set(pages)
        assert not unknown, f"{where}: pages not in de.yaml: {sorted(unknown)}"
        for key, page in translation["pages"].items():
            assert len(page["body"]) == len(pages[key]["body"]), (where, key)


def test_data_files_read_without_errors():
    cities = read_demo_data()
    assert [city.demo.slug for city in cities] == ["augsburg", "nuernberg"]
    assert cities[0].demo.missing == {"ru": ["leisure"], "fr": ["money"]}
    assert cities[1].demo.outdated == ("work",)


def edit(path, change):
    data = load(path)
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def drop_title(data):
    del data["pages"]["registration"]["title"]


def unknown_parent(data):
    data["pages"]["registration"]["parent"] = "arival"


def unknown_page(data):
    data["pages"]["no_such_page"] = data["pages"]["arrival"]


def fewer_blocks(data):
    data["pages"]["arrival"]["body"].pop()


def split_paragraph(data):
    block = data["pages"]["arrival"]["body"][0]
    block["paragraph"] = block["paragraph"].replace("</p>", "</p><p>Extra.</p>", 1)


def unknown_missing(data):
    data["missing"] = ["leisure", "nowhere"]


MALFORMED = [
    ("en.yaml", drop_title, "nuernberg/en.yaml: pages.registration.title: missing."),
    ("de.yaml", unknown_parent, "nuernberg/de.yaml: pages.registration.parent: unknown parent"),
    ("ar.yaml", unknown_page, "nuernberg/ar.yaml: pages.no_such_page: no page with this key"),
    ("uk.yaml", fewer_blocks, "nuernberg/uk.yaml: pages.arrival.body: has 1 blocks"),
    ("en.yaml", split_paragraph, "nuernberg/en.yaml: pages.arrival.body[0].paragraph:"),
    ("uk.yaml", unknown_missing, "nuernberg/uk.yaml: missing[1]: no page with the key"),
]


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the Nuremberg demo data, to break."""
    shutil.copytree(DATA_DIR / "nuernberg", tmp_path / "nuernberg")
    return tmp_path


@pytest.mark.parametrize(
    ("file", "change", "message"), MALFORMED, ids=[case[1].__name__ for case in MALFORMED]
)
def test_malformed_file_is_named_with_the_key(data_copy, file, change, message):
    edit(data_copy / "nuernberg" / file, change)

    with pytest.raises(DemoDataError) as error:
        read_demo_data(data_copy)

    assert str(error.value).startswith(message), str(error.value)


def test_language_the_city_does_not_offer(data_copy):
    shutil.copy(DATA_DIR / "augsburg" / "fr.yaml", data_copy / "nuernberg" / "fr.yaml")

    offered = r"^nuernberg/fr\.yaml: the city does not offer the language 'fr'"
    with pytest.raises(DemoDataError, match=offered):
        read_demo_data(data_copy)


def test_language_without_a_file(data_copy):
    (data_copy / "nuernberg" / "ar.yaml").unlink()

    with pytest.raises(DemoDataError, match=r"^nuernberg/de\.yaml: city\.languages: 'ar' has no"):
        read_demo_data(data_copy)


def test_invalid_yaml(data_copy):
    path = data_copy / "nuernberg" / "en.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  broken: [\n", encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"^nuernberg/en\.yaml: not valid YAML"):
        read_demo_data(data_copy)


@pytest.mark.django_db
def test_load_demo_data_names_the_malformed_file_and_writes_nothing(data_copy, monkeypatch):
    edit(data_copy / "nuernberg" / "en.yaml", drop_title)
    monkeypatch.setattr(datafiles, "DATA_DIR", data_copy)
    pages = Page.objects.count()

    with pytest.raises(CommandError, match=r"nuernberg/en\.yaml: pages\.registration\.title"):
        call_command("load_demo_data")

    assert Page.objects.count() == pages
    assert not get_user_model().objects.exists()
