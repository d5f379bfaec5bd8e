"""The public "Print / PDF" door and the response both it and the API's pdf endpoints use."""

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_GET
from wagtail.models import Page

from guides.events.queries import city_roots
from guides.pdf.document import get_or_render_pdf, print_job, subtree


def pdf_response(pages, request=None):
    """An inline PDF of the pages (one city, one language), with an ETag of its content."""
    job = print_job(pages)
    data, name = get_or_render_pdf(job, request)
    etag = '"' + name.rsplit("/", 1)[-1].removesuffix(".pdf") + '"'
    if request is not None and request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"{job.city.slug}-{job.root.slug}-{job.language_code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


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
