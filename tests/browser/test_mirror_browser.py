"""The static mirror opens from the file system in Chromium and browses the
wall: pages, a permalink, the days; nothing is requested outside its folder."""

import pytest

from tests.test_mirror_export import export, wall  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_mirror_browses_from_the_file_system(wall, tmp_path, page):  # noqa: F811
    export(tmp_path)
    folder = tmp_path.as_uri()
    page.goto(f"{folder}/statements/index.html")
    assert page.locator("h1").first.inner_text() == "Statements"
    first_page = page.locator(".td-statement__name a").all_inner_texts()
    page.locator(".td-pager a[rel=next]").click()
    assert "/statements/@cursor=" in page.url
    second_page = page.locator(".td-statement__name a").all_inner_texts()
    assert second_page and not set(second_page) & set(first_page)
    name = second_page[0]
    page.locator(".td-statement__name a").first.click()
    assert "/statements/s/" in page.url and page.url.endswith("/index.html")
    assert page.locator("h1").inner_text() == name
    page.get_by_role("link", name="Statements by day").click()
    page.locator(".td-days__day a").first.click()
    assert "/statements/@day=" in page.url
    assert page.locator(".td-statement").count() > 0
    # The stylesheet proves sub-resources are recorded, not just documents.
    assert any(url.endswith(".css") for url in page.requested)
    outside = [url for url in page.requested if not url.startswith(folder + "/")]
    assert outside == []
