"""Storing one statement a volunteer took down: the one path the console, the
sheet and any other volunteer entry go through."""

from django.utils.translation import get_language

from ..statements import antispam, resends


def submit_for_caller(form, user, token=None):
    """Store the statement of the valid volunteer ``form`` as pending, from
    ``user``, and return ``(receipt code, statement)``.

    ``token`` is the render token that makes a resend harmless (see
    :mod:`wagtail_tuidang.statements.resends`); by default the form's own.
    The code is None, and nothing is stored, when the same token already
    stored the same statement.
    """
    statement = form.build_statement(
        language=(get_language() or "")[:12], submitted_by=user
    )
    if token is None:
        token = form.cleaned_data.get(antispam.RENDER_FIELD)
    code = resends.submit_once(statement, token, form.cleaned_data.get("contact", ""))
    return code, statement
