"""Every API route: Integreat /api/v3 (+ legacy aliases), Wagtail API v2, headless preview."""

from django.urls import path

from guides.api.v2 import api_router
from guides.api.v3 import api

urlpatterns = [
    path("api/v2/", api_router.urls),
    path("", api.urls),
]
