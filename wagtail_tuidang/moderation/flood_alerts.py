"""Flood alerts: moderators hear once per interval that a limit was crossed.

When everyone's submissions pass the global rate, or the pending queue
passes its ceiling (see :mod:`..statements.limits`), :func:`alert` marks that
kind of alert in the default cache for ``FLOOD_ALERT_INTERVAL`` seconds: the
admin shows a banner while the mark lasts, and the first process to set it
enqueues :func:`send_flood_alert`, a mail through the digest's path and to
its recipients. Counts only, as in the digest. While the cache cannot be
reached no alert is sent (nothing could stop one per submission); the
statements are flagged "rate limit unknown" instead.
"""

import logging
import time

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from wagtail.admin.ui.components import Component

from .. import cache
from ..conf import get_setting
from . import ADMIN_NAMESPACE
from .notifications import _preferred_language, digest_recipients, mailer

logger = logging.getLogger(__name__)

KEY = "wagtail_tuidang:flood-alert:{kind}"
#: What each kind of alert says, in the banner and in the mail.
MESSAGES = {
    "global": gettext_lazy(
        "More statements than usual are arriving from everyone at once: "
        "statements sent now are flagged “sent during a flood”."
    ),
    "ceiling": gettext_lazy(
        "The moderation queue is over its ceiling of pending statements: new "
        "statements are flagged “sent during a flood”."
    ),
}


def alert(kind):
    """Raise the ``kind`` alert ("global", "ceiling"): a banner for the
    interval, and a mail if none went out for it within the interval."""
    interval = get_setting("FLOOD_ALERT_INTERVAL")
    if not cache.add(KEY.format(kind=kind), int(time.time()), timeout=interval):
        return False  # raised within the interval, or the cache is down
    transaction.on_commit(lambda: send_flood_alert.enqueue(kind))
    return True


def active_alerts():
    """``[(kind, message)]`` of the alerts raised within the interval."""
    keys = {KEY.format(kind=kind): kind for kind in MESSAGES}
    raised = cache.get_many(list(keys))
    return [(keys[key], MESSAGES[keys[key]]) for key in keys if key in raised]


@task()
def send_flood_alert(kind):
    """Mail the ``kind`` alert to the digest's recipients; returns how many
    messages were sent. A mail server that cannot be reached fails the task."""
    messages = [_message(user, kind) for user in digest_recipients()]
    try:
        return mailer().send_messages(messages) or 0
    except OSError as error:
        logger.warning("A flood alert could not be sent: %s", type(error).__name__)
        raise


def _message(user, kind):
    site_name = getattr(settings, "WAGTAIL_SITE_NAME", "") or "Wagtail"
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    with translation.override(_preferred_language(user)):
        body = [
            str(MESSAGES[kind]),
            "",
            _("Review the queue here: %(url)s")
            % {"url": base_url + reverse(f"{ADMIN_NAMESPACE}:index")},
        ]
        return EmailMessage(
            subject=f"[{site_name}] " + _("Flood alert: statements are flagged"),
            body="\n".join(body),
            from_email=getattr(
                settings,
                "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL",
                settings.DEFAULT_FROM_EMAIL,
            ),
            to=[user.email],
        )


class FloodAlertPanel(Component):
    """The active flood alerts, as a panel on the admin dashboard of those
    who may moderate statements."""

    name = "tuidang_flood_alerts"
    order = 10
    template_name = "wagtail_tuidang/moderation/includes/flood_alerts.html"

    def get_context_data(self, parent_context=None):
        return {"flood_alerts": active_alerts()}


def add_flood_alert_panel(request, panels):
    """``construct_homepage_panels`` hook: the panel, for moderators, while
    an alert is active."""
    from wagtail.permission_policies import ModelPermissionPolicy

    from ..statements.models import Statement

    policy = ModelPermissionPolicy(Statement)
    if active_alerts() and policy.user_has_permission(request.user, "moderate"):
        panels.append(FloodAlertPanel())
