"""Run inside a site that installed the wheel (the established site of
tests/hostsite, or a new ``wagtail start`` site), with the venv's own Python,
by tests/test_install_host_site.py; prints one line of JSON.

``pages``: what an editor does after installing the plugin: a statement wall,
a featured statement page, a news index with an article, and the plugin's
blocks added to the site's own content page where it has one.

``smoke``: what visitors do: every public route fetched with Django's test
client (enforcing CSRF, as a browser meets it), the statement form sent, the
receipt checked; what each response was, and which workflow each page gets.
"""

import json
import re
import sys
import sysconfig
import traceback
from html.parser import HTMLParser

import django

SHARE_HEADING = "Pass this story on"
RELATED_HEADING = "Read next"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_pages(models):
    """The plugin's pages, of the page types ``models`` names (model labels:
    ``wall``, ``featured``, ``news``, ``article``, ``author``); and, where
    ``models["content"]`` names a page slug, the plugin's blocks on it."""
    from django.apps import apps
    from wagtail.models import Site

    from wagtail_tuidang.articles.models import ArticleCategory, Author

    model = {
        key: apps.get_model(label) for key, label in models.items() if "." in label
    }
    home = Site.objects.get(is_default_site=True).root_page.specific
    wall = publish(
        home.add_child(
            instance=model["wall"](
                title="Statements",
                slug="statements",
                intro="<p>Read the statements, or send your own.</p>",
                baseline_total=455_000_000,
                default_statement_text="I quit the party and its organisations.",
            )
        )
    )
    featured = publish(
        home.add_child(
            instance=model["featured"](
                title="Why I quit",
                slug="why-i-quit",
                display_name="Li Wei",
                body="<p>A ferry worker tells his story.</p>",
                quit_party=True,
            )
        )
    )
    news = publish(
        home.add_child(
            instance=model["news"](
                title="News", slug="news", intro="<p>From the river towns.</p>"
            )
        )
    )
    article = model["article"](
        title="A first report",
        slug="a-first-report",
        summary="What the river towns told us this week.",
        body=[("paragraph", "<p>Forty people came to the meeting.</p>")],
    )
    article.tags.add("river")
    news.add_child(instance=article)
    author = Author.objects.create(name="Chen Jing", bio="Reports from Fenghe.")
    model["author"].objects.create(page=article, author=author)
    category = ArticleCategory.objects.create(name="Reports")
    article.categories.add(category)
    article.save()
    article = publish(article)
    ids = {
        "home": home.pk,
        "wall": wall.pk,
        "featured": featured.pk,
        "news": news.pk,
        "article": article.pk,
    }
    if models.get("content"):
        # The editor adds the plugin's blocks to the site's own content page.
        story = home.get_children().get(slug=models["content"]).specific
        story.body.extend(
            [
                ("counter", {"heading": "So far", "page": wall}),
                ("latest_statements", {"heading": "Latest", "page": wall}),
                ("featured_statement", {"page": featured}),
                ("statement_form", {"heading": "Send your statement", "page": wall}),
                ("share", {"heading": SHARE_HEADING}),
                (
                    "related_articles",
                    {"heading": RELATED_HEADING, "pages": [article], "count": 4},
                ),
                ("latest_articles", {"heading": "From the news", "index": news}),
            ]
        )
        story.save()
        ids["story"] = publish(story).pk
    return ids


class Forms(HTMLParser):
    """The forms of a page: action, method and the values a browser sends
    when nothing is changed (hidden fields, defaults, checked boxes)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action", ""),
                    "method": attrs.get("method", "get").lower(),
                    "fields": {},
                    "choices": {},
                }
            )
        if not self.forms or "name" not in attrs:
            return
        form, name = self.forms[-1], attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                form["choices"].setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    form["fields"].setdefault(name, []).append(attrs.get("value"))
            elif kind not in ("submit", "button", "image", "reset"):
                form["fields"][name] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            form["fields"][name] = None
        elif tag == "select":
            self._select = name
            form["fields"].setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            form["fields"][self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea and self.forms:
            fields = self.forms[-1]["fields"]
            if fields[self._textarea] is None:
                # Browsers drop the line break that follows <textarea>.
                fields[self._textarea] = data.removeprefix("\n")
            else:
                fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            fields = self.forms[-1]["fields"]
            fields[self._textarea] = fields[self._textarea] or ""
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_of(html):
    parser = Forms()
    parser.feed(html)
    return parser.forms


def statement_form_in(html, submit_url):
    """The statement form of ``html`` (the one posting to ``submit_url``)."""
    for form in forms_of(html):
        if form["method"] == "post" and form["action"].endswith(submit_url):
            return form
    return None


def fill_statement(form, name):
    data = dict(form["fields"])
    data["name"] = name
    data["organisations"] = ["party"]
    return data


ERRORS = {}


def _record_error(sender, request=None, **kwargs):
    ERRORS[request.path if request else "?"] = traceback.format_exc(limit=-6)


def fetch(client, path, method="get", data=None):
    response = getattr(client, method)(path, data or {})
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", "replace")
    return {
        "path": path,
        "status": response.status_code,
        "content_type": content_type,
        "x_robots_tag": response.get("X-Robots-Tag", ""),
        "html": body,
        "error": ERRORS.get(path, ""),
    }


def receipt_code(html):
    match = re.search(r'class="td-receipt__code"[^>]*>(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>|\s", "", match.group(1)) if match else ""


def smoke(ids):
    import swapper
    from django.core.signals import got_request_exception
    from django.test import Client
    from wagtail.models import Site, WorkflowPage

    import wagtail_tuidang
    from wagtail_tuidang.statements import transitions
    from wagtail_tuidang.statements.models import Statement

    page_model = swapper.load_model("wagtailcore", "Page")
    pages_by_key = {
        key: page.specific
        for key, page in (
            (key, page_model.objects.get(pk=pk)) for key, pk in ids.items()
        )
    }

    got_request_exception.connect(_record_error)
    wall, news = pages_by_key["wall"], pages_by_key["news"]
    story = pages_by_key.get("story")
    submit_url, receipt_url = wall.url + "submit/", wall.url + "receipt/"
    seen = {"routes": {}, "forms": {}}
    routes = seen["routes"]

    # A visitor sends a statement through the wall's own form.
    visitor = Client(enforce_csrf_checks=True, raise_request_exception=False)
    routes["submit"] = fetch(visitor, submit_url)
    form = statement_form_in(routes["submit"]["html"], submit_url)
    seen["forms"]["submit"] = form
    if form is not None:
        routes["submit done"] = fetch(
            visitor, submit_url, "post", fill_statement(form, "River reader")
        )
    code = receipt_code(routes.get("submit done", {}).get("html", ""))
    seen["receipt_code"] = code
    seen["pending"] = list(
        Statement.objects.filter(index_page_id=wall.pk, status="pending").values_list(
            "name", flat=True
        )
    )

    # ...and checks it with the receipt code.
    routes["receipt"] = fetch(visitor, receipt_url)
    if code:
        routes["receipt checked"] = fetch(
            visitor,
            receipt_url,
            "post",
            {
                **next((f["fields"] for f in forms_of(routes["receipt"]["html"])), {}),
                "code": code,
                "action": "check",
            },
        )

    # The statement form block on the site's content page.
    if story is not None:
        reader = Client(enforce_csrf_checks=True, raise_request_exception=False)
        routes["content page"] = fetch(reader, story.url)
        block_form = statement_form_in(routes["content page"]["html"], submit_url)
        seen["forms"]["content page"] = block_form
        if block_form is not None:
            routes["content page form sent"] = fetch(
                reader,
                block_form["action"],
                "post",
                fill_statement(block_form, "Reader"),
            )
        seen["pending_after_block"] = list(
            Statement.objects.filter(
                index_page_id=wall.pk, status="pending"
            ).values_list("name", flat=True)
        )

    # A moderator publishes the first statement; then every public page.
    first = Statement.objects.filter(index_page_id=wall.pk).order_by("pk").first()
    if first is not None:
        transitions.publish(first)
        seen["published_id"] = first.public_id
    browser = Client(raise_request_exception=False)
    pages = {
        "home": Site.objects.get(is_default_site=True).root_page.url,
        "wall": wall.url,
        "stats": wall.url + "stats/",
        "wall feed": wall.url + "feed/",
        "wall atom feed": wall.url + "feed/atom/",
        "featured statement page": pages_by_key["featured"].url,
        "article index": news.url,
        "article": pages_by_key["article"].url,
        "article feed": news.url + "feed/",
        "article atom feed": news.url + "feed/atom/",
    }
    if story is not None:
        pages["content page"] = story.url
    if first is not None:
        pages["statement"] = wall.url + f"s/{first.public_id}/"
    for name, path in pages.items():
        routes[name] = fetch(browser, path)

    seen["workflows"] = {}
    for key, page in pages_by_key.items():
        workflow = page.get_workflow()
        seen["workflows"][key] = workflow.name if workflow else None
    seen["attached"] = sorted(
        f"{row.page.title}: {row.workflow.name}"
        for row in WorkflowPage.objects.select_related("page", "workflow")
    )
    seen["urls"] = {"submit": submit_url, "article": pages["article"]}
    seen["module"] = wagtail_tuidang.__file__
    seen["site_packages"] = sysconfig.get_paths()["purelib"]
    return seen


if __name__ == "__main__":
    # Run as ``probe.py pages MODELS`` or ``probe.py smoke IDS`` (JSON) in the
    # site's directory, with DJANGO_SETTINGS_MODULE set.
    django.setup()
    step, argument = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(make_pages(argument) if step == "pages" else smoke(argument)))
