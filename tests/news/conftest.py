import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def public_url_and_fresh_cache(settings):
    """An empty cache for each test: ids repeat across rolled-back tests."""
    settings.CITYGUIDE_PUBLIC_URL = "https://cityguide.example"
    cache.clear()
    yield
    cache.clear()
