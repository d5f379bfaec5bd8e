from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The instance's landing page: one per locale, listing the cities."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["guides.CityPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        from guides.models import CityPage

        context = super().get_context(request, *args, **kwargs)
        context["cities"] = (
            CityPage.objects.child_of(self).live().public().prefetch_related("languages")
        )
        return context
