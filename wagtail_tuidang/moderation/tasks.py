"""Bulk decisions as background tasks (django-tasks, as Wagtail uses).

With a task worker one task decides every matching statement, batch after
batch. With django-tasks' immediate backend tasks run inside the request
that enqueues them, so each run decides ``WAGTAIL_TUIDANG_BULK_STEP_ROWS``
statements and the progress page runs the next step each time it refreshes:
no request outlives a proxy's timeout.
"""

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from ..conf import get_setting
from . import matching


def runs_in_request():
    """Whether enqueued bulk decisions run inside the enqueuing request."""
    return isinstance(run_bulk_decision.get_backend(), ImmediateBackend)


@task()
def run_bulk_decision(job_id):
    """Decide the statements of BulkDecision ``job_id`` (one step of them
    when tasks run in the request). Whatever happens, the job ends done or
    says why it stopped."""
    limit = get_setting("BULK_STEP_ROWS") if runs_in_request() else None
    handled = 0
    try:
        while limit is None or handled < limit:
            batch = matching.run_batch(job_id)
            if batch is None:
                return
            handled += batch
    except Exception as error:  # the page must say it stopped, whatever happened
        matching.fail(job_id, error)
