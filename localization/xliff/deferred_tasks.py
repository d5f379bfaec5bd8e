"""Run the background tasks a batch of imports enqueues once each, after the batch.

Every page save enqueues a search-index task (modelsearch) and a reference-index task (Wagtail).
With django-tasks' ImmediateBackend they run inline, and wagtail-localize saves a new
translated page four times (copy, first revision, content, revision): four index updates of
the same page, of which only the last one counts. Inside `deferred_tasks()` the current
thread's task backends collect the tasks instead; identical ones (same task, same arguments)
collapse into one, and on leaving the block each runs once through the real backend, which
still decides whether that means now (ImmediateBackend) or in a worker.

django-tasks keeps backends per thread (like database connections), so only the thread running
the batch is affected; other requests enqueue as usual.

Blocks nest: an inner block hands its tasks to the outer one when it ends, or drops them when
it is left by an exception or discarded. The importer opens one block per batch of files, run
after the batch commits, and one per file, so a rolled-back file drops its own tasks. When the
outermost block ends, modelsearch's per-object index tasks are merged into one bulk task per
model (see search_index).

Trade-off: while the block runs, the search and reference indexes lag behind the pages it has
written so far.
"""

from contextlib import contextmanager

from django_tasks import task_backends
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

from localization.xliff.search_index import merge_index_calls


class _CollectingBackend(BaseTaskBackend):
    """Stands in for a real backend: remembers each distinct task call instead of running it."""

    def __init__(self, real):
        super().__init__(real.alias, {"QUEUES": list(real.queues), "OPTIONS": real.options})
        self.real = real
        for flag in ("supports_defer", "supports_async_task", "supports_priority"):
            setattr(self, flag, getattr(real, flag))
        self.calls = {}

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        key = (
            task.module_path,
            task.queue_name,
            task.priority,
            repr(args),
            repr(sorted(kwargs.items())),
        )
        self.calls.setdefault(key, (task, args, kwargs))
        return TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )

    def discard(self):
        self.calls = {}

    def flush(self):
        calls, self.calls = list(self.calls.values()), {}
        if not isinstance(self.real, _CollectingBackend):
            calls = merge_index_calls(calls)
        for task, args, kwargs in calls:
            self.real.enqueue(task, args, kwargs)


class _Deferred:
    def __init__(self, collectors):
        self.collectors = collectors

    def discard(self):
        """Drop what was collected: the work it was for was rolled back."""
        for collector in self.collectors:
            collector.discard()


@contextmanager
def deferred_tasks():
    """Collect this thread's task calls while the block runs; enqueue each once at its end.

    An exception leaving the block drops the collected calls (their writes were rolled back),
    as does `discard()` on the object the block receives."""
    collectors = []
    for alias in task_backends:
        collector = _CollectingBackend(task_backends[alias])
        task_backends[alias] = collector
        collectors.append(collector)
    deferred = _Deferred(collectors)
    try:
        yield deferred
    except BaseException:  # whatever ends the block early, its tasks must not run; re-raised
        deferred.discard()
        raise
    finally:
        for collector in collectors:
            task_backends[collector.alias] = collector.real
        for collector in collectors:
            collector.flush()
