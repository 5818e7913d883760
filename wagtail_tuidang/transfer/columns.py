"""Column names shared by exports and imports, so that an export can be
imported again elsewhere."""

import functools
import re

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


#: What an ``organisations`` cell may call each organisation, besides its
#: code: full names and the usual short forms, in Simplified and Traditional
#: Chinese and in English (compared lower-cased, spaces removed).
ORG_NAMES = {
    Organisation.PARTY: (
        "党 黨 党员 黨員 中共 共产党 共產黨 中国共产党 中國共產黨 中共党员 "
        "中共黨員 ccp cpc party communistparty chinesecommunistparty "
        "communistpartyofchina"
    ),
    Organisation.YOUTH_LEAGUE: (
        "团 團 团员 團員 共青团 共青團 青年团 青年團 共青团员 共青團員 "
        "中国共产主义青年团 中國共產主義青年團 共产主义青年团 共產主義青年團 "
        "cyl league youthleague communistyouthleague youth_league"
    ),
    Organisation.YOUNG_PIONEERS: (
        "队 隊 队员 隊員 少先队 少先隊 少先队员 少先隊員 少年先锋队 少年先鋒隊 "
        "中国少年先锋队 中國少年先鋒隊 pioneers youngpioneers young_pioneers "
        "youngpioneersofchina"
    ),
}
#: Words that name all three at once ("the three quits").
ALL_THREE = {"三退", "全部", "all"}
#: A leading "quit" ("退党", "退出共青团") says nothing more.
QUIT_PREFIXES = ("退出", "退")
ORG_SEPARATORS = re.compile(r"[;；,，、/／|｜+＋&＆\n]+|\band\b|和|及")
_SHORT = {"党": "party", "黨": "party", "团": "youth_league", "團": "youth_league"}
_SHORT.update({"队": "young_pioneers", "隊": "young_pioneers"})


def _name_table():
    table = {org.value: org.value for org in Organisation}
    for org, names in ORG_NAMES.items():
        table.update(dict.fromkeys(names.split(), org.value))
    return table


ORG_TABLE = _name_table()


def parse_organisations(value):
    """Organisation codes from an ``organisations`` cell: codes
    ("party;youth_league"), names in Chinese or English ("党;团;队",
    "中共/共青团/少先队", "中國共產黨、共青團", "Communist Party, Young
    Pioneers", "三退"). A part that names none is returned as it is, so that
    the row's form says which organisations it knows."""
    if len(value) > CACHED_LENGTH:
        return list(_parse(value))
    return list(_parse_cached(value))


#: Longest cell whose reading is remembered.
CACHED_LENGTH = 100


@functools.lru_cache(maxsize=1000)
def _parse_cached(value):
    # A list's cells repeat the same few spellings: each is read once.
    return _parse(value)


def _parse(value):
    codes = []
    for part in ORG_SEPARATORS.split(value.lower()):
        codes += _part_codes(part)
    return tuple(dict.fromkeys(codes))


def _part_codes(part):
    word = re.sub(r"\s+", "", part)
    if not word:
        return []
    if word in ALL_THREE:
        return [org.value for org in Organisation]
    for prefix in QUIT_PREFIXES:
        if word.startswith(prefix) and word[len(prefix) :] in ORG_TABLE:
            word = word[len(prefix) :]
    if word in ORG_TABLE:
        return [ORG_TABLE[word]]
    # "党团队", "退党团": one character per organisation.
    letters = word.removeprefix("退")
    if letters and all(char in _SHORT for char in letters):
        return [_SHORT[char] for char in letters]
    # Codes separated by spaces, as earlier versions accepted.
    words = part.split()
    if len(words) > 1 and all(w in ORG_TABLE for w in words):
        return [ORG_TABLE[w] for w in words]
    return [part.strip()]


ORGANISATIONS = tuple(Organisation)
