"""Look-alike letters and the dots between a name's parts do not hide a
duplicate: the fingerprint folds Cyrillic and Greek letters that look Latin
(Unicode's confusables data) and removes middle dots, while the statement
keeps and shows the name exactly as written."""

import importlib

import pytest

from tests.factories import make_statement
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements.text import fingerprint, fold_name, skeleton

CYRILLIC_E = "\u0435"
GREEK_OMICRON = "\u03bf"
CYRILLIC_I = "\u0456"


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("张·伟", "张伟"),
        ("張・偉", "张伟"),
        ("张•伟", "张伟"),
        ("张‧伟", "张伟"),
        ("张･伟", "张伟"),
        (f"W{CYRILLIC_E}i Zhang", "wei zhang"),
        (f"Zh{GREEK_OMICRON}u", "zhou"),
        (f"{CYRILLIC_I}van", "ivan"),
        ("Ｍary•Ann", "maryann"),
    ],
)
def test_look_alike_spellings_fold_alike(written, plain):
    assert fold_name(written) == fold_name(plain)
    assert fingerprint(written, "gd") == fingerprint(plain, "gd")


def test_different_names_stay_different():
    assert fold_name("张伟") != fold_name("张玮")
    assert fold_name("wei") != fold_name("wel")
    assert fingerprint("王小明", "gd") != fingerprint("王小名", "gd")


def test_the_skeleton_is_one_reusable_function():
    assert skeleton(f"p{CYRILLIC_E}t{GREEK_OMICRON}r") == "petor"
    assert skeleton("退党声明") == "退党声明"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second"),
    [("张伟", "张·伟"), ("Wei Zhang", f"W{CYRILLIC_E}i Zhang")],
)
def test_a_look_alike_resubmission_is_flagged_as_a_duplicate(index_page, first, second):
    make_statement(index_page=index_page, name=first, region="gd")
    statement, _ = make_statement(index_page=index_page, name=second, region="gd")
    statement.refresh_from_db()
    assert statement.flag_duplicate
    # What is stored and shown is what the submitter wrote.
    assert statement.name == second


@pytest.mark.django_db
def test_the_migration_refingerprints_stored_rows(index_page):
    from django.apps import apps

    statement, _ = make_statement(index_page=index_page, name="张·伟", region="gd")
    Statement.objects.filter(pk=statement.pk).update(fingerprint="0" * 64)
    blank, _ = make_statement(index_page=index_page, name="李明", region="gd")
    Statement.objects.filter(pk=blank.pk).update(fingerprint="")
    migration = importlib.import_module(
        "wagtail_tuidang.migrations.0010_statement_refingerprint"
    )
    migration.refingerprint(apps, None)
    assert Statement.objects.get(pk=statement.pk).fingerprint == fingerprint(
        "张伟", "gd"
    )
    assert Statement.objects.get(pk=blank.pk).fingerprint == ""


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("张-伟", "张伟"),
        ("张\u02d9伟", "张伟"),
        ("O'Brien", "obrien"),
        ("Mary_Ann", "maryann"),
    ],
)
def test_dashes_apostrophes_and_stray_marks_fold_away(written, plain):
    assert fold_name(written) == fold_name(plain)


@pytest.mark.django_db
def test_the_marks_migration_refingerprints_only_names_with_marks(index_page):
    from django.apps import apps

    marked, _ = make_statement(index_page=index_page, name="张-伟", region="gd")
    plain, _ = make_statement(index_page=index_page, name="李明", region="gd")
    Statement.objects.update(fingerprint="0" * 64)
    migration = importlib.import_module(
        "wagtail_tuidang.migrations.0019_refingerprint_marks"
    )
    migration.refingerprint(apps, None)
    assert Statement.objects.get(pk=marked.pk).fingerprint == fingerprint("张伟", "gd")
    # A name without such characters is not read, so not rewritten.
    assert Statement.objects.get(pk=plain.pk).fingerprint == "0" * 64
