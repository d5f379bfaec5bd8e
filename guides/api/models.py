"""Pre-built API answers: one stored page object per (city, language, page)."""

from django.db import models


class ApiFragment(models.Model):
    """A page's Integreat object as JSON bytes, built when the page (or what it shows) changed.

    `version` is the city-language version (guides.api.cache) at which `data` last changed, so
    `pages/?since=<version>` is one indexed query. A page that left the city-language's list
    (unpublished, deleted, moved away, made private) keeps its row as a tombstone (`removed`)
    so a delta can name its id. `mark` counts the "rebuild me" marks that publishes set;
    `built_mark` is the mark the data was built from: the fragment is stale while they differ.
    `page_id` is a plain integer, not a foreign key: the tombstone outlives the page.
    """

    city = models.CharField(max_length=255)
    language = models.CharField(max_length=20)
    page_id = models.IntegerField()
    path = models.CharField(max_length=255, help_text="Tree path: the list's order")
    url_path = models.TextField()
    data = models.BinaryField(default=b"")
    hash = models.CharField(max_length=32, blank=True)
    version = models.BigIntegerField(default=0)
    removed = models.BooleanField(default=False)
    mark = models.IntegerField(default=0)
    built_mark = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["city", "language", "page_id"], name="api_fragment_unique_page"
            )
        ]
        indexes = [
            models.Index(fields=["city", "language", "version"], name="api_fragment_version"),
            models.Index(fields=["page_id"], name="api_fragment_page"),
        ]

    def __str__(self):
        return f"{self.city}/{self.language} page {self.page_id} @{self.version}"
