"""Where machine translation shows up in the admin: its page per city, and the budget on the
city's translation report."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks

from localization.mt import budget, views


@hooks.register("register_admin_urls")
def machine_translation_urls():
    return [
        path(
            "machine-translation/<slug:city_slug>/",
            views.city_machine_translation,
            name="cityguide_mt_city",
        ),
        path(
            "machine-translation/pages/<int:page_id>/<str:language>/",
            views.machine_translate_page,
            name="cityguide_mt_page",
        ),
    ]


@hooks.register("cityguide_city_report_panels")
def machine_translation_budget_panel(request, city):
    return render_to_string(
        "mt/report_panel.html",
        {
            "usage": budget.usage_for(city),
            "url": reverse("cityguide_mt_city", args=[city.slug]),
        },
        request=request,
    )
