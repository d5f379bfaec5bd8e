"""The XLIFF export API (/api/translation/, issue 15): the admin's session and CSRF, the admin
export views' permissions and tenant isolation, every option checked, and the job's file made
with the options it was given."""

import io
import zipfile

import pytest
from django.test import Client
from lxml import etree

from localization.xliff.document import NS12, NS20
from localization.xliff.models import ExportJob, JobState
from tests.conftest import make_page, make_user
from tests.tm.test_translation_memory import paragraph, translate_and_publish
from tests.xliff.validation import assert_valid

pytestmark = pytest.mark.usefixtures("in_english")

EXPORTS = "/api/translation/exports/"
TEXT = "Die Stadtbibliothek ist kostenlos."


@pytest.fixture
def editor(augsburg, client):
    user = make_user("eva", city=augsburg)
    client.force_login(user)
    return user


@pytest.fixture
def pages(augsburg, on_commit):
    """Bibliothek (translated into English, so the memory knows TEXT) and Bücherei (not)."""
    library = make_page(augsburg, "Bibliothek", body=paragraph(TEXT))
    translate_and_publish(library, "en", on_commit)
    return {"library": library, "branch": make_page(augsburg, "Bücherei", body=paragraph(TEXT))}


def _post(client, body, **extra):
    return client.post(EXPORTS, body, content_type="application/json", **extra)


def _body(fixture_pages, **options):
    """A request for the untranslated page into English, with these options."""
    return {
        "city": "augsburg",
        "languages": ["en"],
        "pages": [fixture_pages["branch"].pk],
        **options,
    }


def _file(client, job_id):
    response = client.get(f"{EXPORTS}{job_id}/download/")
    assert response.status_code == 200, response.content
    return response


def _unit12(content, text):
    root = etree.fromstring(content)
    [unit] = [
        u
        for u in root.iterfind(".//x:trans-unit", {"x": NS12})
        if "".join(u.find("x:source", {"x": NS12}).itertext()) == text
    ]
    return unit


# --- who may ---------------------------------------------------------------------------------


def test_anonymous_requests_are_refused_with_401(augsburg, client):
    created = _post(client, {"city": "augsburg", "languages": ["en"]})
    read = client.get(f"{EXPORTS}1/")

    assert (created.status_code, read.status_code) == (401, 401)
    assert "Log in to the admin" in created.json()["error"]
    assert not ExportJob.objects.exists()


def test_a_user_who_edits_no_city_is_refused_with_403(augsburg, client):
    client.force_login(make_user("nobody"))

    response = _post(client, {"city": "augsburg", "languages": ["en"]})

    assert response.status_code == 403
    assert response.json() == {"error": "Only editors of a city may export XLIFF."}
    assert not ExportJob.objects.exists()


def test_another_citys_editor_can_neither_export_the_city_nor_see_its_jobs(
    augsburg, nuernberg, pages, editor, client
):
    job_id = _post(client, _body(pages)).json()["id"]
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(make_user("nina", city=nuernberg))

    created = _post(other, _body(pages))
    answers = [other.get(f"{EXPORTS}{job_id}/"), other.get(f"{EXPORTS}{job_id}/download/")]

    assert created.status_code == 403
    assert created.json() == {"error": "You can export only the cities you edit."}
    assert ExportJob.objects.count() == 1
    assert [answer.status_code for answer in answers] == [404, 404]
    assert all("There is no export" in answer.json()["error"] for answer in answers)


def test_a_superuser_exports_any_city(augsburg, pages, client):
    client.force_login(make_user("root", superuser=True))

    response = _post(client, _body(pages))

    assert response.status_code == 201, response.content
    assert response.json()["status"] == JobState.DONE


def test_a_post_without_the_admins_csrf_token_is_refused(augsburg, pages, editor):
    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    strict.force_login(editor)
    token = "k" * 32
    strict.cookies["csrftoken"] = token

    refused = _post(strict, _body(pages))
    accepted = _post(strict, _body(pages), HTTP_X_CSRFTOKEN=token)

    assert refused.status_code == 403
    assert "CSRF check failed" in refused.json()["error"]
    assert accepted.status_code == 201, accepted.content
    assert ExportJob.objects.count() == 1


# --- the job ---------------------------------------------------------------------------------


def test_a_created_job_answers_201_with_its_status_options_and_urls(pages, editor, client):
    response = _post(client, _body(pages, leverage="prefill"))

    assert response.status_code == 201, response.content
    data = response.json()
    job = ExportJob.objects.get()
    assert data["id"] == job.pk and job.user == editor
    assert (data["status"], data["city"], data["languages"], data["pages"]) == (
        "done",
        "augsburg",
        ["en"],
        [pages["branch"].pk],
    )
    assert (data["format"], data["prefill"], data["units"], data["leverage"]) == (
        "1.2",
        "existing",
        "all",
        "prefill",
    )
    assert data["urls"] == {
        "self": f"{EXPORTS}{job.pk}/",
        "download": f"{EXPORTS}{job.pk}/download/",
        "admin": f"/admin/xliff/exports/{job.pk}/",
    }


def test_the_job_reports_its_analysis_by_category(pages, editor, client):
    job_id = _post(client, _body(pages)).json()["id"]

    data = client.get(f"{EXPORTS}{job_id}/").json()

    job = ExportJob.objects.get(pk=job_id)
    by_category = {
        row["category"]: (row["segments"], row["words"]) for row in data["analysis"]["categories"]
    }
    assert list(by_category) == [
        "repetitions",
        "same_page",
        "exact",
        "fuzzy_95",
        "fuzzy_85",
        "fuzzy_75",
        "new",
    ]
    stored = job.analysis["total"]
    assert by_category == {
        key: (stored["segments"][key], stored["words"][key]) for key in by_category
    }
    assert by_category["exact"][0] == 1  # the paragraph, from Bibliothek's translation
    assert data["analysis"]["total"]["segments"] == sum(s for s, _w in by_category.values())


def test_the_file_follows_the_leverage_option(pages, editor, client):
    with_matches = _post(client, _body(pages, leverage="alt")).json()["id"]
    without = _post(client, _body(pages, leverage="none")).json()["id"]
    prefilled = _post(client, _body(pages, leverage="prefill")).json()["id"]

    def alternatives(job_id):
        unit = _unit12(_file(client, job_id).content, TEXT)
        return len(unit.findall("x:alt-trans", {"x": NS12})), unit.find("x:target", {"x": NS12})

    assert alternatives(with_matches)[0] == 1 and alternatives(with_matches)[1] is None
    assert alternatives(without) == (0, None)
    target = alternatives(prefilled)[1]
    assert (target.text, target.get("state-qualifier")) == (f"EN {TEXT}", "exact-match")


def test_the_file_follows_format_and_prefill(pages, editor, client):
    job_id = _post(client, _body(pages, format="2.0", prefill="source")).json()["id"]

    response = _file(client, job_id)

    assert response["Content-Type"] == "application/xliff+xml"
    assert "attachment" in response["Content-Disposition"]
    assert_valid(response.content, "2.0")
    root = etree.fromstring(response.content)
    assert root.get("version") == "2.0"
    segments = root.findall(".//x:segment", {"x": NS20})
    assert segments
    for segment in segments:
        source, target = (
            segment.find("x:source", {"x": NS20}),
            segment.find("x:target", {"x": NS20}),
        )
        assert etree.tostring(target, with_tail=False).replace(b"target", b"source") == (
            etree.tostring(source, with_tail=False)
        )


def test_the_file_follows_units_changed(pages, editor, client):
    job_id = _post(client, {"city": "augsburg", "languages": ["en"], "units": "changed"}).json()[
        "id"
    ]

    response = _file(client, job_id)

    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    library, branch = pages["library"], pages["branch"]
    assert [name for name in names if f"_{branch.pk}_" in name]
    assert not [name for name in names if f"_{library.pk}_" in name]  # nothing left to do there


def test_a_job_that_is_not_done_has_no_file_yet(augsburg, editor, client):
    job = ExportJob.objects.create(user=editor, city=augsburg, languages=["en"], selection="all")

    response = client.get(f"{EXPORTS}{job.pk}/download/")

    assert response.status_code == 409
    assert response.json() == {"error": "The export is Queued; its file is there once it is done."}


# --- bad values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("city", "atlantis", "There is no city 'atlantis'. Cities: augsburg"),
        ("languages", ["xx"], "its languages are ar, en, fa"),
        ("languages", ["de"], "not translated into 'de'"),
        ("languages", "en", "languages"),
        ("pages", [2**31], "No page with id 2147483648"),
        ("pages", [], "Name at least one page"),
        ("format", "3.0", "format must be one of 1.2, 2.0; got '3.0'"),
        ("prefill", "copy", "prefill must be one of existing, source, none; got 'copy'"),
        ("units", "some", "units must be one of all, changed; got 'some'"),
        ("leverage", "max", "leverage must be one of none, alt, prefill; got 'max'"),
        ("mark_in_translation", "perhaps", "mark_in_translation"),
    ],
)
def test_a_bad_value_is_a_400_naming_the_field_and_what_it_takes(
    pages, editor, client, field, value, expected
):
    response = _post(client, {**_body(pages), field: value})

    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert expected in response.json()["error"]
    assert not ExportJob.objects.exists()


def test_a_page_of_another_city_is_a_400(pages, nuernberg, editor, client):
    elsewhere = make_page(nuernberg, "Bibliothek")

    response = _post(client, _body(pages, pages=[elsewhere.pk]))

    assert response.status_code == 400
    assert response.json() == {
        "error": f"Page {elsewhere.pk} ('Bibliothek') is not in Augsburg.",
        "field": "pages",
    }


@pytest.mark.parametrize("job_id", ["0", str(2**70), "x"])
def test_an_impossible_job_id_is_a_400_naming_it(editor, client, job_id):
    response = client.get(f"{EXPORTS}{job_id}/")
    assert response.status_code == 400
    assert response.json()["field"] == "job_id"


def test_the_api_has_its_own_openapi_schema(client):
    schema = client.get("/api/translation/openapi.json").json()

    assert schema["info"]["title"] == "Cityguide translation API"
    assert set(schema["paths"]) == {
        "/api/translation/exports/",
        "/api/translation/exports/{job_id}/",
        "/api/translation/exports/{job_id}/download/",
    }
    body = schema["components"]["schemas"]["ExportIn"]["properties"]
    assert body["leverage"]["enum"] == ["none", "alt", "prefill"]
    assert body["format"]["enum"] == ["1.2", "2.0"]
