"""An editor of Augsburg gets nothing of Nürnberg from any admin URL that takes an id.

The URL list is read from the URL resolver, so admin views added later (by Wagtail,
wagtail-localize or us) are covered without touching this file.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    Locale,
    Page,
    Revision,
    Site,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
)
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object

from guides.contacts.models import Contact, Organization
from guides.events.models import Event, Location
from guides.feedback.models import Feedback
from guides.news.models import NewsItem, PushDelivery
from localization.glossary.models import Term
from localization.models import TranslationStatus
from localization.mt.models import MachineTranslationJob
from localization.qa.models import QAFinding
from localization.xliff.models import (
    ExportJob,
    ImportBatch,
    ImportFileResult,
    ImportOutcome,
    JobState,
)
from tests.conftest import build_city, make_page, make_user
from tests.contacts.factories import make_contact, make_organization
from tests.events.factories import make_event, make_location
from tests.news.factories import make_news
from tests.shared import run_on_commit, shared_fixture

PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def admin_routes():
    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern, prefix + str(pattern.pattern), ns or None)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
                yield prefix + str(pattern.pattern), name

    return [
        (route, name)
        for route, name in walk(get_resolver(), "", None)
        if route.startswith("admin/") and PARAM.search(route)
    ]


ROUTES = admin_routes()


@shared_fixture()
def two_cities():
    """Augsburg and its editor; Nürnberg with a real object of every kind an admin URL names."""
    augsburg = build_city("augsburg", "Augsburg", ("de", "en"))
    nuernberg = build_city("nuernberg", "Nürnberg", ("de", "en"))
    english = Locale.objects.get(language_code="en")
    page = make_page(
        nuernberg,
        "Nürnberger Geheimnis",
        body=[
            {"type": "paragraph", "value": '<p>Mit <a href="https://example.org/x">Link</a>.</p>'}
        ],
    )
    child = make_page(page, "Nürnberger Unterseite")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=english)
    with run_on_commit():
        translation.save_target(publish=True)
    image = Image.objects.create(
        title="Nürnberg image", file=get_test_image_file(), collection_id=nuernberg.collection_id
    )
    image.tags.add("nuernberger-altstadt")
    document = Document.objects.create(
        title="Nürnberg document",
        file=ContentFile(b"hello", name="n.txt"),
        collection_id=nuernberg.collection_id,
    )
    editor = make_user("augsburg-editor", city=augsburg)
    other_editor = make_user("nuernberg-editor", city=nuernberg)

    location = make_location(nuernberg, "Nürnberger Bücherei", town="Nürnberg")
    event = make_event(nuernberg, "Nürnberger Sprachcafé", location=location)
    contact = make_contact(nuernberg, "Nürnberger Kontakt", email="kontakt@nuernberg.example")
    organization = make_organization(nuernberg, "Nürnberger Träger", logo=False)
    with run_on_commit():
        translate_object(event, [english])
    event_source = TranslationSource.objects.get(object_id=event.translation_key)
    news = make_news(nuernberg, "Nürnberger Neuigkeit")
    with run_on_commit():
        translate_object(news, [english])
    feedback = Feedback.objects.create(
        city=nuernberg,
        language="de",
        kind="event",
        rating="down",
        comment="Nürnberger Beschwerde",
        event=event,
        slug=str(event.pk),
    )

    workflow = Workflow.objects.get(name="Moderators approval")
    workflow_state = workflow.start(child, other_editor)
    uploads = {
        model: UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(model),
            file=ContentFile(b"upload", name=f"nuernberg-{model._meta.model_name}.txt"),
            uploaded_by_user=other_editor,
        )
        for model in (Image, Document)
    }
    export_job = ExportJob.objects.create(
        user=other_editor,
        page_ids=[page.pk],
        city=nuernberg,
        languages=["en"],
        state=JobState.DONE,
        filename="nuernberg.zip",
        result=b"PK nuernberg",
    )
    import_batch = ImportBatch.objects.create(
        user=other_editor, upload_name="nuernberg.xlf", state=JobState.PREVIEW
    )
    ImportFileResult.objects.create(
        batch=import_batch,
        label="Nürnberger Geheimnis",
        outcome=ImportOutcome.PREVIEW,
        page=page,
        language="en",
    )
    term = Term.objects.create(
        city=nuernberg, source="Nürnberger Amt", source_language="de", do_not_translate=True
    )
    finding = QAFinding.objects.create(
        content_type=ContentType.objects.get_for_model(Page),
        translation_key=page.translation_key,
        target_locale=english,
        city=nuernberg,
        source_page=page,
        string_id=0,
        context_id=0,
        segment="Teaser",
        code="phone",
        severity="blocking",
        fact="0911 231-0",
    )
    return {
        "augsburg": augsburg,
        "nuernberg": nuernberg,
        "page": page,
        "term": term,
        "finding": finding,
        "child": child,
        "translation": translation,
        "source": source,
        "image": image,
        "document": document,
        "editor": editor,
        "other_editor": other_editor,
        "location": location,
        "event": event,
        "contact": contact,
        "organization": organization,
        "event_translation": event_source.translations.get(),
        "event_source": event_source,
        "news": news,
        "feedback": feedback,
        "workflow": workflow,
        "task_state": workflow_state.current_task_state,
        "workflow_state": workflow_state,
        "image_upload": uploads[Image],
        "document_upload": uploads[Document],
        "export_job": export_job,
        "import_batch": import_batch,
        "redirect": Redirect.objects.create(old_path="/nuernberg-alt", redirect_page=page),
        "editing_session": EditingSession.objects.create(
            user=other_editor,
            content_type=ContentType.objects.get_for_model(Page),
            object_id=str(page.pk),
            last_seen_at=timezone.now(),
        ),
    }


def first_pk(queryset):
    return queryset.order_by("pk").values_list("pk", flat=True).first()


def route_values(name, objects):
    """The value of each URL parameter for a route: Nürnberg's real object of the route's kind."""
    page, child, event, location, news = (
        objects[k] for k in ("page", "child", "event", "location", "news")
    )
    task_state = objects["task_state"]
    values = {
        "page_id": page.pk,
        "parent_page_id": page.pk,
        "page_to_move_id": page.pk,
        "destination_id": child.pk,
        "page_pk": page.pk,
        "revision_id": page.latest_revision_id,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "image_id": objects["image"].pk,
        "document_id": objects["document"].pk,
        "doc_id": objects["document"].pk,
        "collection_id": objects["nuernberg"].collection_id,
        "translation_id": objects["translation"].pk,
        "translation_source_id": objects["source"].pk,
        "string_segment_id": first_pk(StringSegment.objects.filter(source=objects["source"])),
        "overridable_segment_id": first_pk(
            OverridableSegment.objects.filter(source=objects["source"])
        ),
        "content_type_app_name": "guides",
        "content_type_model_name": "guidepage",
        "app_label": "guides",
        "model_name": "guidepage",
        "action": "delete",
        "action_name": "approve",
        "task_state_id": task_state.pk,
        "task_id": task_state.task_id,
        "workflow_state_id": objects["workflow_state"].pk,
        "workflow_pk": objects["workflow"].pk,
        "object_id": page.pk,
        "session_id": objects["editing_session"].pk,
        "city_slug": objects["nuernberg"].slug,
        "city_id": objects["nuernberg"].pk,
        "language": "en",
        "mode": "app",
        "redirect_id": objects["redirect"].pk,
        "filter_spec": "original",
        "uidb64": urlsafe_base64_encode(force_bytes(objects["other_editor"].pk)),
        "token": "invalid-token",
        "finding_id": objects["finding"].pk,
    }
    family = name.split(":")[0]
    if name.startswith("wagtailadmin_pages:") and "workflow" in name:
        values["page_id"] = child.pk  # the page in Nürnberg's moderation workflow
    snippet = {
        "wagtailsnippets_events_event": (event, "event"),
        "wagtailsnippetchoosers_events_event": (event, "event"),
        "wagtailsnippets_events_location": (location, "location"),
        "wagtailsnippetchoosers_events_location": (location, "location"),
        "wagtailsnippets_news_newsitem": (news, "news"),
        "wagtailsnippetchoosers_news_newsitem": (news, "news"),
        "wagtailsnippets_feedback_feedback": (objects["feedback"], "feedback"),
        "wagtailsnippetchoosers_feedback_feedback": (objects["feedback"], "feedback"),
        **{
            f"{prefix}_contacts_{kind}": (objects[kind], kind)
            for prefix in ("wagtailsnippets", "wagtailsnippetchoosers")
            for kind in ("contact", "organization")
        },
    }.get(family)
    if snippet:
        values["pk"] = snippet[0].pk
        values["revision_id"] = getattr(snippet[0], "latest_revision_id", None)
    if name.endswith(("snippets_api_detail", "snippets_api_listing", "snippet_translation")):
        values.update(app_label="events", model_name="event", pk=event.pk)
    if name == "wagtail_bulk_action":
        values.update(app_label="wagtailcore", model_name="page")
    if name == "wagtailadmin_tag_model_autocomplete":
        values.update(app_name="taggit", model_name="tag")  # the tags of images and documents
    if name == "wagtailadmin_editing_sessions:ping":
        values.update(app_label="wagtailcore", model_name="page")
    if name == "wagtailadmin_workflows:add_task":
        values.update(app_label="wagtailcore", model_name="groupapprovaltask")
    if name.startswith(("wagtaildocs:", "wagtailimages:")) and "upload" in name:
        kind = "document" if name.startswith("wagtaildocs") else "image"
        values["uploaded_file_id"] = objects[f"{kind}_upload"].pk
    pk_by_family = {
        "wagtailadmin_api": None,
        "wagtailadmin_collections": objects["nuernberg"].collection_id,
        "wagtaildocs_chooser": objects["document"].pk,
        "wagtailimages_chooser": objects["image"].pk,
        "wagtaillocales": Locale.objects.get(language_code="en").pk,
        "wagtailsites": Site.objects.get(is_default_site=True).pk,
        "wagtailusers_users": objects["other_editor"].pk,
        "wagtailusers_groups": objects["nuernberg"].editors_group_id,
        "xliff": None,
        "glossary": objects["term"].pk,
        "wagtailadmin_pages": page.pk,
    }
    if family in pk_by_family and "pk" not in values:
        values["pk"] = pk_by_family[family]
    if name.startswith("wagtailadmin_api:"):
        kind = name.split(":")[1]
        values["pk"] = {
            "pages": page.pk,
            "images": objects["image"].pk,
            "documents": objects["document"].pk,
        }[kind]
    if name.startswith("wagtailadmin_workflows:"):
        values["pk"] = task_state.task_id if name.endswith("_task") else objects["workflow"].pk
    if name.startswith("xliff:"):
        values["pk"] = objects["import_batch"].pk if "import" in name else objects["export_job"].pk
    return values


def fill_route(route, name, objects):
    """Put Nürnberg's real objects into every parameter of an admin route; a parameter with
    no real object fails here, so a new route cannot pass by a 404 for a missing object."""
    values = route_values(name, objects)
    suffix = f"?id={objects['page'].pk}" if name == "wagtail_bulk_action" else ""

    def substitute(match):
        key = match.group(1) or match.group(2)
        assert values.get(key) is not None, f"{name}: no Nürnberg object for <{key}> in {route}"
        return str(values[key])

    path = PARAM.sub(substitute, route)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "") + suffix


def snapshot(objects):
    nuernberg_pages = Page.objects.descendant_of(objects["nuernberg"], inclusive=True)
    return {
        "pages": sorted(
            nuernberg_pages.values_list(
                "pk", "title", "live", "locked", "path", "latest_revision_id"
            )
        ),
        "all_pages": Page.objects.count(),
        "revisions": sorted(Revision.objects.values_list("pk", "object_id", "content_type_id")),
        "images": sorted(Image.objects.values_list("pk", "title", "collection_id")),
        "documents": sorted(Document.objects.values_list("pk", "title", "collection_id")),
        "collections": sorted(Collection.objects.values_list("pk", "name")),
        "events": list(Event.objects.order_by("pk").values()),
        "locations": list(Location.objects.order_by("pk").values()),
        "news": list(NewsItem.objects.order_by("pk").values()),
        "push_deliveries": list(PushDelivery.objects.order_by("pk").values()),
        "feedback": list(Feedback.objects.order_by("pk").values()),
        "contacts": list(Contact.objects.order_by("pk").values()),
        "organizations": list(Organization.objects.order_by("pk").values()),
        "export_jobs": list(ExportJob.objects.order_by("pk").values()),
        "import_batches": list(ImportBatch.objects.order_by("pk").values()),
        "import_results": list(ImportFileResult.objects.order_by("pk").values()),
        "statuses": list(TranslationStatus.objects.order_by("pk").values()),
        "translations": list(Translation.objects.order_by("pk").values()),
        "string_translations": StringTranslation.objects.count(),
        "workflow_states": list(WorkflowState.objects.order_by("pk").values()),
        "task_states": list(TaskState.objects.order_by("pk").values()),
        "uploads": sorted(UploadedFile.objects.values_list("pk", flat=True)),
        "redirects": list(Redirect.objects.order_by("pk").values()),
        "editing_sessions": sorted(EditingSession.objects.values_list("pk", "user_id")),
        "groups": sorted(Group.objects.values_list("pk", "name")),
        "users": sorted(get_user_model().objects.values_list("pk", "username", "is_active")),
        "locales": sorted(Locale.objects.values_list("pk", "language_code")),
        "workflows": sorted(Workflow.objects.values_list("pk", "name", "active")),
        "glossary_terms": list(Term.objects.order_by("pk").values()),
        "qa_findings": list(QAFinding.objects.order_by("pk").values()),
        "mt_jobs": list(MachineTranslationJob.objects.order_by("pk").values()),
        "tasks": sorted(Task.objects.values_list("pk", "name", "active")),
    }


# The exact answer (GET, POST) to an Augsburg editor for each admin route filled with Nürnberg's
# objects, by the layer that refuses:
NOT_FOUND = 404  # guides.admin_guard (a page id outside the user's cities), or the view's own
# queryset narrowed to the user's cities/collections (snippets API, chooser, image URL generator)
DASHBOARD = "dashboard"  # Wagtail's refusal: PermissionDenied becomes a redirect to the
# dashboard with a message (wagtail.admin.auth.require_admin_access)
NOT_ALLOWED = 405  # the view takes only the other method; it gets no further
FORBIDDEN = 403  # our own POST doors: a refusal a script can read (localization.views)
PAGE_GUARD = (NOT_FOUND, NOT_FOUND)
WAGTAIL_REFUSES = (DASHBOARD, DASHBOARD)
POST_ONLY_REFUSED = (NOT_ALLOWED, DASHBOARD)
GET_ONLY_NOT_FOUND = (NOT_FOUND, NOT_ALLOWED)

EXPECTED = {
    # Wagtail's admin API: its querysets hold only what the user may see
    "wagtailadmin_api:pages:detail": GET_ONLY_NOT_FOUND,
    "wagtailadmin_api:pages:action": (NOT_ALLOWED, NOT_FOUND),
    "wagtailadmin_api:documents:detail": GET_ONLY_NOT_FOUND,
    "wagtailadmin_api:images:detail": GET_ONLY_NOT_FOUND,
    # pages: the guard, before any Wagtail view
    "wagtailadmin_explore": PAGE_GUARD,
    "wagtailadmin_explore_results": PAGE_GUARD,
    "wagtail_bulk_action": PAGE_GUARD,  # ?id=<Nürnberg page>: the guard reads the query string
    "wagtailadmin_pages:add": PAGE_GUARD,
    "wagtailadmin_pages:preview_on_add": PAGE_GUARD,
    "wagtailadmin_pages:usage": PAGE_GUARD,
    "wagtailadmin_pages:edit": PAGE_GUARD,
    "wagtailadmin_pages:preview_on_edit": PAGE_GUARD,
    "wagtailadmin_pages:view_draft": PAGE_GUARD,
    "wagtailadmin_pages:add_subpage": PAGE_GUARD,
    "wagtailadmin_pages:delete": PAGE_GUARD,
    "wagtailadmin_pages:unpublish": PAGE_GUARD,
    "wagtailadmin_pages:convert_alias": PAGE_GUARD,
    "wagtailadmin_pages:move": PAGE_GUARD,
    "wagtailadmin_pages:move_confirm": PAGE_GUARD,
    "wagtailadmin_pages:set_page_position": PAGE_GUARD,
    "wagtailadmin_pages:copy": PAGE_GUARD,
    "wagtailadmin_pages:workflow_action": PAGE_GUARD,
    "wagtailadmin_pages:collect_workflow_action_data": PAGE_GUARD,
    "wagtailadmin_pages:confirm_workflow_cancellation": PAGE_GUARD,
    "wagtailadmin_pages:workflow_preview": PAGE_GUARD,
    "wagtailadmin_pages:set_privacy": PAGE_GUARD,
    "wagtailadmin_pages:lock": PAGE_GUARD,
    "wagtailadmin_pages:unlock": PAGE_GUARD,
    "wagtailadmin_pages:revisions_index": PAGE_GUARD,
    "wagtailadmin_pages:revisions_view": PAGE_GUARD,
    "wagtailadmin_pages:revisions_revert": PAGE_GUARD,
    "wagtailadmin_pages:revisions_unschedule": PAGE_GUARD,
    "wagtailadmin_pages:revisions_compare": PAGE_GUARD,  # its <pk> is the page's id
    "wagtailadmin_pages:workflow_history": PAGE_GUARD,
    "wagtailadmin_pages:workflow_history_detail": PAGE_GUARD,
    "wagtailadmin_pages:history": PAGE_GUARD,
    "wagtailadmin_pages:history_results": PAGE_GUARD,
    "wagtailadmin_choose_page_child": PAGE_GUARD,
    "wagtailadmin_workflows:remove": PAGE_GUARD,
    "wagtail_localize:submit_page_translation": PAGE_GUARD,
    "cityguide_submit_page_translation": PAGE_GUARD,
    "wagtail_localize:convert_to_alias": PAGE_GUARD,
    "cityguide_translation_diff": PAGE_GUARD,
    "cityguide_mark_up_to_date": PAGE_GUARD,
    "cityguide_mark_reviewed": PAGE_GUARD,
    # events, locations and news: their permission policy, then Wagtail's refusal
    **{
        f"wagtailsnippets_{model}:{view}": WAGTAIL_REFUSES
        for model in ("events_event", "events_location", "news_newsitem")
        for view in (
            "edit",
            "delete",
            "usage",
            "history",
            "history_results",
            "copy",
            "revisions_revert",
            "revisions_compare",
            "revisions_unschedule",
            "unpublish",
        )
    },
    "wagtailsnippetchoosers_events_event:chosen": WAGTAIL_REFUSES,
    "wagtailsnippetchoosers_events_location:chosen": WAGTAIL_REFUSES,
    "wagtailsnippetchoosers_news_newsitem:chosen": WAGTAIL_REFUSES,
    # feedback: its permission policy (the city's own only), then Wagtail's refusal
    **{
        f"wagtailsnippets_feedback_feedback:{view}": WAGTAIL_REFUSES
        for view in ("edit", "delete", "usage", "history", "history_results", "inspect")
    },
    "wagtailsnippetchoosers_feedback_feedback:chosen": WAGTAIL_REFUSES,
    # contact cards and organizations (guides.contacts): the same policy and refusal
    **{
        f"wagtailsnippets_contacts_{model}:{view}": WAGTAIL_REFUSES
        for model in ("contact", "organization")
        for view in ("edit", "delete", "usage", "history", "history_results", "copy")
    },
    "wagtailsnippetchoosers_contacts_contact:chosen": WAGTAIL_REFUSES,
    "wagtailsnippetchoosers_contacts_organization:chosen": WAGTAIL_REFUSES,
    "wagtail_localize:submit_snippet_translation": WAGTAIL_REFUSES,
    "cityguide_submit_snippet_translation": WAGTAIL_REFUSES,
    "wagtail_localize:snippets_api_detail": WAGTAIL_REFUSES,
    "cityguide_snippets_api_detail": WAGTAIL_REFUSES,
    # wagtail-localize's translation views: guides.events.localize_views and admin_views
    "wagtail_localize:update_translations": WAGTAIL_REFUSES,
    "cityguide_update_translations": WAGTAIL_REFUSES,
    "wagtail_localize:edit_string_translation": (NOT_ALLOWED, NOT_ALLOWED),  # PUT/DELETE only
    "cityguide_edit_string_translation": (NOT_ALLOWED, NOT_ALLOWED),
    "wagtail_localize:edit_override": (NOT_ALLOWED, NOT_ALLOWED),
    "cityguide_edit_override": (NOT_ALLOWED, NOT_ALLOWED),
    "wagtail_localize:download_pofile": WAGTAIL_REFUSES,
    "cityguide_download_pofile": WAGTAIL_REFUSES,
    "wagtail_localize:upload_pofile": POST_ONLY_REFUSED,
    "cityguide_upload_pofile": POST_ONLY_REFUSED,
    "wagtail_localize:machine_translate": (NOT_ALLOWED, NOT_FOUND),  # no machine translator
    "cityguide_machine_translate": (NOT_ALLOWED, NOT_FOUND),
    "wagtail_localize:preview_translation": WAGTAIL_REFUSES,
    "wagtail_localize:stop_translation": POST_ONLY_REFUSED,
    "cityguide_stop_translation": POST_ONLY_REFUSED,
    # translation reports and XLIFF (localization/)
    "cityguide_translation_report": WAGTAIL_REFUSES,
    "cityguide_translation_report_results": WAGTAIL_REFUSES,
    "cityguide_cancel_translations": (NOT_ALLOWED, FORBIDDEN),
    "xliff:import_detail": WAGTAIL_REFUSES,
    "xliff:import_confirm": POST_ONLY_REFUSED,
    "xliff:export_city": WAGTAIL_REFUSES,
    "xliff:export_detail": WAGTAIL_REFUSES,
    "xliff:export_download": WAGTAIL_REFUSES,
    "xliff:export_analysis_csv": WAGTAIL_REFUSES,
    # translation QA, machine translation and the glossary (localization/)
    "cityguide_qa_override": (NOT_ALLOWED, NOT_FOUND),  # a finding outside the user's cities
    "cityguide_mt_city": (FORBIDDEN, FORBIDDEN),  # another city's machine translation page
    "cityguide_mt_page": PAGE_GUARD,  # the panel's "Machine translate" for another city's page
    # the findings of another city's translation (wagtail-localize's editor asks for them)
    "cityguide_qa_translation_findings": GET_ONLY_NOT_FOUND,
    **{  # the glossary's permission policy narrows its queryset to the user's cities
        f"glossary:{view}": (NOT_FOUND, NOT_FOUND)
        for view in ("edit", "delete", "history", "history_results", "usage", "inspect")
    },
    # images, documents and collections: the city's collection permissions
    "wagtailimages:edit": WAGTAIL_REFUSES,
    "wagtailimages:delete": WAGTAIL_REFUSES,
    "wagtailimages:url_generator": GET_ONLY_NOT_FOUND,
    "wagtailimages:url_generator_output": GET_ONLY_NOT_FOUND,
    "wagtailimages:preview": WAGTAIL_REFUSES,
    "wagtailimages:image_usage": WAGTAIL_REFUSES,
    "wagtailimages:edit_multiple": POST_ONLY_REFUSED,
    "wagtailimages:create_multiple_from_uploaded_image": POST_ONLY_REFUSED,
    "wagtailimages:delete_multiple": POST_ONLY_REFUSED,
    "wagtailimages:delete_upload_multiple": POST_ONLY_REFUSED,
    "wagtailimages_chooser:chosen": (DASHBOARD, NOT_ALLOWED),
    "wagtailimages_chooser:select_format": WAGTAIL_REFUSES,
    "wagtaildocs:edit": WAGTAIL_REFUSES,
    "wagtaildocs:delete": WAGTAIL_REFUSES,
    "wagtaildocs:edit_multiple": POST_ONLY_REFUSED,
    "wagtaildocs:create_multiple_from_uploaded_document": POST_ONLY_REFUSED,
    "wagtaildocs:delete_multiple": POST_ONLY_REFUSED,
    "wagtaildocs:delete_upload_multiple": POST_ONLY_REFUSED,
    "wagtaildocs:document_usage": WAGTAIL_REFUSES,
    "wagtaildocs_chooser:chosen": (DASHBOARD, NOT_ALLOWED),
    "wagtailadmin_collections:edit": WAGTAIL_REFUSES,
    "wagtailadmin_collections:delete": PAGE_GUARD,  # narrowed to collections the user may delete
    "wagtailadmin_collections:set_privacy": WAGTAIL_REFUSES,
    # settings an editor has no rights on at all
    **{
        f"{family}:{view}": WAGTAIL_REFUSES
        for family, views in {
            "wagtailadmin_workflows": ("edit", "disable", "usage", "usage_results", "add_task"),
            "wagtaillocales": ("edit", "delete", "history", "history_results", "usage", "copy"),
            "wagtailsites": ("edit", "delete", "history", "history_results", "usage", "copy"),
            "wagtailusers_users": ("edit", "delete", "history", "history_results", "usage", "copy"),
            "wagtailusers_groups": ("edit", "delete", "history", "history_results", "usage"),
            "wagtailredirects": ("edit", "delete"),
        }.items()
        for view in views
    },
    "wagtailadmin_workflows:edit_task": WAGTAIL_REFUSES,
    "wagtailadmin_workflows:disable_task": WAGTAIL_REFUSES,
    "wagtailadmin_workflows:enable": POST_ONLY_REFUSED,
    "wagtailadmin_workflows:enable_task": POST_ONLY_REFUSED,
    "wagtailadmin_editing_sessions:ping": (NOT_ALLOWED, NOT_FOUND),
    "wagtailadmin_tag_model_autocomplete": (200, 200),  # only the user's cities' tags
    # Routes whose ids name no object of a city: they may answer, but must reveal and change
    # nothing of the other city.
    "wagtailadmin_pages:type_use": (200, NOT_ALLOWED),
    "wagtailadmin_pages:type_use_results": (200, NOT_ALLOWED),
    # GET: straight to adding a page under the user's only possible parent, their own city
    "wagtailadmin_pages:choose_parent": lambda objects: (
        "redirect:"
        + reverse("wagtailadmin_pages:add", args=["guides", "guidepage", objects["augsburg"].pk]),
        200,
    ),
    "wagtailadmin_workflows:task_chosen": (200, 200),
    "wagtailadmin_editing_sessions:release": (NOT_ALLOWED, 200),  # releases only one's own
    "wagtailadmin_password_reset_confirm": (200, 200),  # a wrong token: "invalid link"
    "cityguide_snippets_api_listing": (200, NOT_ALLOWED),  # the user's own city's events
    "wagtail_localize:snippets_api_listing": (200, NOT_ALLOWED),  # the same URL as ours
}


def answer(response):
    if response.status_code == 302:
        if response["Location"] == reverse("wagtailadmin_home"):
            return DASHBOARD
        return f"redirect:{response['Location']}"
    return response.status_code


def test_every_admin_route_with_an_id_has_an_expected_answer():
    """A new route (a Wagtail upgrade, a new view of ours) must be added above, with the exact
    answer it gives to an editor of another city."""
    assert sorted({name for _, name in ROUTES} - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - {name for _, name in ROUTES}) == []


@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[name or route for route, name in ROUTES])
def test_editor_gets_exact_refusal_and_changes_nothing_for_other_city(
    client, two_cities, route, name
):
    client.force_login(two_cities["editor"])
    url = fill_route(route, name, two_cities)
    before = snapshot(two_cities)

    got = client.get(url)
    posted = client.post(
        url,
        {
            "title": "hacked",
            "slug": "hacked",
            "locales": list(Locale.objects.values_list("pk", flat=True)),
            "collection": two_cities["nuernberg"].collection_id,
        },
    )

    expected = EXPECTED[name]
    if callable(expected):
        expected = expected(two_cities)
    assert (answer(got), answer(posted)) == expected, url
    for response in (got, posted):
        html = response.content.decode(errors="replace")
        for secret in ("Nürnberg", "nuernberg"):
            assert secret not in html, (url, secret)
    assert snapshot(two_cities) == before


TRANSLATION_ROUTES = [
    (route, name)
    for route, name in ROUTES
    if "<int:translation_id>" in route or "<int:translation_source_id>" in route
]
# Translations of an event: wagtail-localize's views, narrowed by guides.events.localize_views
# (and admin_views for updates), which refuse before the method is looked at.
EXPECTED_FOR_EVENT_TRANSLATION = {
    "wagtail_localize:update_translations": WAGTAIL_REFUSES,
    "cityguide_update_translations": WAGTAIL_REFUSES,
    "wagtail_localize:edit_string_translation": WAGTAIL_REFUSES,  # the same URL as ours
    "cityguide_edit_string_translation": WAGTAIL_REFUSES,
    "wagtail_localize:edit_override": WAGTAIL_REFUSES,
    "cityguide_edit_override": WAGTAIL_REFUSES,
    "wagtail_localize:download_pofile": WAGTAIL_REFUSES,
    "cityguide_download_pofile": WAGTAIL_REFUSES,
    "wagtail_localize:upload_pofile": WAGTAIL_REFUSES,
    "cityguide_upload_pofile": WAGTAIL_REFUSES,
    "wagtail_localize:machine_translate": WAGTAIL_REFUSES,
    "cityguide_machine_translate": WAGTAIL_REFUSES,
    "wagtail_localize:preview_translation": (NOT_FOUND, NOT_FOUND),  # previews pages only
    "wagtail_localize:stop_translation": WAGTAIL_REFUSES,
    "cityguide_stop_translation": WAGTAIL_REFUSES,
    "cityguide_qa_translation_findings": GET_ONLY_NOT_FOUND,  # ours: the city of the event
}


@pytest.mark.parametrize(
    ("route", "name"),
    TRANSLATION_ROUTES,
    ids=[f"{name}-{route}" for route, name in TRANSLATION_ROUTES],
)
def test_editor_gets_exact_refusal_for_other_citys_event_translation(
    client, two_cities, route, name
):
    client.force_login(two_cities["editor"])
    event_source = two_cities["event_source"]
    url = fill_route(
        route,
        name,
        {
            **two_cities,
            "translation": two_cities["event_translation"],
            "source": event_source,
        },
    )
    before = snapshot(two_cities)

    got, posted = client.get(url), client.post(url, {"title": "hacked"})

    assert (answer(got), answer(posted)) == EXPECTED_FOR_EVENT_TRANSLATION[name], url
    for response in (got, posted):
        assert "Nürnberg" not in response.content.decode(errors="replace"), url
    assert snapshot(two_cities) == before


def test_own_city_editor_gets_200_on_own_pages(client, two_cities):
    """The control: the same URLs work for Nürnberg's own editor."""
    client.force_login(two_cities["other_editor"])
    page = two_cities["page"]
    for url in (
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/",
        f"/admin/pages/{page.pk}/revisions/compare/earliest...latest/",
        f"/admin/bulk/wagtailcore/page/unpublish/?id={page.pk}",
        f"/admin/images/{two_cities['image'].pk}/",
        f"/admin/documents/edit/{two_cities['document'].pk}/",
        f"/admin/localize/submit/page/{two_cities['child'].pk}/",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/",
        "/admin/pages/search/?q=Nürnberger",
        "/admin/choose-page/",
        "/admin/choose-page/search/?q=Nürnberger",
        "/admin/images/",
        "/admin/documents/",
        "/admin/collections/",
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
        "/admin/snippets/feedback/feedback/",
        "/admin/snippets/feedback/feedback/?q=Beschwerde",
        "/admin/snippets/choose/feedback/feedback/",
    ],
)
def test_listings_and_choosers_do_not_reveal_other_city(client, two_cities, url):
    client.force_login(two_cities["editor"])
    response = client.get(url, follow=True)
    html = response.content.decode()
    for secret in (
        "Nürnberger Geheimnis",
        "Nürnberg image",
        "Nürnberg document",
        "Nürnberger Beschwerde",
    ):
        assert secret not in html, f"{url} shows {secret!r}"


def test_explorer_of_locale_root_lists_only_own_city(client, two_cities):
    client.force_login(two_cities["editor"])
    home = two_cities["augsburg"].get_parent()
    html = client.get(f"/admin/pages/{home.pk}/").content.decode()
    assert "Augsburg" in html
    assert "Nürnberg" not in html


def test_editor_cannot_upload_into_other_city_collection(client, two_cities):
    client.force_login(two_cities["editor"])
    nuernberg_collection = two_cities["nuernberg"].collection_id
    client.post(
        "/admin/images/add/",
        {
            "title": "sneaky",
            "collection": nuernberg_collection,
            "file": get_test_image_file(filename="sneaky.png"),
        },
    )
    client.post(
        "/admin/documents/add/",
        {
            "title": "sneaky",
            "collection": nuernberg_collection,
            "file": ContentFile(b"x", name="sneaky.txt"),
        },
    )
    assert (
        not Image.objects.filter(collection_id=nuernberg_collection)
        .exclude(pk=two_cities["image"].pk)
        .exists()
    )
    assert (
        not Document.objects.filter(collection_id=nuernberg_collection)
        .exclude(pk=two_cities["document"].pk)
        .exists()
    )


def test_translate_form_offers_only_city_languages(client, city_factory):
    city = city_factory("augsburg", "Augsburg", ("de", "en", "ar"))
    page = make_page(city, "Anmeldung")
    editor = make_user("augsburg-editor", city=city)
    client.force_login(editor)

    html = client.get(f"/admin/localize/submit/page/{page.pk}/").content.decode()
    response = client.post(
        f"/admin/localize/submit/page/{page.pk}/",
        {"locales": [city.locale.__class__.objects.get(language_code="ru").pk]},
    )

    assert 'value="ar"' in html or "العربية" in html or "Arabic" in html
    assert "Русский" not in html and "Russian" not in html
    assert response.status_code == 200  # form re-rendered with an error, nothing created
    assert not Page.objects.filter(
        translation_key=page.translation_key, locale__language_code="ru"
    ).exists()


@pytest.mark.parametrize(
    "url", ["/admin/pages/999999/edit/", "/admin/snippets/events/event/edit/999999/", "/admin/no/"]
)
def test_admin_not_found_is_404_without_a_language_redirect(client, user_factory, url):
    """LocaleMiddleware used to retry every admin 404 as /de/admin/…, Wagtail's page route."""
    client.force_login(user_factory("root", superuser=True))

    response = client.get(url, follow=True)

    assert response.redirect_chain == []
    assert response.status_code == 404


def test_public_path_without_language_still_redirects_to_the_language(client, augsburg):
    response = client.get("/augsburg/")

    assert response.status_code == 302
    assert response["Location"] == "/de/augsburg/"


def test_page_bulk_action_of_a_whole_listing_reaching_other_city_is_404(client, two_cities):
    """`?id=all&childOf=<home>` would list every city's pages by title."""
    client.force_login(two_cities["editor"])
    home = two_cities["augsburg"].get_parent()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"])

    response = client.get(url, {"id": "all", "childOf": home.pk})

    assert response.status_code == 404
    assert "Nürnberg" not in response.content.decode()


def test_page_bulk_action_on_own_pages_still_works(client, two_cities):
    client.force_login(two_cities["editor"])
    own = make_page(two_cities["augsburg"], "Augsburger Seite")
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"])

    listing = client.get(url, {"id": "all", "childOf": two_cities["augsburg"].pk})
    chosen = client.get(url, {"id": own.pk})

    assert (listing.status_code, chosen.status_code) == (200, 200)
    assert "Augsburger Seite" in chosen.content.decode()


@pytest.mark.parametrize("kind", ["page", "event"])
@pytest.mark.parametrize("method", ["put", "delete"])
@pytest.mark.parametrize("view", ["edit_string_translation", "edit_override"])
def test_translation_edits_by_put_and_delete_are_refused_for_other_city(
    client, two_cities, kind, method, view
):
    """wagtail-localize's editor writes strings and overrides with PUT and DELETE."""
    client.force_login(two_cities["editor"])
    if kind == "page":
        translation, source = two_cities["translation"], two_cities["source"]
    else:
        translation, source = two_cities["event_translation"], two_cities["event_source"]
    segment = (StringSegment if view == "edit_string_translation" else OverridableSegment).objects
    segment_id = first_pk(segment.filter(source=source))
    url = reverse(f"wagtail_localize:{view}", args=[translation.pk, segment_id])
    before = snapshot(two_cities)

    response = getattr(client, method)(
        url, "value=hacked", content_type="application/x-www-form-urlencoded"
    )

    # a page: wagtail-localize's own check (403 from its REST view); an event:
    # guides.events.localize_views refuses first, the way Wagtail's admin does
    assert answer(response) == {"page": 403, "event": DASHBOARD}[kind]
    assert snapshot(two_cities) == before


@pytest.mark.parametrize(
    "args", [(), ("taggit", "tag")], ids=["tag_autocomplete", "tag_model_autocomplete"]
)
def test_tag_autocomplete_offers_only_own_citys_tags(client, two_cities, args):
    """taggit's tags are global: Wagtail's autocomplete named the tags of Nürnberg's images."""
    own = Image.objects.create(
        title="Augsburg image",
        file=get_test_image_file(),
        collection_id=two_cities["augsburg"].collection_id,
    )
    own.tags.add("nuernberg-reise")
    client.force_login(two_cities["editor"])
    name = "wagtailadmin_tag_model_autocomplete" if args else "wagtailadmin_tag_autocomplete"

    response = client.get(reverse(name, args=args), {"term": "nuern"})

    assert (response.status_code, response.json()) == (200, ["nuernberg-reise"])


def test_superuser_tag_autocomplete_offers_every_tag(client, two_cities, user_factory):
    client.force_login(user_factory("root", superuser=True))

    response = client.get(reverse("wagtailadmin_tag_autocomplete"), {"term": "nuern"})

    assert response.json() == ["nuernberger-altstadt"]


NEWS_SNIPPET_ROUTES = [
    (route, name)
    for route, name in ROUTES
    if name.endswith(("snippets_api_detail", "snippet_translation"))
]


@pytest.mark.parametrize(
    ("route", "name"), NEWS_SNIPPET_ROUTES, ids=[name for _route, name in NEWS_SNIPPET_ROUTES]
)
def test_editor_cannot_translate_or_read_other_citys_news(client, two_cities, route, name):
    """wagtail-localize's snippet doors, asked about a news item of Nürnberg."""
    client.force_login(two_cities["editor"])
    news = two_cities["news"]
    url = PARAM.sub(
        lambda match: str(
            {"app_label": "news", "model_name": "newsitem", "pk": news.pk}[
                match.group(1) or match.group(2)
            ]
        ),
        route,
    )
    before = snapshot(two_cities)

    got, posted = client.get(f"/{url}"), client.post(f"/{url}", {"locales": [1, 2, 3]})

    assert (answer(got), answer(posted)) == WAGTAIL_REFUSES, url
    for response in (got, posted):
        assert "Nürnberg" not in response.content.decode(errors="replace"), url
    assert snapshot(two_cities) == before


@pytest.mark.parametrize(
    ("route", "name"),
    TRANSLATION_ROUTES,
    ids=[f"{name}-{route}" for route, name in TRANSLATION_ROUTES],
)
def test_editor_gets_exact_refusal_for_other_citys_news_translation(
    client, two_cities, route, name
):
    client.force_login(two_cities["editor"])
    news_source = TranslationSource.objects.get(object_id=two_cities["news"].translation_key)
    url = fill_route(
        route,
        name,
        {**two_cities, "translation": news_source.translations.get(), "source": news_source},
    )
    before = snapshot(two_cities)

    got, posted = client.get(url), client.post(url, {"title": "hacked"})

    assert (answer(got), answer(posted)) == EXPECTED_FOR_EVENT_TRANSLATION[name], url
    for response in (got, posted):
        assert "Nürnberg" not in response.content.decode(errors="replace"), url
    assert snapshot(two_cities) == before


def test_news_listing_and_chooser_show_only_own_city(client, two_cities):
    augsburg_news = make_news(two_cities["augsburg"], "Augsburger Neuigkeit")
    client.force_login(two_cities["editor"])
    for url in (
        reverse("wagtailsnippets_news_newsitem:list"),
        reverse("wagtailsnippetchoosers_news_newsitem:choose"),
    ):
        html = client.get(url).content.decode()
        assert augsburg_news.title in html, url
        assert "Nürnberger Neuigkeit" not in html, url


@pytest.mark.parametrize("kind", ["contact", "organization"])
@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/contacts/{kind}/",
        "/admin/snippets/contacts/{kind}/results/",
        "/admin/snippets/choose/contacts/{kind}/",
        "/admin/snippets/choose/contacts/{kind}/results/",
        "/admin/snippets/contacts/{kind}/?q={word}",
    ],
)
def test_contact_listings_and_choosers_show_only_own_city(client, two_cities, kind, url):
    own = {
        "contact": lambda: make_contact(two_cities["augsburg"], "Augsburger Kontakt"),
        "organization": lambda: make_organization(two_cities["augsburg"], "Augsburger Träger"),
    }[kind]()
    client.force_login(two_cities["editor"])

    response = client.get(url.format(kind=kind, word={"contact": "Kontakt"}.get(kind, "Träger")))

    is_json = response["Content-Type"].startswith("application/json")
    html = response.json()["html"] if is_json else response.content.decode()
    assert response.status_code == 200
    assert str(own) in html
    assert "Nürnberg" not in html


def test_contact_translation_of_other_city_is_refused(client, two_cities):
    client.force_login(two_cities["editor"])
    url = f"/admin/localize/submit/snippet/contacts/contact/{two_cities['contact'].pk}/"
    before = snapshot(two_cities)

    got, posted = client.get(url), client.post(url, {"locales": [two_cities["augsburg"].pk]})

    assert (answer(got), answer(posted)) == WAGTAIL_REFUSES
    assert snapshot(two_cities) == before


@pytest.mark.parametrize("kind", ["contact", "organization"])
def test_contact_bulk_delete_naming_other_city_is_404(client, two_cities, kind):
    client.force_login(two_cities["editor"])
    url = reverse("wagtail_bulk_action", args=["contacts", kind, "delete"])
    before = snapshot(two_cities)

    got = client.get(url, {"id": two_cities[kind].pk})
    posted = client.post(f"{url}?id={two_cities[kind].pk}")

    assert (got.status_code, posted.status_code) == (404, 404)
    assert "Nürnberg" not in got.content.decode()
    assert snapshot(two_cities) == before


def test_editor_adds_a_contact_only_to_own_city(client, two_cities):
    client.force_login(two_cities["editor"])
    form = {
        "name": "Frau Neu",
        "area_of_responsibility": "",
        "email": "neu@example.org",
        "phone_number": "",
        "mobile_number": "",
        "website": "",
        "appointment_url": "",
        "opening_hours-count": "0",
    }

    foreign = client.post(
        "/admin/snippets/contacts/contact/add/", {**form, "city": two_cities["nuernberg"].pk}
    )
    own = client.post(
        "/admin/snippets/contacts/contact/add/", {**form, "city": two_cities["augsburg"].pk}
    )

    assert foreign.status_code == 200  # the form again, with the city refused
    assert own.status_code == 302
    assert list(Contact.objects.filter(name="Frau Neu").values_list("city_id", flat=True)) == [
        two_cities["augsburg"].pk
    ]
