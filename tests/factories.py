"""Factories shared by the whole suite."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from home.models import HomePage
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage, StatementPage
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
