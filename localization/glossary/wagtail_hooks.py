from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from localization.glossary import views
from localization.glossary.models import Term
from localization.glossary.permissions import GlossaryPermissionPolicy

register_permission_policy(Term, GlossaryPermissionPolicy(Term))


@hooks.register("register_admin_viewset")
def register_glossary_viewset():
    return views.GlossaryViewSet("glossary")


@hooks.register("register_admin_urls")
def register_glossary_exchange_urls():
    return [
        path("glossary-files/", views.exchange, name="glossary_exchange"),
        path("glossary-files/download/", views.download, name="glossary_download"),
        path("glossary-files/upload/", views.upload, name="glossary_upload"),
    ]
