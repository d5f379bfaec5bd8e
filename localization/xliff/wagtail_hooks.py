"""Admin wiring for XLIFF: menu items, URLs, the explorer bulk action, the import log, log actions."""

from wagtail import hooks

from localization.xliff import importer


@hooks.register("register_log_actions")
def register_xliff_log_actions(actions):
    actions.register_action(importer.IMPORT_ACTION, "Import XLIFF", "Translation imported from XLIFF")
