"""The admin API's image and document endpoints, limited to collections the user may choose from."""

from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry


def _usable_by(user, model):
    policy = policy_registry.get_by_type(model)
    return policy.instances_user_has_any_permission_for(user, ["choose", "change"])


class CityImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        allowed = _usable_by(self.request.user, get_image_model())
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class CityDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        allowed = _usable_by(self.request.user, get_document_model())
        return super().get_queryset().filter(pk__in=allowed.values("pk"))
