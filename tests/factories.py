"""Factories shared by the whole suite."""

import datetime
import json

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import HomePage
from wagtail_tuidang.models import ArticleCategory, Author, Statement
from wagtail_tuidang.pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageRecommendation,
    StatementIndexPage,
    StatementPage,
)
from wagtail_tuidang.statements import transitions


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = factory.django.Password("pass-for-tests")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"

    class Meta:
        model = HomePage


class StatementIndexPageFactory(wagtail_factories.PageFactory):
    title = "Statements"
    slug = "statements"

    class Meta:
        model = StatementIndexPage


class StatementPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Featured statement {n}")

    class Meta:
        model = StatementPage


class StatementFactory(factory.django.DjangoModelFactory):
    """An unsaved-by-default-status statement; use ``make_statement`` to go
    through the transitions module as real statements do."""

    index_page = factory.SubFactory(StatementIndexPageFactory)
    name = factory.Sequence(lambda n: f"化名{n}")
    quit_party = True
    people_count = 1
    region = "gd"
    text = "我声明退出中共及其相关组织。"

    class Meta:
        model = Statement


def make_statement(status="pending", contact="", **fields):
    """Create a statement through ``transitions.submit`` and move it to
    ``status``; returns ``(statement, receipt_code)``."""
    statement = StatementFactory.build(**fields)
    if statement.index_page.pk is None:
        statement.index_page.save()
    code = transitions.submit(statement, contact=contact)
    action = {
        "pending": None,
        "published": "publish",
        "rejected": "reject",
        "spam": "mark_spam",
        "withdrawn": "withdraw",
    }[status]
    if action:
        getattr(transitions, action)(statement)
    return statement, code


# Articles -------------------------------------------------------------------

DAY = datetime.date(2025, 6, 1)


def make_index(parent, title="News", slug="news"):
    """A published article index below ``parent``."""
    return parent.add_child(instance=ArticleIndexPage(title=title, slug=slug))


def make_article(
    index,
    title,
    *,
    tags=(),
    categories=(),
    authors=(),
    picks=(),
    days_ago=0,
    publish=True,
    **fields,
):
    """An article below ``index``: live with Wagtail's publication dates set,
    or a draft when ``publish`` is False."""
    article = ArticlePage(
        title=title, date=DAY - datetime.timedelta(days_ago), **fields
    )
    article.live = publish
    if publish:
        article.first_published_at = article.last_published_at = timezone.now()
    article.tags.add(*tags)
    article.categories.set(categories)
    article.article_authors = [
        ArticlePageAuthor(author=author, sort_order=i)
        for i, author in enumerate(authors)
    ]
    article.recommended_pages = [
        ArticlePageRecommendation(recommended=page, sort_order=i)
        for i, page in enumerate(picks)
    ]
    return index.add_child(instance=article)


def body(*blocks):
    """A StreamField value from ``(type, value)`` pairs, as stored."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def make_private(page):
    """A login restriction on ``page``: private, not public."""
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


def make_rich_site(news, count, start=0):
    """``count`` articles, each with three authors (with photos), three
    tags, two categories, a hero image, a body with two images, a quote and
    an embed; every third one recommends two others."""
    categories = list(ArticleCategory.objects.all()) or [
        ArticleCategory.objects.create(name=f"Category {i}") for i in range(3)
    ]
    authors = list(Author.objects.all()) or [
        Author.objects.create(
            name=f"Author {i}", bio="Bio", photo=wagtail_factories.ImageFactory()
        )
        for i in range(3)
    ]
    made = list(ArticlePage.objects.all())
    pictures = [wagtail_factories.ImageFactory().pk for _ in range(2)]
    for i in range(start, start + count):
        picks = made[-2:] if i % 3 == 0 else []
        made.append(
            make_article(
                news,
                f"Article {i}",
                days_ago=i,
                summary="Summary",
                tags=[f"t{i % 4}", f"t{i % 5}", "all"],
                categories=[categories[i % 3], categories[(i + 1) % 3]],
                authors=authors,
                picks=picks,
                hero_image=wagtail_factories.ImageFactory(),
                body=body(
                    ("paragraph", "<p>Text</p>"),
                    ("image", {"image": pictures[0]}),
                    ("image", {"image": pictures[1]}),
                    ("quote", {"quote": "Quoted", "attribution": "Someone"}),
                    ("embed", {"url": "https://youtu.be/dQw4w9WgXcQ", "title": ""}),
                ),
            )
        )
    return made
