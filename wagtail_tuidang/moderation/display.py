"""How a statement reads in the moderation admin: names, not codes.

Shared by the queue's columns and the inspect view, so both say the same
thing the same way.
"""

from django.utils.text import Truncator
from django.utils.translation import get_language_info

from ..statements.models import Statement

#: Characters of the statement's first line shown in the queue.
FIRST_LINE_LENGTH = 80
FLAG_FIELDS = (
    "flag_duplicate",
    "flag_rate_limited",
    "flag_rate_limit_unknown",
    "flag_honeypot",
    "flag_too_fast",
    "flag_no_proof",
    "flag_replayed",
    "flag_flood",
)


def first_line(statement):
    """The first non-empty line of the text, shortened: enough to tell one
    statement from another in the queue (the inspect view shows it all)."""
    lines = statement.text.strip().splitlines()
    return Truncator(lines[0].strip()).chars(FIRST_LINE_LENGTH) if lines else ""


def organisation_labels(statement):
    """The organisations ``statement`` quits, by name, in canonical order."""
    return ", ".join(str(org.label) for org in statement.organisations)


def flag_labels(statement):
    """The anti-spam flags raised on ``statement``, as readable labels."""
    fields = (Statement._meta.get_field(name) for name in FLAG_FIELDS)
    return ", ".join(
        str(field.verbose_name) for field in fields if getattr(statement, field.name)
    )


def language_name(code):
    """The language's name in the admin's language, or the code if unknown."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code
