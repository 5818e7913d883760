"""Booth mode: statements taken down at a street booth with no connection,
kept on the volunteer's device until it can send them.

The page (:class:`BoothView`) is an installable web app: a manifest and a
service worker served from below the page's own URL, so that the worker's
scope is the booth and nothing else, and the page, its script and style keep
working offline once a signed-in volunteer has opened it. The device keeps
entries in IndexedDB, encrypted with a key derived from a passphrase the
volunteer types at the booth (see ``static/wagtail_tuidang/js/booth.js``):
the server never sees the passphrase or the key.

Each entry carries an idempotency key (a random UUID) from the moment it is
typed. :class:`BoothEntryView` stores the entry through the console's form
and ``transitions.submit``, with the key's keyed hash as the statement's
``submission_key`` (the column that makes a resent public form store once,
see :mod:`..statements.resends`): a resend of the same key stores nothing and
gets the first answer again, whatever body it carries, since the device
never changes an entry once it is queued.
"""

import json
import uuid

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.datastructures import MultiValueDict
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from ..headers import asset_origins, build_policy
from ..statements import transitions
from ..statements.choices import Source
from ..statements.index_pages import statement_index_pages
from ..statements.models import Statement
from .forms import VolunteerStatementForm
from .views import VolunteerMixin

SALT = "wagtail_tuidang.volunteers.booth"
#: A booth entry is a few hundred bytes; anything much larger is not one.
MAX_BODY = 64 * 1024
#: The fields a booth entry may carry, as the console's form names them.
SCALAR_FIELDS = (
    "name",
    "is_real_name",
    "consent_real_name",
    "alias",
    "people_count",
    "region",
    "text",
    "declared_on",
    "source",
    "index_page",
    "consent",
)
LIST_FIELDS = ("organisations",)
#: Files the service worker keeps for offline use, besides the page itself.
STATIC_ASSETS = (
    "wagtail_tuidang/js/booth.js",
    "wagtail_tuidang/css/booth.css",
    "wagtail_tuidang/img/booth-192.png",
    "wagtail_tuidang/img/booth-512.png",
)

NOT_JSON = _("The entry could not be read. Nothing was stored.")
BAD_KEY = _("The entry has no valid key. Nothing was stored.")
BAD_VALUE = _("This value has the wrong type.")
NO_PAGE = _("There is no statement index page yet. Ask an editor to create one.")


class BadEntry(Exception):
    """The request is not a booth entry; ``errors`` says why, by field."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def key_hash(user, key):
    """The stored hash of entry ``key`` sent by ``user``: keyed from
    ``SECRET_KEY`` under this module's own salt, and per volunteer, so that
    one volunteer's key never answers with another's statement."""
    return salted_hmac(SALT, f"{user.pk}\x1f{key}", algorithm="sha256").hexdigest()


def read_entry(request):
    """``(key, form data)`` of a booth POST: a JSON object
    ``{"key": uuid, "entry": {field: value}}``; raises :class:`BadEntry`."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        raise BadEntry({"__all__": [NOT_JSON]})
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (RequestDataTooBig, UnicodeDecodeError, ValueError) as error:
        raise BadEntry({"__all__": [NOT_JSON]}) from error
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), dict):
        raise BadEntry({"__all__": [NOT_JSON]})
    try:
        key = str(uuid.UUID(str(payload.get("key", ""))))
    except ValueError as error:
        raise BadEntry({"key": [BAD_KEY]}) from error
    return key, form_data(payload["entry"])


def form_data(entry):
    """The entry's values as the form reads a POST: strings, booleans as
    "on" or absent, organisations as a list; other types are field errors."""
    data, errors = MultiValueDict(), {}
    for name in SCALAR_FIELDS:
        value = entry.get(name)
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, str | int) and not isinstance(value, bool):
            data[name] = str(value)
        else:
            errors[name] = [BAD_VALUE]
    for name in LIST_FIELDS:
        values = entry.get(name) or []
        if isinstance(values, list) and all(isinstance(v, str) for v in values):
            data.setlist(name, values)
        else:
            errors[name] = [BAD_VALUE]
    if errors:
        raise BadEntry(errors)
    return data


def submit_keyed(statement, hashed_key):
    """Store ``statement`` through ``transitions.submit`` under the entry's
    hashed key; return ``(statement, created)``: the one stored first under
    this key, and whether this call stored it."""
    statement.submission_key = hashed_key
    try:
        transitions.submit(statement)
    except IntegrityError:
        first = Statement.objects.filter(submission_key=hashed_key).first()
        if first is None:  # another unique column: a real failure
            raise
        return first, False
    return statement, True


def default_page():
    """The first statement index page, as the console's."""
    page = statement_index_pages().first()
    return page.specific if page else None


class BoothMixin(VolunteerMixin):
    """Booth views answer in JSON for the booth's script; a refused or
    signed-out volunteer gets a 403 (the script sends ``X-Requested-With``,
    on which Wagtail's admin refuses rather than redirecting to the login)."""


@method_decorator(never_cache, name="dispatch")
class BoothView(BoothMixin, TemplateView):
    """The booth page: a standalone page (no inline script or style, no
    personal data, no CSRF token) that the service worker may keep and
    serve offline."""

    template_name = "wagtail_tuidang/volunteers/booth.html"
    http_method_names = ["get"]

    def get_context_data(self, **kwargs):
        page = default_page()
        initial = {"source": Source.VOLUNTEER}
        form = VolunteerStatementForm(page=page, initial=initial) if page else None
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "several_pages": statement_index_pages().count() > 1,
            "messages_json": booth_messages(),
            "urls": booth_urls(),
            "login_url": reverse("wagtailadmin_login"),
            "console_url": reverse("wagtail_tuidang_volunteers:console"),
        }


def booth_urls():
    """The URLs the page, its script and its service worker use."""
    return {
        "page": reverse("wagtail_tuidang_volunteers:booth"),
        "worker": reverse("wagtail_tuidang_volunteers:booth_worker"),
        "token": reverse("wagtail_tuidang_volunteers:booth_token"),
        "entries": reverse("wagtail_tuidang_volunteers:booth_entries"),
        "manifest": reverse("wagtail_tuidang_volunteers:booth_manifest"),
    }


def booth_messages():
    """The words the booth's script shows, in the volunteer's language."""
    return {
        "waiting": str(_("Waiting to send")),
        "sending": str(_("Sending…")),
        "sent": str(_("Sent")),
        "refused": str(_("Not stored: fix it and save it again")),
        "offline": str(_("No connection: entries wait on this device.")),
        "online": str(_("Connected: waiting entries are sent.")),
        "login": str(_("Log in again to send the waiting entries.")),
        "unavailable": str(
            _("The site cannot store entries just now; they will be sent later.")
        ),
        "short": str(_("Use at least 8 characters.")),
        "mismatch": str(_("The two passphrases differ.")),
        "wrong": str(_("This passphrase does not open the entries on this device.")),
        "unsupported": str(
            _("This browser cannot keep entries safely. Use the volunteer console.")
        ),
        "confirmDiscard": str(
            _("Delete every entry on this device, sent or not? This cannot be undone.")
        ),
        "saved": str(_("Saved on this device.")),
        "empty": str(_("No entries on this device.")),
        "edit": str(_("Edit")),
        "discard": str(_("Delete")),
    }


class BoothWorkerView(BoothMixin, View):
    """The service worker, served from the booth's own path so that its
    scope is the booth (``Service-Worker-Allowed`` says so explicitly)."""

    def get(self, request):
        urls = booth_urls()
        assets = [urls["page"], urls["manifest"], *map(static, STATIC_ASSETS)]
        script = render_to_string(
            "wagtail_tuidang/volunteers/booth-sw.js",
            {"assets": assets, "version": salted_hmac(SALT, "|".join(assets))},
        )
        response = HttpResponse(script, content_type="text/javascript")
        response["Service-Worker-Allowed"] = urls["page"]
        # The worker fetches only the booth and its files: the site's own,
        # or its static host's.
        response["Content-Security-Policy"] = build_policy(
            {"default-src": ["'none'"], "connect-src": ["'self'", *asset_origins()]}
        )
        response["Cache-Control"] = "no-cache"
        return response


class BoothManifestView(BoothMixin, View):
    """The web app manifest that makes the booth installable."""

    def get(self, request):
        page = reverse("wagtail_tuidang_volunteers:booth")
        manifest = {
            "name": str(_("Tuidang booth")),
            "short_name": str(_("Booth")),
            "id": page,
            "start_url": page,
            "scope": page,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#8b0000",
            "lang": get_language() or "en",
            "icons": [
                {
                    "src": static(f"wagtail_tuidang/img/booth-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                }
                for size in (192, 512)
            ],
        }
        return JsonResponse(
            manifest,
            content_type="application/manifest+json",
            json_dumps_params={"ensure_ascii": False},
        )


@method_decorator(never_cache, name="dispatch")
class BoothTokenView(BoothMixin, View):
    """A CSRF token for the script to send waiting entries with, fetched
    online just before sending: a token in the page the worker keeps would
    go stale when the volunteer logs in again."""

    def get(self, request):
        return JsonResponse({"csrfToken": get_token(request)})


@method_decorator(never_cache, name="dispatch")
class BoothEntryView(BoothMixin, View):
    """Stores one booth entry: 201 with the statement's public id, 200 with
    the same for a resent key, 400 with errors by field."""

    def post(self, request):
        page = default_page()
        if page is None:
            return JsonResponse({"errors": {"__all__": [NO_PAGE]}}, status=400)
        try:
            key, data = read_entry(request)
        except BadEntry as error:
            return JsonResponse({"errors": error.errors}, status=400)
        data.setdefault("index_page", str(page.pk))
        data.setdefault("source", Source.VOLUNTEER)
        form = VolunteerStatementForm(page=page, data=data)
        if not form.is_valid():
            errors = {name: list(messages) for name, messages in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        statement = form.build_statement(
            language=(get_language() or "")[:12], submitted_by=request.user
        )
        stored, created = submit_keyed(statement, key_hash(request.user, key))
        return JsonResponse(
            {"public_id": stored.public_id, "created": created},
            status=201 if created else 200,
        )
