"""PDF renders run on the background worker; the reader's request never renders.

The task backend here is django-tasks' dummy backend, which keeps what is queued without
running it, as production's database backend does until `db_worker` picks the task up.
"""

import json

import pytest
from django_tasks import default_task_backend

from guides.pdf import document
from tests.conftest import city_translation
from tests.tools import require_pdf_rendering

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def worker(settings):
    """A task backend that only queues; `run()` does the worker's part."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()

    class Worker:
        @property
        def queued(self):
            return list(default_task_backend.results)

        def run(self):
            queued = self.queued
            default_task_backend.clear()
            for result in queued:
                result.task.call(*result.args, **result.kwargs)

    return Worker()


@pytest.fixture
def guide(augsburg, page_factory):
    return page_factory(
        city_translation(augsburg, "de"),
        "Anmeldung",
        body=[{"type": "paragraph", "value": "<p>Im Bürgerbüro.</p>"}],
    )


def test_a_pdf_not_yet_stored_answers_202_and_queues_one_render(client, guide, worker):
    first = client.get(f"/de/augsburg/pdf/{guide.pk}/")
    again = client.get(f"/de/augsburg/pdf/{guide.pk}/")

    for response in (first, again):
        assert response.status_code == 202
        assert response["Retry-After"] == "3"
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert b'<meta http-equiv="refresh" content="3">' in response.content
    [queued] = worker.queued  # the second request did not queue the same render again
    assert queued.task.name == "render_pdf_task"
    assert queued.args == [[guide.pk]]


def test_the_api_pdf_route_answers_json_202_while_rendering(client, guide, worker):
    response = client.get("/api/v3/augsburg/de/pdf/", {"url": guide.url})

    assert response.status_code == 202
    assert response["Retry-After"] == "3"
    assert json.loads(response.content) == {"status": "rendering", "retry_after": 3}
    assert len(worker.queued) == 1


def test_after_the_worker_rendered_the_pdf_the_request_serves_it(client, guide, worker):
    require_pdf_rendering()
    client.get(f"/de/augsburg/pdf/{guide.pk}/")
    worker.run()

    response = client.get(f"/de/augsburg/pdf/{guide.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert worker.queued == []  # served from storage: nothing rendered or queued


def test_a_render_that_failed_is_queued_again_by_the_next_request(
    client, guide, worker, monkeypatch
):
    def broken(job, request=None):
        raise RuntimeError("Pango is gone")

    monkeypatch.setattr(document, "render_pdf", broken)
    client.get(f"/de/augsburg/pdf/{guide.pk}/")
    with pytest.raises(RuntimeError, match="Pango is gone"):
        worker.run()

    response = client.get(f"/de/augsburg/pdf/{guide.pk}/")

    assert response.status_code == 202
    assert len(worker.queued) == 1
