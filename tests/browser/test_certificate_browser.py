"""In Chromium: a submitter looks up their receipt, asks for the certificate
and prints it; in either interface language, on A4 and on Letter, it is one
page. A phone scanning its QR code reads the verification address.

Set ``SCREENSHOT_DIR`` to keep PNGs (375 and 1366 px) and the PDFs."""

import io
import os
import pathlib
import re

import pytest
import zxingcpp
from PIL import Image

from tests.factories import make_statement

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: A page object of a PDF (not the /Pages tree node).
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
PDF_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", re.S)
LONG_ALIAS = "一个很长很长的化名用来检验证书在一页之内能否排得下" * 2


def pdf_pages(pdf):
    """The pages of a PDF Chromium wrote: its page objects, checked against
    the page tree's own count."""
    pages = len(PDF_PAGE.findall(pdf))
    counts = {int(count) for count in PDF_COUNT.findall(pdf)}
    assert counts == {pages}, (pages, counts)
    return pages


def keep(name, data=None, tab=None):
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    path = pathlib.Path(folder) / name
    if tab is not None:
        tab.screenshot(path=str(path), full_page=True)
    else:
        path.write_bytes(data)


@pytest.fixture
def published(index_page, live_site):
    statement, code = make_statement(
        index_page=index_page,
        status="published",
        name="王秘密真名",
        alias=LONG_ALIAS[:60],
        is_real_name=True,
        consent_real_name=True,
        quit_party=True,
        quit_youth_league=True,
        quit_young_pioneers=True,
        people_count=3,
        text="我声明退出中共及其相关组织。" * 20,
    )
    return statement, code, f"{live_site}{index_page.url}"


def open_certificate(browser, wall, code, language, width=1366):
    context = browser.new_context(
        locale="en-GB", viewport={"width": width, "height": 900}
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": wall}])
    tab = context.new_page()
    tab.goto(wall + "receipt/")
    tab.fill("input[name=code]", code)
    tab.click("button[value=check]")
    tab.click("button[value=certificate]")
    tab.wait_for_selector(".td-certificate")
    return context, tab


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_certificate_prints_on_one_page_of_a4_and_of_letter(
    browser, published, language
):
    statement, code, wall = published
    context, tab = open_certificate(browser, wall, code, language)
    try:
        text = tab.inner_text(".td-certificate")
        assert statement.alias in text
        assert "王秘密真名" not in tab.content()
        for paper in ("A4", "Letter"):
            pdf = tab.pdf(format=paper, print_background=True)
            keep(f"certificate-{language}-{paper}.pdf", data=pdf)
            assert pdf_pages(pdf) == 1, (language, paper)
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1366])
def test_the_qr_code_scans_as_the_verification_address(browser, published, width):
    statement, code, wall = published
    context, tab = open_certificate(browser, wall, code, "zh-hans", width)
    try:
        keep(f"certificate-{width}px.png", tab=tab)
        assert not tab.evaluate(
            "document.documentElement.scrollWidth > window.innerWidth"
        ), "the certificate is wider than the screen"
        shot = tab.locator(".td-certificate__qr").screenshot()
        decoded = [
            result.text
            for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
        ]
        assert decoded == [wall + "verify/?number=" + statement.registration_number]
        tab.goto(decoded[0])
        assert statement.alias in tab.inner_text("main")
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1366])
def test_a_number_typed_with_dashes_is_verified_without_javascript(
    browser, published, width
):
    statement, _code, wall = published
    context = browser.new_context(
        locale="en-GB",
        viewport={"width": width, "height": 900},
        java_script_enabled=False,
    )
    tab = context.new_page()
    try:
        tab.goto(wall + "verify/")
        grouped = statement.registration_number_display.replace(" ", "-")
        tab.fill("input[name=number]", grouped)
        tab.click("form.td-form--verify button[type=submit]")
        tab.wait_for_selector(".td-verify-result")
        keep(f"verify-{width}px.png", tab=tab)
        assert statement.alias in tab.inner_text(".td-verify-result")
        assert not tab.evaluate(
            "document.documentElement.scrollWidth > window.innerWidth"
        )
    finally:
        context.close()
