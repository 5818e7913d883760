"""Published statements through Wagtail's API v2, for sites that opt in.

A site registers the endpoint on its own ``WagtailAPIRouter``::

    api_router.register_endpoint("statements", StatementsAPIViewSet)

Each item holds exactly what a statement's permalink shows (the public name,
never a real name that is not cleared for publication; never a contact, a
flag or a receipt). Only statements of live, public walls of the request's
site are listed. Pages follow keyset cursors over ``(published_at, id)``
(see :mod:`.pagination`), never ``OFFSET``, so the millionth page costs what
the first does; there is no total count (read ``stats/json/`` for figures).
Described by ``wagtail_tuidang/schemas/openapi.json``
(docs/reference/api.md).
"""

import re
from urllib.parse import urlencode

from django.urls import path
from django.utils.translation import gettext as _
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Site

from ..conf import get_setting
from . import antispam, client
from .choices import Organisation, Region
from .index_pages import statement_index_pages
from .models import PUBLIC_COLUMNS, Statement
from .pagination import Cursor, InvalidCursor, paginate

#: What a public id looks like (as in the permalink route, ``s/<id>/``).
PUBLIC_ID = re.compile(r"[-_A-Za-z0-9]{1,32}")
#: The most statements one request may ask for (``?limit=``).
MAX_LIMIT = 100
#: The only fields read from the database: what the permalink shows, and
#: the few columns that decide which name it shows.
COLUMNS = ("id", "index_page_id", *PUBLIC_COLUMNS)


class BadParameter(ValueError):
    """A query parameter that cannot be read; its message says why."""


def public_walls(request):
    """The live, public statement walls of the request's site, by id."""
    pages = statement_index_pages().live().public().specific()
    site = Site.find_for_request(request)
    if site is not None:
        pages = pages.in_site(site)
    return {page.pk: page for page in pages}


def statement_item(statement, wall, request):
    """One statement as the API gives it: what its permalink shows."""
    wall_url = wall.get_full_url(request) or request.build_absolute_uri(wall.url)
    if not wall_url.endswith("/"):
        wall_url += "/"
    return {
        "id": statement.public_id,
        "name": statement.public_name,
        "organisations": [
            organisation.value for organisation in statement.organisations
        ],
        "people_count": statement.people_count,
        "region": statement.region or None,
        "region_name": (
            str(statement.get_region_display()) if statement.region else None
        ),
        "declared_on": statement.declared_on.isoformat(),
        "text": statement.text,
        "published_at": statement.published_at.isoformat(),
        "wall": wall.pk,
        "url": wall_url + wall.reverse_subpage("detail", args=[statement.public_id]),
    }


class StatementsAPIViewSet(BaseAPIViewSet):
    """Published statements, newest first, a page at a time.

    Query parameters: ``cursor`` (from ``meta.next``), ``limit`` (1 to
    :data:`MAX_LIMIT`), ``wall`` (a statement index page's id), ``region``
    and ``organisation``. Anything else, or a value that cannot be read, is
    a 400 with a message; each client may make ``WAGTAIL_TUIDANG_RATELIMIT_API``
    requests a window, then gets a 429.
    """

    model = Statement
    name = "statements"
    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]
    #: The query parameters a listing accepts.
    listing_parameters = frozenset(
        ["cursor", "limit", "wall", "region", "organisation", "format"]
    )

    @classmethod
    def get_urlpatterns(cls):
        """A listing and one statement by its public id (no database ids)."""
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path(
                "<str:public_id>/",
                cls.as_view({"get": "detail_view"}),
                name="detail",
            ),
        ]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.walls = None

    def listing_view(self, request):
        refused = self._refuse(request)
        if refused:
            return refused
        try:
            params = self._listing_parameters(request)
        except BadParameter as error:
            return self._error(str(error), 400)
        statements = self._published(params)
        keyset = paginate(statements, params["limit"], params["cursor"])
        items = [self._item(statement, request) for statement in keyset.items]
        meta = {
            "next": self._link(request, keyset.older),
            "previous": self._link(request, keyset.newer),
        }
        return self._public(Response({"meta": meta, "items": items}))

    def detail_view(self, request, public_id):
        refused = self._refuse(request)
        if refused:
            return refused
        statement = self._find(request, public_id)
        if statement is None:
            return self._error(_("No published statement has this id."), 404)
        return self._public(Response(self._item(statement, request)))

    def _find(self, request, public_id):
        """The published statement of a public wall with ``public_id``, or
        None. Only an id that could be one is looked up: a NUL byte or an
        over-long string would be a database error on PostgreSQL, not a 404;
        and ``get()``, not ``first()``, which would order by the primary key."""
        if not PUBLIC_ID.fullmatch(public_id):
            return None
        statements = Statement.objects.published().filter(
            index_page_id__in=list(self._walls(request)), public_id=public_id
        )
        try:
            return statements.only(*COLUMNS).get()
        except Statement.DoesNotExist:
            return None

    # Reading the request

    def _refuse(self, request):
        """A 429 once this client is over the rate limit; a cache outage
        lets the request through (reads harm no one)."""
        if not antispam.over_limit(request, "api", get_setting("RATELIMIT_API")):
            return None
        response = self._error(
            _("Too many requests from your connection; please try again later."),
            429,
        )
        response["Retry-After"] = str(client.seconds_left_in_window())
        return response

    def _listing_parameters(self, request):
        unknown = sorted(set(request.GET) - self.listing_parameters)
        if unknown:
            raise BadParameter(
                _("Unknown query parameter: %(names)s.") % {"names": ", ".join(unknown)}
            )
        params = {"limit": self._limit(request.GET.get("limit"))}
        params["cursor"] = self._cursor(request.GET.get("cursor"))
        params["wall"] = self._wall(request, request.GET.get("wall"))
        region = request.GET.get("region")
        if region is not None and (not region or region not in Region.values):
            raise BadParameter(_("region must be one of the region codes."))
        params["region"] = region
        organisation = request.GET.get("organisation")
        if organisation is not None and organisation not in Organisation.values:
            raise BadParameter(
                _("organisation must be party, youth_league or young_pioneers.")
            )
        params["organisation"] = organisation
        return params

    def _limit(self, value):
        if value is None:
            return get_setting("STATEMENTS_PER_PAGE")
        if (
            not value.isascii()
            or not value.isdigit()
            or not 1 <= int(value) <= MAX_LIMIT
        ):
            raise BadParameter(
                _("limit must be a whole number from 1 to %(most)d.")
                % {"most": MAX_LIMIT}
            )
        return int(value)

    def _cursor(self, value):
        if value is None:
            return None
        try:
            return Cursor.decode(value)
        except InvalidCursor:
            raise BadParameter(
                _("This cursor is broken or out of date; start from the first page.")
            ) from None

    def _wall(self, request, value):
        if value is None:
            return None
        walls = self._walls(request)
        if not value.isascii() or not value.isdigit() or int(value) not in walls:
            raise BadParameter(_("wall must be the id of a public statement wall."))
        return int(value)

    def _walls(self, request):
        if self.walls is None:
            self.walls = public_walls(request)
        return self.walls

    # The answer

    def _published(self, params):
        walls = [params["wall"]] if params["wall"] else list(self._walls(self.request))
        statements = Statement.objects.published().filter(index_page_id__in=walls)
        if params["region"]:
            statements = statements.filter(region=params["region"])
        if params["organisation"]:
            field = Organisation(params["organisation"]).field_name
            statements = statements.filter(**{field: True})
        return statements.only(*COLUMNS)

    def _item(self, statement, request):
        return statement_item(
            statement, self._walls(request)[statement.index_page_id], request
        )

    def _link(self, request, cursor):
        if cursor is None:
            return None
        query = {key: value for key, value in request.GET.items() if key != "cursor"}
        query["cursor"] = cursor
        return request.build_absolute_uri(request.path + "?" + urlencode(query))

    def _error(self, message, status):
        return self._public(Response({"message": message}, status=status), cache=False)

    def _public(self, response, cache=True):
        response["Access-Control-Allow-Origin"] = "*"
        if cache:
            response["Cache-Control"] = (
                f"public, max-age={get_setting('OPEN_DATA_MAX_AGE')}"
            )
        return response
