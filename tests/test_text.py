"""What the text validators refuse, and what the duplicate fingerprint folds."""

import pytest
from django.core.exceptions import ValidationError

from wagtail_tuidang.statements.text import (
    fingerprint,
    fold_name,
    validate_name,
    validate_text,
)

ROUND_TRIP = [
    "王小明",
    "𠀀𪚥 (CJK Extension B)",
    "👨\u200d👩\u200d👧\u200d👦 family",
    "مرحبا بالعالم",
    "שלום",
    "<script>alert(1)</script>",
    "{{ 7*7 }} {% debug %}",
    "'; DROP TABLE statements; --",
    "line one\nline two\r\n\ttabbed",
]


@pytest.mark.parametrize("value", ROUND_TRIP)
def test_statement_text_accepts_real_world_text(value):
    validate_text(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("a\x00b", "control"),
        ("a\x07b", "control"),
        ("a\x85b", "control"),
        ("a\ud800b", "encoding"),
        ("a\ufffdb", "encoding"),
        ("abc\u202edcba", "bidi"),
        ("abc\u2066x\u2069", "bidi"),
    ],
)
def test_statement_text_refuses_controls_surrogates_and_bidi(value, code):
    with pytest.raises(ValidationError) as error:
        validate_text(value)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("张\u200b伟", "invisible"),
        ("张\ufeff伟", "invisible"),
        ("张\u200d伟", "invisible"),
        ("\u202e伟张", "bidi"),
        ("   ", "blank"),
        ("a\x0bb", "control"),
    ],
)
def test_names_also_refuse_invisible_characters(value, code):
    with pytest.raises(ValidationError) as error:
        validate_name(value)
    assert error.value.code == code


def test_names_accept_cjk_latin_and_rtl():
    for name in ("王小明", "Li Wei", "𠀀𪚥", "محمد"):
        validate_name(name)


def test_fold_name_unifies_width_case_spacing_and_traditional_characters():
    assert fold_name("張 偉") == fold_name("张伟")
    assert fold_name("ＷＡＮＧ Wei") == fold_name("wang wei")
    assert fold_name("劉德華") == "刘德华"


def test_fingerprint_depends_on_region():
    assert fingerprint("张伟", "gd") == fingerprint("張偉", "gd")
    assert fingerprint("张伟", "gd") != fingerprint("张伟", "bj")


def test_fold_name_keeps_surnames_that_simplified_chinese_keeps_apart():
    """甯 (the surname Ning) is its own character in Simplified Chinese too:
    a 甯 and a 宁 of the same given name are two people, not a duplicate."""
    assert fold_name("甯静") == "甯静"
    assert fingerprint("甯静", "gd") != fingerprint("宁静", "gd")
    assert fingerprint("甯靜", "gd") == fingerprint("甯静", "gd")
