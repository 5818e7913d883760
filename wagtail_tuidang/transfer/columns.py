"""Column names shared by exports and imports, so that an export can be
imported again elsewhere."""

from ..statements.choices import Organisation

#: Separator of organisation codes in the ``organisations`` column.
ORG_SEPARATOR = ";"

#: Columns an import reads (``name`` and ``organisations`` are required).
IMPORT_COLUMNS = (
    "name",
    "alias",
    "is_real_name",
    "consent_real_name",
    "organisations",
    "people_count",
    "region",
    "text",
    "declared_on",
    "language",
)
REQUIRED_COLUMNS = ("name", "organisations")

#: Columns of an export: the import columns plus what the site recorded.
EXPORT_COLUMNS = (
    "public_id",
    "index_page",
    "status",
    "source",
    "submitted_at",
    "published_at",
    *IMPORT_COLUMNS,
    # Last: files made before it existed keep their column positions.
    "registration_number",
)
CONTACT_COLUMN = "contact"

#: Columns of a daily totals import.
TOTALS_COLUMNS = ("date", "people", "party", "youth_league", "young_pioneers")


def organisation_codes(statement):
    return ORG_SEPARATOR.join(org.value for org in statement.organisations)


def parse_organisations(value):
    """Codes from an ``organisations`` cell ("party;youth_league"); commas,
    spaces and the Chinese list comma are accepted as separators too."""
    for separator in (",", "、", "，", " "):
        value = value.replace(separator, ORG_SEPARATOR)
    return [code.strip() for code in value.split(ORG_SEPARATOR) if code.strip()]


ORGANISATIONS = tuple(Organisation)
