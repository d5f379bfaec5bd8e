"""The admin API's image and document endpoints, limited to collections the user may choose from."""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.permissions import permission_policy as document_permission_policy
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.permissions import permission_policy as image_permission_policy


class CityImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        allowed = image_permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["choose", "change"])
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class CityDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        allowed = document_permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["choose", "change"])
        return super().get_queryset().filter(pk__in=allowed.values("pk"))
