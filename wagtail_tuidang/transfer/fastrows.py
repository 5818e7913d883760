"""Import rows cleaned without building a form: the same rules as
:class:`.rowform.ImportRowForm`, applied directly, for the rows that plainly
pass them.

A form costs about 0.2 ms per row in Django's machinery, most of an import of
a million rows. :class:`FastCleaner` decides only what it can decide exactly
as the form would (a plain ISO date, a count in ASCII digits, codes from the
lists); for anything else (any doubt, any error) it returns None and the
form cleans the row, and says what is wrong. So a row the form would refuse
is never accepted here, and the form's messages stay the only ones. The
tests compare both on the same rows.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..conf import get_setting
from ..statements.choices import Organisation, Region, Source
from ..statements.forms import EARLIEST_DATE, NAME_MAX_LENGTH
from ..statements.text import fold_name, validate_name, validate_text
from .rowform import site_languages

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ORGANISATION_CODES = frozenset(org.value for org in Organisation)
#: ``(code, Statement field)`` of each organisation.
ORGANISATION_FIELDS = tuple((org.value, org.field_name) for org in Organisation)
SOURCE = Source.IMPORT.value
#: Names and dates remembered as valid by a cleaner: lists repeat them.
REMEMBERED = 100_000
#: Longest count worth reading; the limit setting refuses more anyway.
COUNT_DIGITS = 6


class Undecided(Exception):
    """The form must clean this row."""


class FastCleaner:
    """``cleaner(data)``: the Statement field values of a row's form data
    (:func:`.importer.row_data`), or None when the form must decide."""

    def __init__(self, page):
        self.page = page
        self.max_people = get_setting("MAX_PEOPLE_PER_STATEMENT")
        self.max_text = get_setting("MAX_STATEMENT_LENGTH")
        self.regions = frozenset(code for code, _label in Region.choices)
        self.languages = site_languages()
        self.today = timezone.localdate()
        # East of the server's time zone it may already be tomorrow.
        self.latest = self.today + datetime.timedelta(days=1)
        self.valid_names, self.days = set(), {}

    def __call__(self, data):
        try:
            return self.clean(data)
        except (Undecided, ValidationError, ValueError):
            return None

    def clean(self, data):
        name = self.name(data["name"], required=True)
        real = data["is_real_name"] == "on"
        alias = self.name(data["alias"]) if real else ""
        if real and alias and fold_name(name) == fold_name(alias):
            raise Undecided
        values = {
            "name": name,
            "alias": alias,
            "is_real_name": real,
            "consent_real_name": real and data["consent_real_name"] == "on",
            "people_count": self.count(data["people_count"]),
            "region": self.choice(data["region"], self.regions),
            "text": self.text(data["text"]),
            "declared_on": self.date(data["declared_on"]),
            "language": self.language(data["language"]),
            "source": SOURCE,
        }
        organisations = set(data["organisations"])
        if not organisations or not organisations <= ORGANISATION_CODES:
            raise Undecided
        for code, field_name in ORGANISATION_FIELDS:
            values[field_name] = code in organisations
        if self.alias_needed(data, real):
            raise Undecided
        return values

    def alias_needed(self, data, real):
        # The alias cell of a row without a real name is still cleaned by
        # the form: a bad one is an error there.
        return not real and data["alias"] != "" and not self.is_name(data["alias"])

    def is_name(self, value):
        try:
            self.name(value)
        except (Undecided, ValidationError):
            return False
        return True

    def name(self, value, required=False):
        value = value.strip()
        if not value:
            if required:
                raise Undecided
            return ""
        if value in self.valid_names:
            return value
        if len(value) > NAME_MAX_LENGTH:
            raise Undecided
        validate_name(value)
        if len(self.valid_names) < REMEMBERED:
            self.valid_names.add(value)
        return value

    def count(self, value):
        if not (value.isascii() and value.isdigit()) or len(value) > COUNT_DIGITS:
            raise Undecided
        number = int(value)
        if not 1 <= number <= self.max_people:
            raise Undecided
        return number

    @staticmethod
    def choice(value, allowed):
        if value not in allowed:
            raise Undecided
        return value

    def text(self, value):
        value = value.strip().replace("\r\n", "\n")
        if len(value) > self.max_text:
            raise Undecided
        if value:
            validate_text(value)
        return value

    def date(self, value):
        if not value:
            return self.today
        day = self.days.get(value)
        if day is not None:
            return day
        if not ISO_DATE.fullmatch(value):
            raise Undecided
        day = datetime.date.fromisoformat(value)
        if day > self.latest or day < EARLIEST_DATE:
            raise Undecided
        if len(self.days) < REMEMBERED:
            self.days[value] = day
        return day

    def language(self, value):
        if not value:
            return ""
        code = self.languages.get(value.lower().replace("_", "-"))
        if code is None:
            raise Undecided
        return code
