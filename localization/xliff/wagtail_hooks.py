"""Admin wiring for XLIFF: URLs, menu items, the explorer bulk action, log actions."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from localization.xliff import importer, jobs, views
from localization.xliff.bulk_actions import ExportXliffBulkAction

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("imports/", views.ImportLogView.as_view(), name="import_log"),
    path(
        "imports/results/",
        views.ImportLogView.as_view(results_only=True),
        name="import_log_results",
    ),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("export/city/<int:city_id>/", views.export_city, name="export_city"),
    path("exports/", views.ExportLogView.as_view(), name="export_log"),
    path(
        "exports/results/",
        views.ExportLogView.as_view(results_only=True),
        name="export_log_results",
    ),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("exports/<int:pk>/analysis.csv", views.export_analysis_csv, name="export_analysis_csv"),
]


@hooks.register("register_admin_urls")
def register_xliff_urls():
    return [path("xliff/", include((urlpatterns, "xliff"), namespace="xliff"))]


class XliffMenuItem(MenuItem):
    def is_shown(self, request):
        return jobs.user_may_use_xliff(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return XliffMenuItem(
        _("Import XLIFF"), reverse("xliff:import_upload"), icon_name="upload", order=910
    )


@hooks.register("register_admin_menu_item")
def register_import_log_menu_item():
    return XliffMenuItem(
        _("XLIFF import log"), reverse("xliff:import_log"), icon_name="list-ul", order=911
    )


@hooks.register("register_admin_menu_item")
def register_export_log_menu_item():
    return XliffMenuItem(
        _("XLIFF export log"), reverse("xliff:export_log"), icon_name="download", order=912
    )


hooks.register("register_bulk_action", ExportXliffBulkAction)


@hooks.register("register_log_actions")
def register_xliff_log_actions(actions):
    actions.register_action(
        importer.IMPORT_ACTION, _("Import XLIFF"), _("Translation imported from XLIFF")
    )
