"""The queue's search, kept out of URLs.

Moderators search for names, and a URL ends up in access logs, proxy logs
and browser history. So the search box posts; the view keeps the words in
the moderator's session under a short random key and redirects to
``?search=<key>``, which is all any URL carries (pagination and sorting links
keep it). A ``?q=`` that still arrives (an old bookmark, Wagtail's own live
search) is moved the same way at once.
"""

import secrets
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.utils.functional import cached_property

#: The session entry holding a moderator's recent searches, key → words.
SESSION_KEY = "wagtail_tuidang_queue_searches"
#: Searches kept per session; older keys lead to the unsearched queue.
MAX_SEARCHES = 20
#: The query-string parameter naming a kept search.
SEARCH_PARAM = "search"
#: The form field moderators type into (never read from a URL for long).
QUERY_FIELD = "q"
MAX_QUERY_LENGTH = 255


def clean(words):
    """The words as searched: printable characters only (a NUL would break
    PostgreSQL), spaces collapsed, at most ``MAX_QUERY_LENGTH`` long."""
    printable = "".join(char if char.isprintable() else " " for char in words)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def remember(session, words):
    """Keep ``words`` in ``session``; return the random key naming them."""
    searches = dict(session.get(SESSION_KEY, {}))
    key = secrets.token_urlsafe(6)
    searches[key] = words
    session[SESSION_KEY] = dict(list(searches.items())[-MAX_SEARCHES:])
    return key


def recall(session, key):
    """The words kept under ``key``, or "" for a key this session lacks."""
    if not key:
        return ""
    return session.get(SESSION_KEY, {}).get(key, "")


class PrivateSearchMixin:
    """For a Wagtail ``IndexView``: search words come from the session,
    named by ``?search=<key>``, never from the URL itself."""

    def get_search_form(self):
        # Wagtail's header form is a GET form whose live search puts ?q= in
        # the URL: it keeps only the filters, and the search box posts.
        return None

    @cached_property
    def search_query(self):
        return recall(self.request.session, self.request.GET.get(SEARCH_PARAM))

    def get(self, request, *args, **kwargs):
        if QUERY_FIELD in request.GET:
            return self.redirect_to_search(request, request.GET[QUERY_FIELD])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.redirect_to_search(request, request.POST.get(QUERY_FIELD, ""))

    def redirect_to_search(self, request, words):
        """Back to this listing with the same filters and ``words`` kept."""
        params = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in (QUERY_FIELD, SEARCH_PARAM, "p")
            for value in values
        ]
        words = clean(words)
        if words:
            params.append((SEARCH_PARAM, remember(request.session, words)))
        return redirect(request.path + ("?" + urlencode(params) if params else ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["private_search"] = {
            "field": QUERY_FIELD,
            "value": self.search_query,
            "max_length": MAX_QUERY_LENGTH,
        }
        return context
