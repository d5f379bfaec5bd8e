"""Translation-memory leverage (issue 15) on the admin export forms and export jobs: the city
export form and the explorer's bulk action take `leverage` (none | alt | prefill), the job keeps
it and its file follows it, and the export detail names it."""

import pytest
from django.urls import reverse
from lxml import etree

from localization.xliff.document import NS12
from localization.xliff.models import ExportJob, JobState
from tests.conftest import make_page
from tests.tm.test_translation_memory import paragraph, translate_and_publish

pytestmark = pytest.mark.usefixtures("in_english")

X12 = {"x": NS12}
TEXT = "Die Stadtbibliothek ist kostenlos."
BULK_EXPORT = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "export_xliff"))


@pytest.fixture
def editor(augsburg, user_factory, client):
    user = user_factory("eva", city=augsburg)
    client.force_login(user)
    return user


@pytest.fixture
def untranslated(augsburg, on_commit):
    """A page whose one paragraph the memory knows from another, translated page."""
    translate_and_publish(make_page(augsburg, "Bibliothek", body=paragraph(TEXT)), "en", on_commit)
    return make_page(augsburg, "Bücherei", body=paragraph(TEXT))


def _unit(content, text):
    root = etree.fromstring(content)
    [unit] = [
        unit
        for unit in root.iterfind(".//x:trans-unit", X12)
        if "".join(unit.find("x:source", X12).itertext()) == text
    ]
    return unit


def _post_city_export(client, augsburg, **fields):
    return client.post(
        reverse("xliff:export_city", args=[augsburg.pk]),
        {"languages": ["en"], "pages": "missing", "xliff_version": "1.2", **fields},
    )


@pytest.mark.parametrize("leverage", ["none", "alt", "prefill"])
def test_the_city_export_form_passes_leverage_to_the_job_and_its_file(
    augsburg, editor, untranslated, client, leverage
):
    response = _post_city_export(client, augsburg, leverage=leverage)

    job = ExportJob.objects.get()
    assert response["Location"] == reverse("xliff:export_detail", args=[job.pk])
    assert (job.state, job.leverage) == (JobState.DONE, leverage), job.message
    unit = _unit(bytes(job.result), TEXT)
    alternatives = [
        "".join(alt.find("x:target", X12).itertext()) for alt in unit.iterfind("x:alt-trans", X12)
    ]
    target = unit.find("x:target", X12)
    if leverage == "none":
        assert (alternatives, target) == ([], None)
    elif leverage == "alt":
        assert (alternatives, target) == ([f"EN {TEXT}"], None)
    else:
        assert alternatives == [f"EN {TEXT}"]
        assert (target.text, target.get("state"), target.get("state-qualifier")) == (
            f"EN {TEXT}",
            "needs-review-translation",
            "exact-match",
        )


def test_a_form_posted_without_leverage_gets_proposals(augsburg, editor, untranslated, client):
    _post_city_export(client, augsburg)
    job = ExportJob.objects.get()
    assert job.leverage == "alt"
    assert _unit(bytes(job.result), TEXT).find("x:alt-trans", X12) is not None


def test_the_city_export_form_refuses_an_unknown_leverage(augsburg, editor, client):
    response = _post_city_export(client, augsburg, leverage="everything")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["leverage"]
    assert not ExportJob.objects.exists()


def test_the_form_offers_leverage_with_proposals_preselected(augsburg, editor, client):
    form = client.get(reverse("xliff:export_city", args=[augsburg.pk])).context["form"]
    field = form.fields["leverage"]
    assert [value for value, _label in field.choices] == ["none", "alt", "prefill"]
    assert field.initial == "alt"


def test_the_bulk_action_passes_leverage_to_the_job(augsburg, editor, untranslated, client):
    client.post(
        f"{BULK_EXPORT}?id={untranslated.pk}",
        {"languages": ["en"], "xliff_version": "1.2", "leverage": "none"},
    )
    job = ExportJob.objects.get()
    assert (job.state, job.leverage) == (JobState.DONE, "none"), job.message
    assert _unit(bytes(job.result), TEXT).find("x:alt-trans", X12) is None


def test_the_export_detail_names_the_options(augsburg, editor, untranslated, client):
    _post_city_export(client, augsburg, leverage="prefill", prefill="none", units="changed")
    job = ExportJob.objects.get()

    html = client.get(reverse("xliff:export_detail", args=[job.pk])).content.decode()

    options = etree.HTML(html).xpath("//dl[@data-export-options]")[0]
    shown = {dd.get("data-option"): dd.text for dd in options.iterfind("dd[@data-option]")}
    assert shown == {
        "prefill": "No targets",
        "units": "Only new and changed units",
        "leverage": "Best match in the target, for review",
    }
