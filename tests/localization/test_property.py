"""Random sequences of editor and translator steps: after every step the stored statuses
equal a from-scratch recomputation."""

import random

import pytest
from wagtail.models import Page

from localization.tracking import cancel_in_translation, mark_in_translation, mark_up_to_date
from tests.conftest import make_page
from tests.localization.conftest import assert_matches_recomputation, loc

LANGUAGES = ("en", "ar", "fa")


def _translated(page, code):
    return Page.objects.filter(
        translation_key=page.translation_key, locale__language_code=code
    ).first()


def step(rng, flow, city, pages):
    page = rng.choice(pages)
    page.refresh_from_db()
    code = rng.choice(LANGUAGES)
    action = rng.choice(
        [
            "edit",
            "minor",
            "translate",
            "sync",
            "sync_draft",
            "publish_draft",
            "move",
            "send",
            "cancel",
            "mark",
            "unpublish_translation",
            "new",
        ]
    )
    translation = _translated(page, code)
    if action == "edit":
        flow.edit(page)
    elif action == "minor":
        flow.edit(page, minor=True)
    elif action == "translate" and translation is None:
        flow.translate(page, code)
    elif action in ("sync", "sync_draft") and translation is not None:
        flow.sync(page, code, publish=action == "sync")
    elif action == "publish_draft" and translation is not None:
        with flow.on_commit():
            translation.get_latest_revision().publish()
    elif action == "move":
        candidates = [p for p in pages if p.pk != page.pk and not p.path.startswith(page.path)]
        target = rng.choice([city, *candidates])
        page.move(target, pos="last-child")
    elif action == "send":
        mark_in_translation(page, [loc(code)])
    elif action == "cancel":
        cancel_in_translation(page, [loc(code)])
    elif action == "mark" and translation is not None and translation.live:
        mark_up_to_date(page, loc(code))
    elif action == "unpublish_translation" and translation is not None and translation.live:
        translation.unpublish()
    elif action == "new":
        pages.append(make_page(rng.choice([city, *pages])))
    return action


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_status_always_equals_recomputation(seed, augsburg, flow):
    rng = random.Random(seed)
    pages = [make_page(augsburg) for _ in range(3)]
    history = []
    for _ in range(25):
        history.append(step(rng, flow, augsburg, pages))
        try:
            assert_matches_recomputation(augsburg)
        except AssertionError as error:
            raise AssertionError(f"after steps {history}: {error}") from None
