"""The public statement wall (``""``) and one statement's permalink (``s/<id>/``).

Both read published statements of one index page only, in a constant number of
queries: the wall pages with keyset cursors (see ``pagination``), never
``OFFSET``, and takes its totals from the tallies, never ``COUNT(*)``.
"""

import itertools
from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_tuidang.conf import get_setting

from .. import days as day_archive
from .. import search
from ..cards import SHOWN_COLUMNS
from ..filters import StatementFilterForm
from ..models import Statement
from ..pagination import Cursor, InvalidCursor, first_rows, paginate
from . import render_route

BROKEN_CURSOR = _(
    "This page link is broken or out of date, so the newest statements are shown."
)


#: The columns a public view reads of a statement: those a card shows (which
#: include those deciding which name it shows, see ``cards.SHOWN_COLUMNS``).
#: What only moderators and the submitter's receipt use (contact, notes,
#: hashes, keys, flags, the search column) is never even loaded, which also
#: makes a page of 50 statements cheaper to read.
PUBLIC_FIELDS = ("id", "index_page", "status", *SHOWN_COLUMNS)


def published_statements(page):
    """Published statements of ``page``: the only rows a public view reads,
    with only their :data:`PUBLIC_FIELDS`."""
    return Statement.objects.published().for_page(page).only(*PUBLIC_FIELDS)


def index(request, page):
    """The wall: figures, filters, and a page of statements grouped by day.

    A cursor or filter value that cannot be read is ignored and a notice says
    so; the page is never an error.
    """
    form = StatementFilterForm.from_request(request)
    notices = []
    cursor = _read_cursor(request, notices)
    statements = form.apply(published_statements(page), search=False)
    words = form.filters.get("q")
    fetch = search.first_matches(words) if words else first_rows
    per_page = get_setting("STATEMENTS_PER_PAGE")
    keyset = paginate(statements, per_page, cursor, fetch=fetch)
    params = form.query_params()
    context = {
        "filter_form": form,
        "filter_state": filter_state(form),
        "is_filtered": bool(params),
        "notices": notices,
        "statements": keyset.items,
        "days": group_by_day(keyset.items),
        "older_url": _page_url(params, keyset.older),
        "newer_url": _page_url(params, keyset.newer),
        "newest_url": "?" + urlencode(params) if cursor else None,
        **_day_links(page, form.filters.get("day")),
    }
    return render_route(request, page, "index", context)


def detail(request, page, public_id):
    """One published statement of ``page``. Anything else (pending, rejected,
    spam, withdrawn, another page's, missing) is the same plain 404."""
    # get(), not first(): first() orders by id, and PostgreSQL may then walk
    # the primary key instead of looking the unique public_id up.
    try:
        statement = published_statements(page).get(public_id=public_id)
    except Statement.DoesNotExist:
        raise Http404 from None
    return render_route(request, page, "detail", {"statement": statement})


def filter_state(form):
    """What the filter form's fields show, as a key for
    ``{% tuidang_cache %}``: the values sent for them (the errors follow
    from those), or None with a search, whose words are too many to keep."""
    if not form.is_bound:
        return ()
    if form.data.get("q"):
        return None
    return tuple((name, tuple(form.data.getlist(name))) for name in form.fields)


def group_by_day(statements):
    """``[(day, [statements…]), …]`` by local publication day, in order."""
    return [
        (day, list(group))
        for day, group in itertools.groupby(
            statements, key=lambda s: timezone.localdate(s.published_at)
        )
    ]


def _day_links(page, day):
    """On the view of one day: links to the nearest earlier and later days
    with published statements (two queries on the tallies), or None at
    either end.

    The links carry the day only, not the other filters or the cursor: the
    tallies know which days have statements, not which have statements of
    an organisation, a region or a search, so a link keeping those could
    lead to an empty day.
    """
    if day is None:
        return {}
    return {
        "shown_day": day,
        "previous_day": day_archive.previous_day(page, day),
        "next_day": day_archive.next_day(page, day),
    }


def _read_cursor(request, notices):
    token = request.GET.get("cursor")
    if not token:
        return None
    try:
        return Cursor.decode(token)
    except InvalidCursor:
        notices.append(BROKEN_CURSOR)
        return None


def _page_url(params, cursor):
    """A query string for the same filters at ``cursor``, or None."""
    if cursor is None:
        return None
    return "?" + urlencode({**params, "cursor": cursor})
