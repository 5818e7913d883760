"""The import's fast row cleaner decides a row only as the form would: on the
rows it accepts, it gives the form's values; every row the form refuses, it
leaves to the form."""

import datetime

import pytest
from django.utils import timezone

from wagtail_tuidang.transfer import importer
from wagtail_tuidang.transfer.fastrows import FastCleaner

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
BASE = {
    "name": "自由人",
    "organisations": "party;youth_league",
    "people_count": "2",
    "region": "sc",
    "text": "我退出。",
    "declared_on": "2024-01-02",
}
VARIANTS = [
    {},
    {"name": "  留白的名字  "},
    {"name": ""},
    {"name": "   "},
    {"name": "名" * 60},
    {"name": "名" * 61},
    {"name": "零宽\u200b字符"},
    {"name": "方向\u202e字符"},
    {"name": "控制\x07字符"},
    {"name": "空\x00字符"},
    {"name": "破\ud800字"},
    {"name": "Ａｌｉｃｅ"},
    {"alias": "化名"},
    {"alias": "化" * 61},
    {"alias": "坏\u200b化名"},
    {"is_real_name": "yes", "alias": "化名", "consent_real_name": "1"},
    {"is_real_name": "yes", "alias": "自由人"},
    {"is_real_name": "yes", "alias": " 自由人 "},
    {"is_real_name": "yes", "alias": ""},
    {"is_real_name": "no", "consent_real_name": "yes"},
    {"organisations": ""},
    {"organisations": "party;bogus"},
    {"organisations": "党;团;队"},
    {"organisations": "中共"},
    {"people_count": ""},
    {"people_count": "0"},
    {"people_count": "50"},
    {"people_count": "51"},
    {"people_count": "2.0"},
    {"people_count": "０２"},
    {"people_count": "-1"},
    {"people_count": "1e3"},
    {"people_count": "9" * 30},
    {"region": ""},
    {"region": "SC"},
    {"region": "zz"},
    {"text": ""},
    {"text": "一行\r\n二行"},
    {"text": "  前后空白  "},
    {"text": "字" * 5000},
    {"text": "字" * 5001},
    {"text": "控制\x1b字符"},
    {"text": "制表\t与换行\n可以"},
    {"declared_on": ""},
    {"declared_on": "2024-02-30"},
    {"declared_on": "2024/01/02"},
    {"declared_on": "02.01.2024"},
    {"declared_on": "1920-12-31"},
    {"declared_on": "1921-01-01"},
    {"declared_on": TODAY.isoformat()},
    {"declared_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
    {"declared_on": (TODAY + datetime.timedelta(days=2)).isoformat()},
    {"declared_on": "2024-1-2"},
    {"language": "zh-hans"},
    {"language": "ZH_HANS"},
    {"language": "en"},
    {"language": "fr"},
]


@pytest.mark.parametrize("variant", VARIANTS, ids=[repr(v)[:40] for v in VARIANTS])
def test_the_fast_cleaner_agrees_with_the_form(index_page, variant):
    row = {**BASE, **variant}
    outcome = importer.Outcome()
    statement = importer.RowValidator(index_page)(2, row, outcome)
    fast = FastCleaner(index_page)(importer.row_data(row))
    if statement is None:
        assert fast is None, f"the form refuses {row!r}: {outcome.errors}"
        return
    if fast is None:
        return  # left to the form, which accepts it: allowed, only slower
    form_values = {name: getattr(statement, name) for name in importer.VALUE_FIELDS}
    assert fast == form_values


def test_the_fast_cleaner_decides_the_ordinary_rows(index_page):
    cleaner = FastCleaner(index_page)
    for variant in ({}, {"organisations": "党;团;队"}, {"declared_on": ""}):
        assert cleaner(importer.row_data({**BASE, **variant})) is not None
