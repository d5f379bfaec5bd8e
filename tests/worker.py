"""Production's task backend in a test: tasks wait in the database (django-tasks-db) until
`run_worker` runs them, as `manage.py db_worker` would."""

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    """Production's task backend: tasks wait in the database for the worker."""
    settings.TASKS = DATABASE_TASKS


def run_worker():
    """What `manage.py db_worker --batch` does with each ready task (without closing this test's
    connection between tasks, as the command does). Returns how many tasks ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().get_locked()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
