"""A page is validated once per edit: a publish does not repeat what the form just checked.

The editor's "Publish" validates the same content three times: the form (`full_clean` of the
instance, minus the fields it does not show), `save_revision` (`full_clean` of that instance
again) and the publish (`full_clean` of the page rebuilt from the new revision). Each time
Django asks the database whether every foreign key exists and the unique tree fields are
free, Wagtail whether the slug is free among the siblings, and our `clean` for the city's
languages: about 20 statements that can only answer what the form's validation answered.

A page remembers the values it was last validated with. Asked again with the same values, and
for no field that the last validation left out, it answers at once. The fields that no page
form edits (`NOT_EDITED`) are left out of the comparison's demands: they come from the page's
row (the tree and identity, guarded by the database's foreign keys and unique indexes) or are
the bookkeeping that saving a revision and publishing write. A page rebuilt from a revision
(`with_content_json`, what a publish saves) takes the memory along: it is validated again
unless its values are the ones validated. Any other change of a value validates in full.
"""

from django.db import models
from wagtail.models import COMMENTS_RELATION_NAME

from guides.index_updates import DRAFT_BOOKKEEPING

_MEMO = "_cityguide_validated"

#: What saving a revision (`DRAFT_BOOKKEEPING`) and publishing change: not compared.
BOOKKEEPING = (DRAFT_BOOKKEEPING - {COMMENTS_RELATION_NAME}) | {
    "live_revision",
    "live",
    "first_published_at",
    "last_published_at",
    "expired",
}

#: Page fields that no page form edits: the tree and the page's identity (kept by treebeard
#: and Wagtail; foreign keys and unique indexes guard them), and the bookkeeping above.
NOT_EDITED = BOOKKEEPING | {
    "content_type",
    "locale",
    "translation_key",
    "path",
    "depth",
    "numchild",
    "url_path",
    "alias_of",
    "owner",
    "locked",
    "locked_at",
    "locked_by",
}


def _values(page: models.Model) -> dict:
    return {
        field.attname: field.get_prep_value(field.value_from_object(page))
        for field in page._meta.concrete_fields
        if field.name not in BOOKKEEPING
    }


def _checked(page: models.Model, exclude) -> frozenset:
    """The edited fields a `full_clean(exclude=exclude)` checks (keys are not edited either)."""
    names = {field.name for field in page._meta.concrete_fields if not field.primary_key}
    return frozenset(names - set(exclude or ()) - NOT_EDITED)


class ValidatedOnceMixin:
    """For a page model: `full_clean` skips a validation the instance already passed."""

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        memo = self.__dict__.get(_MEMO)
        if memo is not None:
            checked, values = memo
            if _checked(self, exclude) <= checked and _values(self) == values:
                return
        super().full_clean(
            exclude=exclude,
            validate_unique=validate_unique,
            validate_constraints=validate_constraints,
        )
        self.__dict__[_MEMO] = (_checked(self, exclude), _values(self))

    def with_content_json(self, content):
        page = super().with_content_json(content)
        if _MEMO in self.__dict__:
            page.__dict__[_MEMO] = self.__dict__[_MEMO]
        return page
