"""The import as a background task, so that 100,000 rows never hold a request.

Progress is written to the cache after each batch; the admin's progress page
reads it. With django-tasks' immediate backend the task runs on commit of the
request that confirmed the import.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from . import jobs
from .importer import get_index_page, import_file
from .reader import ImportFileError

logger = logging.getLogger(__name__)


@task()
def run_import(name, page_id, user_id, job_id):
    """Import the stored file ``name`` into page ``page_id``, then delete it."""

    def progress(outcome):
        jobs.set_progress(job_id, user_id, "running", **outcome.as_dict())

    try:
        page = get_index_page(page_id)
        with default_storage.open(name, "rb") as file:
            user = get_user_model().objects.filter(pk=user_id).first()
            outcome = import_file(file, page, progress=progress, user=user)
    except ImportFileError as error:
        jobs.set_progress(job_id, user_id, "failed", message=str(error))
        return
    except Exception as error:  # the page must say it stopped, whatever happened
        # The class name only: a message may quote the file's rows.
        logger.error("An import stopped: %s", type(error).__name__)
        message = _(
            "The import stopped because of an error. Rows already "
            "imported are kept; import the file again to add the rest."
        )
        jobs.set_progress(job_id, user_id, "failed", message=message)
        return
    finally:
        jobs.discard(name)
    jobs.set_progress(job_id, user_id, "done", **outcome.as_dict())
