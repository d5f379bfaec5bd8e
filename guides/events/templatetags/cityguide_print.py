from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext

from guides.pdf.wagtail_hooks import pdf_url

register = template.Library()


@register.simple_tag
def print_link(page):
    """A "Print / PDF" link (in the page's language) to the PDF of the page and its subtree."""
    url = pdf_url(page)
    if not url:
        return ""
    with translation.override(page.locale.language_code):
        text = gettext("Print / PDF")
    return format_html('<a class="print-link" href="{}" rel="nofollow">{}</a>', url, text)
