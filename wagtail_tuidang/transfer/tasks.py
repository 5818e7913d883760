"""The import as a background task, so that 100,000 rows never hold a request.

Progress is written to the cache after each batch, with a heartbeat; the
admin's progress page reads it. With a task worker (e.g. ``django_tasks_db``)
one task imports the whole file. With django-tasks' immediate backend tasks
run inside the request that enqueues them, so each run imports one step of
``WAGTAIL_TUIDANG_IMPORT_STEP_ROWS`` rows and commits; the progress page runs
the next step each time it refreshes, and no request outlives a proxy's
timeout.
"""

import logging

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from ..conf import get_setting
from . import jobs, rejections
from .importer import Outcome, get_index_page, import_file
from .reader import ImportFileError

logger = logging.getLogger(__name__)


class JobStopped(Exception):
    """The import was marked stopped while it ran (its heartbeat lapsed)."""


def runs_in_request():
    """Whether enqueued imports run inside the enqueuing request."""
    return isinstance(run_import.get_backend(), ImmediateBackend)


def continue_import(job_id):
    """Enqueue the next step of ``job_id`` (with the immediate backend, run it
    now). Does nothing for an import that is finished or unknown."""
    data = jobs.read_progress(job_id) or {}
    if data.get("name") and data["state"] not in jobs.FINISHED:
        run_import.enqueue(data["name"], data["page"], data["user"], job_id)


def resume_outcome(data):
    """The Outcome recorded by the steps that already ran."""
    figures = ("processed", "created", "existing", "invalid", "identical")
    outcome = Outcome(**{name: data.get(name, 0) for name in figures})
    outcome.errors = [tuple(error) for error in data.get("errors", [])]
    return outcome


@task()
def run_import(name, page_id, user_id, job_id):
    """Import the stored file ``name`` into page ``page_id`` (one step of it
    when tasks run in the request), then delete it."""
    data = jobs.read_progress(job_id)
    if not data or data["state"] in jobs.FINISHED or not jobs.claim(job_id):
        return  # finished, stopped, or a step of it is running already
    try:
        outcome = run_step(name, page_id, user_id, job_id, data)
    finally:
        jobs.release(job_id)
    if outcome is None:
        jobs.discard(name)
    elif outcome.complete:
        jobs.discard(name)
        jobs.set_progress(job_id, user_id, jobs.DONE, **outcome.as_dict())
    else:
        jobs.set_progress(job_id, user_id, jobs.RUNNING, **outcome.as_dict())


def run_step(name, page_id, user_id, job_id, data):
    """Import the rows of this step; returns the Outcome so far, or None when
    the import failed or stopped (its progress then says so)."""

    def progress(outcome):
        if (jobs.read_progress(job_id) or {}).get("state") == jobs.STOPPED:
            raise JobStopped
        jobs.set_progress(job_id, user_id, jobs.RUNNING, **outcome.as_dict())

    outcome = resume_outcome(data)
    step = get_setting("IMPORT_STEP_ROWS") if runs_in_request() else None
    stop = outcome.processed + step if step else None
    jobs.set_progress(job_id, user_id, jobs.RUNNING)
    try:
        page = get_index_page(page_id)
        with jobs.open_upload(name) as file:
            user = get_user_model().objects.filter(pk=user_id).first()
            rejected = rejections.PartWriter(
                job_id,
                data.get("rejected_parts", 0),
                on_part=lambda parts: jobs.note(job_id, rejected_parts=parts),
            )
            return import_file(
                file,
                page,
                progress=progress,
                user=user,
                outcome=outcome,
                stop=stop,
                rejected=rejected,
            )
    except JobStopped:
        return None
    except ImportFileError as error:
        jobs.set_progress(job_id, user_id, jobs.FAILED, message=str(error))
    except Exception as error:  # the page must say it stopped, whatever happened
        # The class name only: a message may quote the file's rows.
        logger.error("An import stopped: %s", type(error).__name__)
        message = _(
            "The import stopped because of an error. Rows already "
            "imported are kept; import the file again to add the rest."
        )
        jobs.set_progress(job_id, user_id, jobs.FAILED, message=message)
    return None
