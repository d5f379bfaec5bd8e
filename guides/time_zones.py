"""A city's time zone: the IANA name its opening hours are given in ("open now" in the app)."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_TIME_ZONE = "Europe/Berlin"


def validate_time_zone(name: str) -> None:
    """Refuse a name zoneinfo does not know (the app computes "open now" with it)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValidationError(
            _("%(name)r is not a known time zone; use an IANA name such as Europe/Berlin.")
            % {"name": name}
        ) from error
