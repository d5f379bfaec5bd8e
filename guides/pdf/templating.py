"""The PDF templates live in this package, which is not an installed app: a template engine
of its own finds them, with every installed template tag library still available."""

from functools import cache
from pathlib import Path

from django.template.backends.django import DjangoTemplates

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@cache
def pdf_engine():
    return DjangoTemplates(
        {"NAME": "cityguide-pdf", "DIRS": [TEMPLATE_DIR], "APP_DIRS": False, "OPTIONS": {}}
    )


def render_pdf_html(template_name, context, request=None):
    return pdf_engine().get_template(template_name).render(context, request)
