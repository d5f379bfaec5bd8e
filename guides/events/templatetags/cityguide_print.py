from django import template
from django.utils.html import format_html

from guides.events.labels import label
from guides.pdf.wagtail_hooks import pdf_url

register = template.Library()


@register.simple_tag
def print_link(page):
    """A "Print / PDF" link (in the page's language) to the PDF of the page and its subtree."""
    url = pdf_url(page)
    if not url:
        return ""
    return format_html(
        '<a class="print-link" href="{}" rel="nofollow">{}</a>',
        url,
        label("print", page.locale.language_code),
    )
