"""A digest of the moderation queue, mailed to moderators.

After each submission commits, :func:`digest_due` enqueues
:func:`send_moderation_digest` (a django-tasks task) at most once every
``WAGTAIL_TUIDANG_NOTIFY_INTERVAL`` seconds, tracked in the default cache.
A digest that could not be sent fails its task and gives its turn back, so
the next submission enqueues another; while the cache is unreachable no
digest is enqueued (nothing could stop one per submission), and the queue's
menu count still shows what waits.
The digest holds counts only: mail can be read in transit, so it never
carries a name, a statement's text or contact details. Each moderator gets
their own message, so no moderator's address is shown to another.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task
from wagtail.permission_policies import ModelPermissionPolicy

from .. import cache
from ..conf import get_setting
from ..l10n import format_count
from ..statements.models import Statement
from . import ADMIN_NAMESPACE
from .counts import queue_figures

logger = logging.getLogger(__name__)


DIGEST_CACHE_KEY = "wagtail_tuidang:moderation:digest"


def digest_due():
    """Enqueue a digest unless one went out within the interval. Call it
    only once the submission has committed (``transaction.on_commit``)."""
    batch = cache.Batch()
    return queue_digest(batch)(batch.run())


def queue_digest(batch):
    """:func:`digest_due` with its cache call queued on ``batch`` (a
    :class:`~wagtail_tuidang.cache.Batch` of the default cache, not yet
    run); returns a function of the batch's answers that enqueues the digest
    if it is due and says whether it did, or with ``give_back=True`` gives
    a turn it took back, enqueuing nothing."""
    interval = get_setting("NOTIFY_INTERVAL")
    if not interval:
        return lambda answers, give_back=False: False
    # An atomic add: of many processes, one enqueues per interval.
    index = batch.add(DIGEST_CACHE_KEY, True, interval)

    def enqueue_if_due(answers, give_back=False):
        if not answers[index]:
            return False  # sent within the interval, or the cache is down
        if give_back:  # taken for a statement that was not stored after all
            cache.delete(DIGEST_CACHE_KEY)
            return False
        send_moderation_digest.enqueue()
        return True

    return enqueue_if_due


def mailer():
    """The site's default mail backend: Django's ``mailers.default`` (6.1
    and later), else ``get_connection()``, which 6.1 deprecates."""
    try:
        from django.core.mail import mailers
    except ImportError:  # Django < 6.1
        from django.core.mail import get_connection

        return get_connection()
    return mailers.default


@task()
def send_moderation_digest():
    """Mail the queue's figures to every moderator with an e-mail address
    who has not turned off moderation notifications in their profile.
    Returns the number of messages sent.

    If the mail server cannot be reached, the task fails (the error is
    re-raised, so the task backend records it) and the interval's marker is
    removed, so the next submission enqueues the digest again."""
    figures = queue_figures()
    if not figures["pending"]:
        return 0
    messages = [digest_message(user, figures) for user in digest_recipients()]
    try:
        return mailer().send_messages(messages) or 0
    except OSError as error:
        # No address or text in the log line: only that sending failed.
        logger.warning(
            "The moderation digest could not be sent: %s", type(error).__name__
        )
        cache.delete(DIGEST_CACHE_KEY)
        raise


def digest_recipients():
    """Active users allowed to moderate statements, with an e-mail address."""
    users = ModelPermissionPolicy(Statement).users_with_permission("moderate")
    return (
        users.exclude(email="")
        .exclude(wagtail_userprofile__submitted_notifications=False)
        .select_related("wagtail_userprofile")
        .order_by("pk")
    )


def digest_message(user, figures):
    """One moderator's message, in their preferred admin language."""
    with translation.override(_preferred_language(user)):
        return EmailMessage(
            subject=_digest_subject(figures),
            body=_digest_body(figures),
            from_email=getattr(
                settings,
                "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL",
                settings.DEFAULT_FROM_EMAIL,
            ),
            to=[user.email],
        )


def _preferred_language(user):
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile and profile.preferred_language) or settings.LANGUAGE_CODE


def _digest_subject(figures):
    site_name = getattr(settings, "WAGTAIL_SITE_NAME", "") or "Wagtail"
    count = figures["pending"]
    subject = ngettext(
        "%(count)s statement is waiting for review",
        "%(count)s statements are waiting for review",
        count,
    ) % {"count": format_count(count)}
    return f"[{site_name}] {subject}"


def _digest_body(figures):
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    queue_url = base_url + reverse(f"{ADMIN_NAMESPACE}:index")
    lines = [
        _("Statements waiting for review: %(count)s")
        % {"count": format_count(figures["pending"])},
        _("Flagged by the anti-spam checks: %(count)s")
        % {"count": format_count(figures["flagged"])},
        _("Real names waiting for confirmation: %(count)s")
        % {"count": format_count(figures["real_names"])},
        "",
        _("Review them here: %(url)s") % {"url": queue_url},
        "",
        _(
            "You receive this summary because you can moderate statements. It "
            "never contains names, statements or contact details. You can turn "
            "it off in your account's notification settings."
        ),
    ]
    return "\n".join(lines)
