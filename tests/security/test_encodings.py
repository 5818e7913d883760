"""A request the site cannot read as UTF-8 is a clear 400 on every route,
before any view reads it: never a 500, never words stored as mojibake."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.helpers import receipt_url, submission, submit_url
from wagtail_tuidang.models import Statement

pytestmark = pytest.mark.django_db

FOREIGN_CHARSETS = ["latin-1", "iso-8859-1", "gb18030", "gbk", "big5", "utf-16"]
MESSAGE = "UTF-8 only"
URLENCODED = "application/x-www-form-urlencoded"


def urlencoded(text, encoding):
    """A form body as a browser would send it from a page in ``encoding``."""
    from urllib.parse import urlencode

    data = submission(name=text, text=text)
    return urlencode(data, doseq=True, encoding=encoding, errors="replace").encode()


def multipart(text, encoding, boundary="BOUNDARY"):
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
        + str(value).encode(encoding, "replace")
        + b"\r\n"
        for key, values in submission(name=text, text=text).items()
        for value in (values if isinstance(values, list) else [values])
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


@pytest.fixture
def admin_client(db):
    user = get_user_model().objects.create_superuser("root", "r@example.com", "pw")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def routes(index_page):
    return {
        "submit": submit_url(index_page),
        "receipt": receipt_url(index_page),
        "admin login": "/admin/login/",
        "page editor": f"/admin/pages/{index_page.pk}/edit/",
    }


def assert_refused(response):
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert MESSAGE in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("charset", FOREIGN_CHARSETS)
@pytest.mark.parametrize("route", ["submit", "receipt", "admin login", "page editor"])
def test_a_form_declaring_another_charset_is_a_400(
    admin_client, index_page, charset, route
):
    url = routes(index_page)[route]
    body = urlencoded("张伟 José", charset)

    response = admin_client.generic(
        "POST", url, body, content_type=f"{URLENCODED}; charset={charset}"
    )

    assert_refused(response)
    assert Statement.objects.count() == 0


@pytest.mark.parametrize("charset", FOREIGN_CHARSETS)
def test_a_multipart_form_in_another_charset_is_not_stored_misread(
    client, index_page, charset
):
    body = multipart("张伟 José", charset)
    content_type = f"multipart/form-data; boundary=BOUNDARY; charset={charset}"

    response = client.generic("POST", submit_url(index_page), body, content_type)

    assert_refused(response)
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    "raw", [b"Jos\xe9", "张伟".encode("gb18030"), "張偉".encode("big5"), b"\xff\xfe"]
)
@pytest.mark.parametrize("route", ["submit", "receipt", "page editor"])
def test_a_body_with_bytes_that_are_not_utf8_is_a_400(
    admin_client, index_page, raw, route
):
    body = b"name=" + raw + b"&text=" + raw + b"&code=" + raw

    response = admin_client.generic(
        "POST", routes(index_page)[route], body, content_type=URLENCODED
    )

    assert_refused(response)
    assert Statement.objects.count() == 0


@pytest.mark.parametrize("route", ["submit", "receipt", "admin login", "page editor"])
def test_a_query_string_with_bytes_that_are_not_utf8_is_a_400(
    admin_client, index_page, route
):
    # WSGI hands raw bytes over as Latin-1 text.
    response = admin_client.get(
        routes(index_page)[route],
        QUERY_STRING="q=" + "张".encode("gbk").decode("latin-1"),
    )

    assert_refused(response)


def test_the_wall_refuses_a_query_string_that_is_not_utf8(client, index_page):
    assert_refused(client.get(index_page.url, QUERY_STRING="q=\xe9t\xe9"))


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", '"utf-8"'])
def test_utf8_under_any_of_its_names_is_read(client, index_page, charset):
    body = urlencoded("张伟", "utf-8")

    response = client.generic(
        "POST",
        submit_url(index_page),
        body,
        content_type=f"{URLENCODED}; charset={charset}",
    )

    assert response.status_code == 200
    assert Statement.objects.get().name == "张伟"


def test_a_utf8_form_and_query_string_pass(client, index_page):
    response = client.get(submit_url(index_page) + "?lang=%E4%B8%AD")
    assert response.status_code == 200
    token = re.search(r'name="rendered" value="([^"]+)"', response.text)
    assert token
    response = client.post(submit_url(index_page), submission(name="自由"))
    assert response.status_code == 200
    assert Statement.objects.get().name == "自由"
