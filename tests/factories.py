"""Factories shared by the whole suite."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from home.models import HomePage


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
