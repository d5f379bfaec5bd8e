"""The Content-Security-Policy: strict for the public site and the API, with the admin's
minimum allowances.

The policy itself is `CONTENT_SECURITY_POLICY` in the settings (django-csp): scripts and styles
only from our own origin, inline scripts only with the request's nonce, no plugins, no framing
by other sites. Wagtail's admin cannot run under it: its date and time widgets and inline
panels, and wagtail-localize's editor, write inline `<script>` elements (some inserted later by
JavaScript), and its templates use `style` attributes. For `/admin/` only, the middleware
replaces two directives with `ADMIN_ALLOWANCES` and leaves every other directive as it is.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_ALLOWANCES = {
    # A nonce would switch 'unsafe-inline' off, so the admin's scripts carry none.
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
}


def is_admin_path(path: str) -> bool:
    return path.startswith(getattr(settings, "CITYGUIDE_ADMIN_PATH", "/admin/"))


class CityguideCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_admin_path(request.path_info):
            parts.replace = {**(parts.replace or {}), **ADMIN_ALLOWANCES}
            parts.nonce = None
        return parts
