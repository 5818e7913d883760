"""Registration numbers: the check digit catches every typo it promises to,
numbers are random and unique, every publication gets one, and the
migration numbers the statements published before numbers existed."""

import importlib
import random
from unittest import mock

import pytest
from django.apps import apps
from django.db import connection

from tests.factories import make_statement
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import registration, transitions
from wagtail_tuidang.statements.choices import Status

MIGRATION = importlib.import_module(
    "wagtail_tuidang.migrations.0022_registration_number"
)
#: Numbers whose every single-digit error and adjacent swap is tried.
SAMPLE = 2_000


def sample_numbers():
    rng = random.Random(16)  # a fixed sample, not a secret
    numbers = []
    for _ in range(SAMPLE):
        body = "".join(rng.choice("0123456789") for _ in range(15))
        numbers.append(body + str(registration.damm(body)))
    # Edge cases: all zeros, all nines, runs of one digit.
    for digit in "0123456789":
        body = digit * 15
        numbers.append(body + str(registration.damm(body)))
    return numbers


def test_every_single_digit_error_is_detected():
    tried = 0
    for number in sample_numbers():
        assert registration.is_valid(number)
        for position in range(registration.LENGTH):
            for wrong in "0123456789":
                if wrong == number[position]:
                    continue
                typo = number[:position] + wrong + number[position + 1 :]
                assert not registration.is_valid(typo), (number, typo)
                tried += 1
    assert tried == (SAMPLE + 10) * 16 * 9


def test_every_swap_of_two_adjacent_digits_is_detected():
    tried = 0
    for number in sample_numbers():
        for position in range(registration.LENGTH - 1):
            a, b = number[position], number[position + 1]
            if a == b:
                continue
            swapped = number[:position] + b + a + number[position + 2 :]
            assert not registration.is_valid(swapped), (number, swapped)
            tried += 1
    assert tried > SAMPLE * 13


def test_new_numbers_are_valid_random_and_sixteen_digits():
    numbers = {registration.new_number() for _ in range(1000)}
    assert len(numbers) == 1000
    assert all(registration.is_valid(number) for number in numbers)
    # Not sequential: consecutive numbers are far apart.
    ordered = sorted(int(number) for number in numbers)
    assert min(b - a for a, b in zip(ordered, ordered[1:], strict=False)) > 1


@pytest.mark.parametrize(
    "typed",
    [
        "1234 5678 9012 3450",
        "1234-5678-9012-3450",
        " 1234567890123450 ",
        "１２３４ ５６７８ ９０１２ ３４５０",
        "1234.5678.9012.3450",
    ],
)
def test_typed_numbers_are_read_with_their_separators_ignored(typed):
    assert registration.normalise(typed) == "1234567890123450"
    assert registration.is_valid("1234567890123450")


@pytest.mark.parametrize(
    "typed", ["", "1234 5678 9012 345", "1234 5678 9012 34501", "abcd efgh"]
)
def test_anything_but_sixteen_digits_is_not_a_number(typed):
    assert registration.normalise(typed) is None


def test_numbers_are_shown_in_four_groups_of_four():
    assert registration.format_number("1234567890123450") == "1234 5678 9012 3450"
    assert registration.format_number(None) == ""


@pytest.mark.django_db
def test_publication_gives_a_number_and_nothing_else_does(index_page):
    published, _ = make_statement(index_page=index_page, status="published")
    rejected, _ = make_statement(index_page=index_page, status="rejected")
    pending, _ = make_statement(index_page=index_page)
    published.refresh_from_db()
    assert registration.is_valid(published.registration_number)
    assert rejected.registration_number is None
    assert Statement.objects.get(pk=pending.pk).registration_number is None


@pytest.mark.django_db
def test_a_number_survives_a_takedown(index_page):
    statement, _ = make_statement(index_page=index_page, status="published")
    number = statement.registration_number
    transitions.take_down(statement, public_reason="Asked by the submitter")
    assert Statement.objects.get(pk=statement.pk).registration_number == number


@pytest.mark.django_db
def test_a_number_already_taken_is_drawn_again(index_page):
    first, _ = make_statement(index_page=index_page, status="published")
    second, _ = make_statement(index_page=index_page)
    fresh = registration.new_number()
    with mock.patch.object(
        registration, "new_number", side_effect=[first.registration_number, fresh]
    ):
        transitions.publish(second)
    second.refresh_from_db()
    assert second.status == Status.PUBLISHED
    assert second.registration_number == fresh


@pytest.mark.django_db
def test_a_number_the_caller_set_is_ignored_on_submission(index_page):
    statement, _ = make_statement(
        index_page=index_page, registration_number="1234567890123450"
    )
    assert Statement.objects.get(pk=statement.pk).registration_number is None


@pytest.mark.django_db
def test_the_migration_numbers_existing_published_statements_in_batches(
    index_page, django_assert_max_num_queries
):
    published = [
        make_statement(index_page=index_page, status="published")[0] for _ in range(7)
    ]
    kept = published[0].registration_number
    pending, _ = make_statement(index_page=index_page)
    withdrawn, _ = make_statement(index_page=index_page, status="withdrawn")
    # As before the migration: published, without numbers (but the first).
    Statement.objects.filter(pk__in=[s.pk for s in published[1:]]).update(
        registration_number=None
    )

    schema_editor = mock.Mock(connection=connection)
    # 4 batches of 2 (the last empty): a read and a write each, a final read.
    with django_assert_max_num_queries(4 * 2 + 2 + 8):
        MIGRATION.number_published(apps, schema_editor, batch_size=2)

    numbers = dict(
        Statement.objects.filter(status=Status.PUBLISHED).values_list(
            "pk", "registration_number"
        )
    )
    assert len(numbers) == 7
    assert all(registration.is_valid(number) for number in numbers.values())
    assert len(set(numbers.values())) == 7
    assert numbers[published[0].pk] == kept
    assert Statement.objects.get(pk=pending.pk).registration_number is None
    assert Statement.objects.get(pk=withdrawn.pk).registration_number is None


@pytest.mark.django_db
def test_the_migration_draws_a_batch_again_when_a_number_is_taken(index_page):
    taken, _ = make_statement(index_page=index_page, status="published")
    other, _ = make_statement(index_page=index_page, status="published")
    Statement.objects.filter(pk=other.pk).update(registration_number=None)
    fresh = registration.new_number()
    schema_editor = mock.Mock(connection=connection)
    with mock.patch.object(
        MIGRATION, "new_number", side_effect=[taken.registration_number, fresh]
    ):
        MIGRATION.number_published(apps, schema_editor)
    assert Statement.objects.get(pk=other.pk).registration_number == fresh
