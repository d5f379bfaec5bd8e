"""Overriding a finding: a person with publish rights on the translation accepts it (the fact
is right as translated), which unblocks publishing; the override is in Wagtail's audit log."""

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.permissions import policy_registry

OVERRIDE_ACTION = "cityguide.qa.override"


class OverrideRefused(PermissionError):
    pass


def translated_object(finding):
    """The translation the finding is about (its target-locale object), or None."""
    model = finding.content_type.model_class()
    manager = model._base_manager if issubclass(model, Page) else model.objects
    obj = manager.filter(
        translation_key=finding.translation_key, locale_id=finding.target_locale_id
    ).first()
    return obj.specific if isinstance(obj, Page) else obj


def can_publish(user, obj):
    if obj is None:
        return False
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_publish()
    policy = policy_registry.get_by_type(type(obj))
    return policy.user_has_permission_for_instance(user, "publish", obj)


def override(finding, user):
    """Mark the finding overridden by `user` and log it on the translation."""
    target = translated_object(finding)
    if not can_publish(user, target):
        raise OverrideRefused(
            _("Only a person who may publish this translation can override its findings.")
        )
    if finding.overridden_at is not None:
        return finding
    finding.overridden_by, finding.overridden_at = user, timezone.now()
    finding.save(update_fields=["overridden_by", "overridden_at"])
    log(
        instance=target,
        action=OVERRIDE_ACTION,
        user=user,
        data={
            "finding": finding.pk,
            "segment": finding.segment,
            "code": finding.code,
            "fact": finding.fact,
            "language": finding.target_locale.language_code,
        },
    )
    return finding
