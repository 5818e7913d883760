"""Quick exit: a "Leave this page" control on every public page of the plugin.

A reader who may be harmed if seen on the site leaves it at once for a
neutral page (``WAGTAIL_TUIDANG_QUICK_EXIT_URL``): by a plain link that works
without JavaScript, or, with the plugin's script, by pressing Esc twice. The
script replaces the current history entry (``location.replace``), so the
back button does not return to the page the reader left.

Off until the setting names a page; a value that is not an absolute
``http(s)`` URL shows no control, and ``wagtail_tuidang.W010`` says why.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http.request import split_domain_port, validate_host
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting

SETTING = "QUICK_EXIT_URL"
TEMPLATE = "wagtail_tuidang/layout/quick_exit.html"
STYLESHEET = "wagtail_tuidang/css/quick-exit.css"
SCRIPT = "wagtail_tuidang/js/quick-exit.js"


def problem(value):
    """Why ``value`` cannot be the exit page (a message), or None when it
    can or is unset."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return _("it is not a string")
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return _("it is not an absolute http:// or https:// URL")
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return _("it is not a valid URL")
    return None


def is_own_host(value):
    """Whether the URL's host is one the site answers to (an explicit entry
    of ``ALLOWED_HOSTS``; ``*`` says nothing): leaving for it keeps the
    reader on the site."""
    host, _port = split_domain_port(urlsplit(value).netloc.rpartition("@")[2])
    explicit = [entry for entry in settings.ALLOWED_HOSTS if entry != "*"]
    return bool(host) and validate_host(host, explicit)


def exit_url(request=None):
    """The configured exit page, or None when quick exit is off or the
    setting is unusable (then no control is shown): not an absolute http(s)
    URL, or on the host ``request`` came to."""
    value = get_setting(SETTING)
    if not value or problem(value) is not None:
        return None
    if request is not None and _same_host(value, request):
        return None
    return value


def _same_host(value, request):
    exit_host, _port = split_domain_port(urlsplit(value).netloc.rpartition("@")[2])
    try:
        request_host, _port = split_domain_port(request.get_host())
    except Exception:  # DisallowedHost: no host to compare with
        return False
    return exit_host == request_host
