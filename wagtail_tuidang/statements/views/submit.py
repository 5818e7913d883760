"""The ``submit/`` route: the public statement form and its receipt.

A valid statement is stored through ``resends.submit_once`` and its receipt
code is shown in the response to that same POST, never in a redirect URL (a
code in a URL ends up in server logs and browser history). The code is rendered
only after the transaction has committed, so an acknowledged statement is
stored. The same rendered form sent again stores nothing and says that the
statement was already received. Both answers are rendered once and filled in
for each statement where nothing in them can be particular to one visitor
(see :mod:`..shells`).
"""

import logging

from django.core.cache import DEFAULT_CACHE_ALIAS
from django.db import DatabaseError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ...moderation.signals import SubmissionNews
from .. import antispam, resends, shells
from . import render_route
from .private import private_form

logger = logging.getLogger(__name__)

NOT_STORED = _(
    "Your statement could not be saved just now, and nothing was stored. Please "
    "send the form again in a few minutes."
)

MISENCODED = _(
    "Your browser sent the form in a text encoding we cannot read, so nothing "
    "was stored. Please fill it in again, or try another browser."
)


def submit(request, page):
    """GET shows the form; POST stores a valid statement as pending and shows
    its receipt code, or shows the form again with its errors."""
    return _submit(request, page)


@private_form
def _submit(request, page):
    if not page.submissions_open:
        status = 403 if request.method == "POST" else 200
        return render_route(request, page, "submit", {"closed": True}, status=status)
    form_class = page.get_form_class()
    if request.method != "POST":
        return _show_form(request, page, form_class(page=page))
    if _misencoded(request):
        form = form_class(page=page)
        return _show_form(request, page, form, status=400, notice=MISENCODED)
    form = form_class(page=page, data=request.POST)
    if not form.is_valid():
        return _show_form(request, page, form)
    return _store(request, page, form)


def _misencoded(request):
    """True if a urlencoded body is not UTF-8: Django would read all of it as
    Latin-1 and the statement would be stored as mojibake without a word."""
    if request.content_type != "application/x-www-form-urlencoded":
        return False
    try:
        request.body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _show_form(request, page, form, status=200, **context):
    context["form"] = form
    return render_route(request, page, "submit", context, status=status)


def _store(request, page, form):
    token = form.cleaned_data.get(antispam.RENDER_FIELD)
    batch = antispam.checks_batch()
    # On the default cache, what moderators are told goes in the checks'
    # round trip rather than in one of its own after the commit.
    news = SubmissionNews(batch) if batch.using == DEFAULT_CACHE_ALIAS else None
    flags, spent_before = antispam.submission_checks(request, token, batch)
    statement = form.build_statement(
        language=(getattr(request, "LANGUAGE_CODE", "") or get_language() or "")[:12],
        **flags,
    )
    if news is not None:
        news.mark(statement)
    try:
        code = resends.submit_once(
            statement,
            token,
            contact=form.cleaned_data.get("contact", ""),
            replayed_if=spent_before,
        )
    except DatabaseError as error:
        if news is not None:
            news.stored(False)
        # The class name only: a database message may quote submitted values.
        logger.error("A statement could not be stored: %s", type(error).__name__)
        form.add_error(None, NOT_STORED)
        return _show_form(request, page, form, status=503)
    if news is not None:
        news.stored(code is not None)
    if code is None:
        return shells.render_answer(
            request, page, "submit_done", {"already_received": True}, {}
        )
    slots = {"receipt_code": code, "receipt_groups": code.split("-")}
    return shells.render_answer(request, page, "submit_done", {}, slots)
