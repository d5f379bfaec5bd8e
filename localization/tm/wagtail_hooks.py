from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from guides.tenancy import user_works_on_a_city
from localization.tm import views


@hooks.register("register_admin_urls")
def register_tm_urls():
    return [
        path("tm/concordance/", views.concordance_search, name="tm_concordance"),
        path("tm/tmx/download/", views.tmx_download, name="tm_tmx_download"),
        path("tm/tmx/upload/", views.tmx_upload, name="tm_tmx_upload"),
    ]


class CityWorkerMenuItem(MenuItem):
    def is_shown(self, request):
        return user_works_on_a_city(request.user)


@hooks.register("register_admin_menu_item")
def register_concordance_menu_item():
    return CityWorkerMenuItem(
        _("Translation memory"), reverse("tm_concordance"), icon_name="search", order=912
    )
