"""The public "Print / PDF" door and the response both it and the API's pdf endpoints use."""

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from cityguide.downloads import content_disposition
from guides.api.http import try_again_response
from guides.events.queries import city_roots
from guides.pdf.document import print_job, stored_pdf, subtree
from guides.pdf.tasks import queue_render

RETRY_AFTER_SECONDS = 3


def pdf_response(pages, request=None):
    """An inline PDF of the pages (one city, one language), with an ETag of its content.

    A PDF not stored yet is rendered on the worker: the answer is then 202 with Retry-After
    until it is stored (at once where tasks run in the request, as in development)."""
    job = print_job(pages)
    stored = stored_pdf(job)
    if stored is None:
        queue_render(job)
        stored = stored_pdf(job)
    if stored is None:
        return rendering_response(request)
    data, name = stored
    etag = '"' + name.rsplit("/", 1)[-1].removesuffix(".pdf") + '"'
    if request is not None and request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"{job.city.slug}-{job.root.slug}-{job.language_code}.pdf"
    response["Content-Disposition"] = content_disposition(filename, attachment=False)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


def rendering_response(request) -> HttpResponse:
    """202: the PDF is being rendered on the worker; the page links to the PDF's address,
    which serves the stored file once the worker is done."""
    return try_again_response(
        request,
        202,
        {"status": "rendering", "retry_after": RETRY_AFTER_SECONDS},
        _("Preparing the PDF"),
        _("The PDF is being prepared. This page reloads in a few seconds."),
        RETRY_AFTER_SECONDS,
        link=(request.get_full_path(), _("Open the PDF")),
    )


@require_GET
def page_pdf(request, city, page_id):
    """/{lang}/{city}/pdf/{page id}/; ?subtree=0 prints the page alone."""
    _source, root = city_roots(city, request.LANGUAGE_CODE)
    page = (
        Page.objects.descendant_of(root, inclusive=True).live().public().filter(pk=page_id).first()
    )
    if page is None:
        raise Http404("No published page with that id in this city and language.")
    pages = subtree(page) if request.GET.get("subtree", "1") != "0" else [page]
    return pdf_response(pages, request)
