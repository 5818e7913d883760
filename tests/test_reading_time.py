"""Reading time: CJK characters at 300 a minute, other words at 230 a minute,
added and rounded up, never under a minute; kept in a field on save."""

import pytest

from tests.factories import body, make_article, make_index
from wagtail_tuidang.articles.reading_time import count_units, reading_minutes
from wagtail_tuidang.pages.models import ArticlePage

HAN = "退党声明自由"  # six Han characters
WORD = "freedom "


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("", 1),
        (HAN * 50, 1),  # 300 characters
        (HAN * 50 + "人", 2),
        (HAN * 150, 3),
        (WORD * 230, 1),
        (WORD * 231, 2),
        (WORD * 690, 3),
        (HAN * 25 + " " + WORD * 115, 1),  # half a minute of each
        (HAN * 25 + "人 " + WORD * 115, 2),
    ],
)
def test_minutes(text, minutes):
    assert reading_minutes(text) == minutes


def test_a_chinese_report_is_not_a_one_minute_read():
    # 3,000 characters with no spaces: by whitespace, "one word".
    report = "。".join([HAN * 10] * 50)
    assert count_units(report) == (3000, 0)
    assert reading_minutes(report) == 10


def test_punctuation_and_numbers():
    cjk, words = count_units("“三退”人数：4.5亿，2025年。Don't stop — état-major!")
    assert cjk == 6  # 三 退 人 数 亿 年, and none of the punctuation
    assert words == 6  # 4, 5, 2025, Don't, stop, état-major


def test_kana_counts_as_characters_and_hangul_as_words():
    assert count_units("ひらがなカタカナ") == (8, 0)
    assert count_units("자유 대한민국") == (0, 2)


@pytest.mark.django_db
def test_an_article_keeps_its_reading_time_on_save(home_page):
    news = make_index(home_page)
    article = make_article(
        news,
        "Long read",
        body=body(
            ("paragraph", "<p><b>" + HAN * 60 + "</b></p>"),  # 360 characters
            ("heading", {"text": "小标题", "level": "h2"}),
            ("quote", {"quote": WORD * 100, "attribution": "Someone"}),
        ),
    )
    assert article.reading_time == 2
    stored = ArticlePage.objects.get(pk=article.pk)
    assert stored.reading_time == 2
    stored.body = body(("paragraph", "<p>short</p>"))
    stored.save()
    assert ArticlePage.objects.get(pk=article.pk).reading_time == 1


@pytest.mark.django_db
def test_the_reading_time_is_shown(home_page, client):
    news = make_index(home_page)
    article = make_article(
        news, "Long read", body=body(("paragraph", "<p>" + HAN * 250 + "</p>"))
    )
    assert "5 minute read" in client.get(article.url).text


@pytest.mark.django_db
def test_saving_other_fields_leaves_it_alone(home_page):
    news = make_index(home_page)
    article = make_article(
        news, "Read", body=body(("paragraph", "<p>" + HAN * 150 + "</p>"))
    )
    # The body changes in memory but only the title is saved: the stored
    # reading time must go on matching the stored body.
    article.body = body(("paragraph", "<p>short</p>"))
    article.title = "Renamed"
    article.save(update_fields=["title"])
    stored = ArticlePage.objects.get(pk=article.pk)
    assert (stored.title, stored.reading_time) == ("Renamed", 3)
