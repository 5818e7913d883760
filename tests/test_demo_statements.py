"""`tuidang_demo`'s statement wall: plausible, consistent and reproducible."""

import datetime
import random

import pytest
from django.db.models import Sum
from django.utils import timezone

from home import demo_statements
from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.pages.models import StatementIndexPage, StatementPage
from wagtail_tuidang.statements import tallies


@pytest.fixture
def demo(demo_site, db):
    return StatementIndexPage.objects.get(slug="statements")


def test_the_wall_has_a_baseline_and_about_two_thousand_statements(demo):
    assert demo.url == "/statements/"
    assert demo.baseline_total == 455_000_000
    assert "演示数据" in demo.intro
    statements = Statement.objects.for_page(demo)
    assert statements.count() == 2_000
    assert 1_900 <= statements.published().count() < 2_000
    assert statements.filter(status="pending").count() == 40
    rejected = statements.filter(status="rejected")
    assert rejected.exists()
    assert all(reason for reason in rejected.values_list("public_reason", flat=True))
    assert statements.filter(people_count__gt=1).exists()
    assert (
        statements.exclude(region="").exists() and statements.exclude(text="").exists()
    )


def test_published_demo_statements_have_registration_numbers(client, demo):
    from wagtail_tuidang.statements.registration import is_valid

    statements = Statement.objects.for_page(demo)
    numbers = list(statements.published().values_list("registration_number", flat=True))
    assert all(is_valid(number) for number in numbers)
    assert len(set(numbers)) == len(numbers)
    assert not statements.exclude(status="published").filter(
        registration_number__isnull=False
    )
    response = client.post(demo.url + "verify/", {"number": numbers[0]})
    assert "belongs to this published statement" in response.content.decode()


def test_the_tallies_add_up_to_the_published_statements(demo):
    published = Statement.objects.for_page(demo).published()
    people = published.aggregate(people=Sum("people_count"))["people"]
    tally = StatementTally.objects.filter(index_page=demo)
    assert tally.aggregate(people=Sum("people"))["people"] == people
    assert tally.aggregate(n=Sum("statements"))["n"] == published.count()
    assert tallies.get_figures(demo)["total"] == 455_000_000 + people
    first_day = timezone.localdate() - datetime.timedelta(days=89)
    assert not tally.filter(day__lt=first_day).exists()
    assert tally.count() == 90  # every day of the window has statements


def test_some_consented_real_names_are_confirmed(demo):
    real = Statement.objects.for_page(demo).filter(is_real_name=True)
    confirmed = real.filter(real_name_confirmed=True)
    assert confirmed.exists() and real.filter(real_name_confirmed=False).exists()
    shown = confirmed.first()
    assert shown.public_name == shown.name
    hidden = real.filter(real_name_confirmed=False).first()
    assert hidden.public_name == hidden.alias != hidden.name


def test_featured_pages_have_photos_and_link_their_statements(client, demo):
    pages = StatementPage.objects.live()
    assert pages.count() == 3
    for page in pages:
        assert page.photo is not None and page.photo.width == 480
        assert page.statement.status == "published"
        assert page.statement.public_name == page.display_name
        html = client.get(page.url).text
        assert f"/statements/s/{page.statement.public_id}/" in html


def test_the_home_page_shows_the_statement_blocks(client, demo):
    html = client.get("/").text
    total = tallies.get_figures(demo)["total"]
    assert f"{total:,}" in html
    newest = Statement.objects.for_page(demo).published().newest_first().first()
    assert newest.public_name in html
    assert StatementPage.objects.live().first().display_name in html
    assert 'action="/statements/submit/"' in html
    assert client.get("/statements/stats/").status_code == 200


@pytest.mark.django_db
def test_the_statements_are_the_same_on_every_run():
    wall = StatementIndexPage(title="Demo")
    now = timezone.now()

    def names():
        generated = demo_statements.generate_statements(wall, now, random.Random(2026))
        return [(s.name, s.status, s.published_at, s.people_count) for s in generated]

    assert names() == names()


def test_the_demo_wall_is_searchable_in_either_script(client, demo):
    published = Statement.objects.for_page(demo).published()
    newest = published.filter(text__contains="声明退出").order_by(
        "-published_at", "-id"
    )[0]
    response = client.get(demo.url, {"q": "聲明退出"})
    assert newest.public_id in response.text
    # A real name waiting for confirmation is not searchable, in either
    # script.
    hidden = published.filter(
        is_real_name=True, consent_real_name=True, real_name_confirmed=False
    )[0]
    for words in (hidden.name, hidden.name.translate({ord("叶"): "葉"})):
        assert hidden.public_id not in client.get(demo.url, {"q": words}).text
