"""Two Wagtail sites install the plugin from the wheel by following README.md
and docs/installation.md word by word, and keep their own look and workflow.

The established site, tests/hostsite ("Riverside Voices"), was not written
for the plugin: its own base page model (``WAGTAIL_PAGE_MODEL`` on Wagtail's
``AbstractPage``: no ``seo_title``, ``search_description`` or
``show_in_menus``), its own ``base.html`` (a nav, a footer, and only the
blocks ``title``, ``extra_css``, ``content`` and ``extra_js``), StreamField
blocks rendered with ``{{ page.body }}``, ``wagtail.contrib.settings`` and
``wagtail.contrib.routable_page`` already installed, and Wagtail's "Moderators
approval" workflow on its home page. Its page types for the plugin are built
from the mixins over its base page. The fresh site is what ``wagtail start``
makes, with the ready-made page types.

Each, in the virtual environment holding only the wheel (tests/conftest.py),
gets the apps README's install block lists, the base template setting and the
head tag docs/installation.md gives; then ``check``, ``migrate``, the site's
own setup, ``tuidang_setup``, the plugin's pages, and a visitor's tour of every
public route (tests/install_scripts/site_probe.py). Each check is one test,
so a failure names the one thing a visitor or a site developer would notice.
"""

import ast
import json
import re
import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.install_support import REPO, call, run

pytestmark = pytest.mark.slow

HOST_SITE = REPO / "tests" / "hostsite"
PROBE = REPO / "tests" / "install_scripts" / "site_probe.py"
README = REPO / "README.md"
INSTALLATION = REPO / "docs" / "installation.md"

#: The host's marks in its base.html: a page rendered in its layout has both.
HOST_NAV = 'id="riverside-nav"'
HOST_FOOTER = 'id="riverside-footer"'
PLUGIN_CSS = "wagtail_tuidang/css/tuidang.css"

#: The interfaces the docs are to give (used where they do not give them yet,
#: so that the rest of the site can still be checked; the recipe tests below
#: fail while the docs lack them).
PINNED_HEAD_LINES = ["{% load wagtail_tuidang_tags %}", "{% tuidang_head %}"]
BASE_TEMPLATE_SETTING = "WAGTAIL_TUIDANG_BASE_TEMPLATE"

#: Public routes of the plugin's pages, as the probe names them.
PLUGIN_ROUTES = [
    "wall",
    "statement",
    "submit",
    "submit done",
    "receipt",
    "receipt checked",
    "stats",
    "featured statement page",
    "article index",
    "article",
]
#: Routes that must never be indexed.
PRIVATE_ROUTES = ["submit", "submit done", "receipt", "receipt checked"]
FEEDS = ["wall feed", "wall atom feed", "article feed", "article atom feed"]


# The recipe, read from the docs -------------------------------------------------


def code_blocks(markdown):
    """``(language, code)`` of each fenced code block of ``markdown``, also
    of those indented in a list, with their indentation removed."""
    fences = re.findall(
        r"^[ \t]*```([\w+-]*)[^\n]*\n(.*?)^[ \t]*```", markdown, re.S | re.M
    )
    return [(language, textwrap.dedent(code)) for language, code in fences]


def section(markdown, heading):
    """The text under ``heading`` up to the next heading of the same level."""
    level = heading.split(" ", 1)[0]
    match = re.search(
        rf"^{re.escape(heading)}\n(.*?)(?=^{level} |\Z)", markdown, re.S | re.M
    )
    return match.group(1) if match else ""


def readme_install_block():
    """README's code block of the Install section that names the plugin's app."""
    install = section(README.read_text(), "## Install")
    for language, code in code_blocks(install):
        if language in ("python", "py", "") and "wagtail_tuidang" in code:
            return code
    return ""


def readme_apps():
    """The apps README's install block lists (comments left out)."""
    code = re.sub(r"#.*", "", readme_install_block())
    return re.findall(r"""["']([a-z_]+(?:\.[a-z_]+)*)["']""", code)


def host_installed_apps():
    """INSTALLED_APPS of the host site as it is before the plugin."""
    tree = ast.parse((HOST_SITE / "riverside" / "settings" / "base.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "INSTALLED_APPS":
            return ast.literal_eval(node.value)
    raise AssertionError("the host site's settings have no INSTALLED_APPS")


def docs_head_lines():
    """The template lines docs/installation.md tells a site to add to its
    ``<head>`` (its code block with ``{% tuidang_head %}``), or None."""
    for _language, code in code_blocks(INSTALLATION.read_text()):
        if "tuidang_head" in code:
            return [
                line.strip()
                for line in code.splitlines()
                if "{% load" in line or "tuidang_head" in line
            ]
    return None


def docs_base_template_line():
    """docs/installation.md's line setting the base template, or None."""
    for _language, code in code_blocks(INSTALLATION.read_text()):
        for line in code.splitlines():
            if re.match(rf"\s*{BASE_TEMPLATE_SETTING}\s*=", line):
                return line.strip()
    return None


def docs_attach_to():
    """Whether the install steps (README, installation) pass ``--attach-to``."""
    return "--attach-to" in README.read_text() + INSTALLATION.read_text()


def test_readme_install_block_lists_the_plugin_and_the_contrib_apps():
    apps = readme_apps()
    assert {
        "wagtail_tuidang",
        "wagtail.contrib.routable_page",
        "wagtail.contrib.settings",
    } <= set(apps), f"README's install block lists {apps}"


def test_readme_install_lines_add_no_app_twice_to_a_site_that_has_them():
    """Pasted into settings that already list ``wagtail.contrib.settings``
    and ``wagtail.contrib.routable_page``, the lines must not list an app
    twice: Django refuses to start ("Application labels aren't unique")."""
    block = readme_install_block()
    namespace = {"INSTALLED_APPS": host_installed_apps()}
    try:
        exec(block, namespace)  # noqa: S102 - the README's own lines
    except Exception:  # not code to paste: a list to merge by hand
        return
    apps = namespace["INSTALLED_APPS"]
    twice = sorted({app for app in apps if apps.count(app) > 1})
    assert not twice, f"README's install lines list {twice} twice:\n{block}"


def test_readme_says_how_to_install_before_the_first_release():
    """The package is not on the index yet: the README must give a wheel
    (``make wheel``) or a VCS URL to install."""
    install = section(README.read_text(), "## Install")
    lines = [
        line
        for _language, code in code_blocks(install)
        for line in code.splitlines()
        if "pip install" in line
    ]
    assert any(".whl" in line or "git+" in line for line in lines), (
        f"README's install section installs only with {lines}"
    )


def test_installation_docs_give_the_base_template_setting():
    assert docs_base_template_line(), (
        f"docs/installation.md has no code line setting {BASE_TEMPLATE_SETTING}"
    )


def test_installation_docs_give_the_head_tag():
    lines = docs_head_lines()
    assert lines, "docs/installation.md has no code block with {% tuidang_head %}"
    assert any("wagtail_tuidang_tags" in line for line in lines), (
        f"the head tag block does not load wagtail_tuidang_tags: {lines}"
    )


def test_installation_docs_leave_the_ready_made_pages_out_for_a_base_page():
    """A site with its own base page builds page types from the mixins and
    leaves ``wagtail_tuidang.pages`` out: this site does what that says."""
    own_base = section(INSTALLATION.read_text(), "## A site with its own base page")
    assert re.search(r"leave `wagtail_tuidang\.pages` out", own_base, re.I), own_base


# The sites ----------------------------------------------------------------------


def settings_lines(apps, own_base_page):
    """What the README and installation docs add to a site's settings."""
    if own_base_page:
        apps = [app for app in apps if app != "wagtail_tuidang.pages"]
    setting = docs_base_template_line() or f'{BASE_TEMPLATE_SETTING} = "base.html"'
    name = setting.split("=", 1)[0].strip()
    return f"""

# wagtail-tuidang: the apps README.md lists, after the site's own apps, where
# the site does not list them yet (a site with its own base page leaves
# "wagtail_tuidang.pages" out, as docs/installation.md says).
TUIDANG_APPS = {apps!r}
_first_wagtail = next(
    i for i, app in enumerate(INSTALLED_APPS) if app.startswith("wagtail")
)
INSTALLED_APPS[_first_wagtail:_first_wagtail] = [
    app for app in TUIDANG_APPS if app not in INSTALLED_APPS
]
# The plugin's pages extend the site's own base template.
{name} = "base.html"
"""


def add_head_lines(base_html, lines):
    """The site's base.html with ``lines`` added at the end of its ``<head>``."""
    text = base_html.read_text()
    assert text.count("</head>") == 1
    added = "".join(f"        {line}\n" for line in lines)
    base_html.write_text(text.replace("    </head>", added + "    </head>"))


def python(site, *args):
    """Like :func:`call`, failing the test if the command fails."""
    return run(site["python"], *args, cwd=site["dir"], env=site["env"])


def last_json(output):
    return json.loads(output.strip().splitlines()[-1])


class Site(dict):
    """A site and what was seen in it. Shown by its directory alone: a failed
    test must not print the environment (it may hold secrets) nor every page
    seen into the log."""

    def __repr__(self):
        return f"<site in {self['dir']}>"


def install(site, project, own_base_page):
    """Follow the README and docs in ``site``: apps, base template setting and
    head tag; then check it."""
    settings = site["dir"] / project / "settings" / "base.py"
    apps = readme_apps()
    settings.write_text(settings.read_text() + settings_lines(apps, own_base_page))
    add_head_lines(
        site["dir"] / project / "templates" / "base.html",
        docs_head_lines() or PINNED_HEAD_LINES,
    )
    shutil.copy(PROBE, site["dir"] / "probe.py")
    site["env"] = {**site["env"], "DJANGO_SETTINGS_MODULE": f"{project}.settings.dev"}
    site["check"] = call(site, "manage.py", "check")
    site["makemigrations"] = call(
        site, "manage.py", "makemigrations", "--check", "--dry-run"
    )
    python(site, "manage.py", "migrate", "--noinput")


def tour(site, models, own_setup=()):
    """The site's own setup step, ``tuidang_setup`` as the README says (right
    after migrate), the plugin's pages, ``tuidang_setup`` again as the docs
    say once a wall exists, then the visitors' tour."""
    if own_setup:
        python(site, "manage.py", *own_setup)
    site["setup_first"] = call(site, "manage.py", "tuidang_setup")
    site["ids"] = last_json(python(site, "probe.py", "pages", json.dumps(models)))
    attach = ["--attach-to", site["ids"]["wall"]] if docs_attach_to() else []
    site["setup"] = call(site, "manage.py", "tuidang_setup", *attach)
    site["seen"] = last_json(python(site, "probe.py", "smoke", json.dumps(site["ids"])))
    return site


@pytest.fixture(scope="module")
def host_site(wheel_venv, tmp_path_factory):
    """The established site, copied, installed as the docs say, toured."""
    site_dir = tmp_path_factory.mktemp("host-site") / "riverside"
    shutil.copytree(
        HOST_SITE, site_dir, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3")
    )
    site = Site(
        python=wheel_venv["python"],
        dir=site_dir,
        env=wheel_venv["env"],
        layout=[HOST_NAV, HOST_FOOTER],
    )
    install(site, "riverside", own_base_page=True)
    models = {
        "wall": "site_core.StatementWall",
        "featured": "site_core.FeaturedStatementPage",
        "news": "site_core.NewsIndexPage",
        "article": "site_core.NewsPage",
        "author": "site_core.NewsPageAuthor",
        "content": "our-neighbourhood",
    }
    return tour(site, models, own_setup=["site_setup"])


@pytest.fixture(scope="module")
def fresh_site(wheel_venv, tmp_path_factory):
    """A site ``wagtail start`` made, with the ready-made page types,
    installed as the docs say, toured."""
    root = tmp_path_factory.mktemp("fresh-site")
    run(
        wheel_venv["bin"] / "wagtail",
        "start",
        "newsite",
        cwd=root,
        env=wheel_venv["env"],
    )
    site = Site(
        python=wheel_venv["python"],
        dir=root / "newsite",
        env=wheel_venv["env"],
        # What wagtail start's base.html puts around every page.
        layout=["css/newsite.css", "js/newsite.js"],
    )
    install(site, "newsite", own_base_page=False)
    models = {
        "wall": "wagtail_tuidang_pages.StatementIndexPage",
        "featured": "wagtail_tuidang_pages.StatementPage",
        "news": "wagtail_tuidang_pages.ArticleIndexPage",
        "article": "wagtail_tuidang_pages.ArticlePage",
        "author": "wagtail_tuidang_pages.ArticlePageAuthor",
    }
    return tour(site, models)


@pytest.fixture(params=["established", "fresh"])
def site(request):
    """Each of the two sites in turn."""
    return request.getfixturevalue(
        "host_site" if request.param == "established" else "fresh_site"
    )


def route(site, name):
    seen = site["seen"]["routes"]
    assert name in seen, f"the probe never reached {name!r}: see the tests before"
    return seen[name]


def describe(response):
    """What a failed check shows: the route, its status and any error."""
    error = response["error"].strip().splitlines()[-3:]
    return f"{response['path']} answered {response['status']}" + (
        "\n" + "\n".join(error) if error else ""
    )


class Tags(HTMLParser):
    """``<link>`` and ``<meta>`` tags of a page, each with whether it is in
    ``<head>``."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.in_head = [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        elif tag in ("link", "meta"):
            attributes = {key: value or "" for key, value in attrs}
            self.tags.append((tag, attributes, self.in_head))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False

    def head(self, tag, **wanted):
        """Tags ``tag`` in ``<head>`` whose attributes contain ``wanted``."""
        return [
            attributes
            for name, attributes, in_head in self.tags
            if name == tag
            and in_head
            and all(value in attributes.get(key, "") for key, value in wanted.items())
        ]


def test_plugin_comes_from_the_wheel_not_the_source_tree(site):
    seen = site["seen"]
    module = Path(seen["module"]).resolve()
    assert module.is_relative_to(Path(seen["site_packages"]).resolve()), module
    assert not module.is_relative_to(REPO)


def test_check_finds_no_error(site):
    status, output = site["check"]
    assert status == 0, output
    assert "ERRORS:" not in output, output


def test_check_has_nothing_to_say_about_the_site_page_model(host_site):
    """The mixins' ``search_fields`` over a base page without Wagtail's
    ``seo_title``, ``search_description`` and ``show_in_menus``."""
    _status, output = host_site["check"]
    assert "modelsearch.W004" not in output, output


def test_check_finds_the_head_tag_in_the_site_base_template(site):
    _status, output = site["check"]
    assert "wagtail_tuidang.W007" not in output, output


def test_site_needs_no_migration_of_its_own_for_the_plugin(site):
    status, output = site["makemigrations"]
    assert status == 0, output


#: Titles of the plugin's pages the probe creates.
PLUGIN_PAGES = {"Statements", "Why I quit", "News", "A first report"}


def test_setup_attaches_the_tuidang_review_to_no_page_of_the_site(site):
    """Run right after ``migrate`` and again once the wall exists, it leaves
    the site's own pages (and the tree root) to the site's workflow."""
    status, output = site["setup_first"]
    assert status == 0, output
    attached = site["seen"]["attached"]
    taken = [
        entry
        for entry in attached
        if entry.endswith(": Tuidang review")
        and entry.rsplit(":", 1)[0] not in PLUGIN_PAGES
    ]
    assert not taken, f"attached: {attached}"


def test_site_home_page_keeps_the_site_workflow(site):
    """Wagtail's "Moderators approval" (given to the established site's home
    page by the site; inherited from the tree root on a new site)."""
    workflow = site["seen"]["workflows"]["home"]
    assert workflow == "Moderators approval", site["seen"]["attached"]


def test_site_content_page_keeps_the_site_workflow(host_site):
    workflow = host_site["seen"]["workflows"]["story"]
    assert workflow == "Moderators approval", host_site["seen"]["attached"]


def test_statement_wall_gets_the_tuidang_review(site):
    status, output = site["setup"]
    assert status == 0, output
    assert site["seen"]["workflows"]["wall"] == "Tuidang review", (
        f"tuidang_setup said:\n{output}\nattached: {site['seen']['attached']}"
    )


def test_setup_reports_what_it_attached(site):
    _status, output = site["setup"]
    assert "Statements" in output, output


@pytest.mark.parametrize("name", ["home", *PLUGIN_ROUTES])
def test_public_route_answers(site, name):
    response = route(site, name)
    assert response["status"] == 200, describe(response)


@pytest.mark.parametrize("name", ["home", *PLUGIN_ROUTES])
def test_public_route_renders_inside_the_site_layout(site, name):
    response = route(site, name)
    assert_in_layout(response, site["layout"])


def assert_in_layout(response, marks):
    missing = " and no ".join(mark for mark in marks if mark not in response["html"])
    assert not missing, f"{describe(response)}, outside the site's layout: no {missing}"


def test_content_page_answers_inside_the_site_layout(host_site):
    response = route(host_site, "content page")
    assert response["status"] == 200, describe(response)
    assert_in_layout(response, host_site["layout"])


@pytest.mark.parametrize("name", PLUGIN_ROUTES)
def test_public_route_links_the_plugin_stylesheet(site, name):
    response = route(site, name)
    links = Tags(response["html"]).head("link", rel="stylesheet", href=PLUGIN_CSS)
    assert links, f"{describe(response)}; no {PLUGIN_CSS} in <head>"


@pytest.mark.parametrize("name", PRIVATE_ROUTES)
def test_private_route_sends_x_robots_tag_noindex(site, name):
    response = route(site, name)
    assert "noindex" in response["x_robots_tag"], describe(response)


@pytest.mark.parametrize("name", PRIVATE_ROUTES)
def test_private_route_has_robots_noindex_in_head(site, name):
    response = route(site, name)
    robots = Tags(response["html"]).head("meta", name="robots", content="noindex")
    assert robots, f"{describe(response)}; no <meta name=robots noindex> in <head>"


def test_article_page_has_open_graph_tags_in_head(site):
    response = route(site, "article")
    tags = Tags(response["html"])
    found = {
        prop: tags.head("meta", property=prop)
        for prop in ("og:title", "og:url", "og:type")
    }
    missing = [prop for prop, metas in found.items() if not metas]
    assert not missing, f"{describe(response)}; missing in <head>: {missing}"


@pytest.mark.parametrize("name", ["wall", "article index"])
def test_list_page_links_its_feed_in_head(site, name):
    response = route(site, name)
    feeds = Tags(response["html"]).head(
        "link", rel="alternate", type="application/rss+xml"
    )
    assert feeds, f"{describe(response)}; no RSS <link rel=alternate> in <head>"


@pytest.mark.parametrize("name", FEEDS)
def test_feed_answers_with_xml(site, name):
    response = route(site, name)
    assert response["status"] == 200, describe(response)
    assert "xml" in response["content_type"], response["content_type"]


def test_statement_form_stores_a_pending_statement(site):
    seen = site["seen"]
    assert seen["forms"]["submit"], "no statement form on submit/"
    assert "csrfmiddlewaretoken" in seen["forms"]["submit"]["fields"]
    assert seen["receipt_code"], describe(route(site, "submit done"))
    assert seen["pending"] == ["River reader"]


def test_receipt_shows_the_statement_sent(site):
    response = route(site, "receipt checked")
    assert response["status"] == 200, describe(response)
    assert "River reader" in response["html"]


def test_content_page_keeps_its_own_blocks(host_site):
    response = route(host_site, "content page")
    html = response["html"]
    assert '<h2 class="rv-heading">Where it began</h2>' in html, describe(response)
    assert "It started with a <b>newsletter</b> at the ferry." in html


def test_form_block_under_page_body_renders_no_tokenless_form(host_site):
    """``{{ page.body }}`` gives blocks no request: a form without a CSRF
    token there would refuse every statement with a 403."""
    response = route(host_site, "content page")
    assert response["status"] == 200, describe(response)
    form = host_site["seen"]["forms"]["content page"]
    assert form is None or "csrfmiddlewaretoken" in form["fields"], form


def test_form_block_under_page_body_leads_to_a_working_form(host_site):
    """Either a link to the wall's ``submit/``, or a form whose POST stores
    the statement."""
    response = route(host_site, "content page")
    assert response["status"] == 200, describe(response)
    submit_url = host_site["seen"]["urls"]["submit"]
    if host_site["seen"]["forms"]["content page"] is None:
        assert re.search(
            rf'<a [^>]*href="[^"]*{re.escape(submit_url)}"', response["html"]
        )
    else:
        sent = route(host_site, "content page form sent")
        assert sent["status"] == 200, describe(sent)
        assert "Reader" in host_site["seen"]["pending_after_block"]


def block_html(html, block_type):
    """What ``{{ page.body }}`` rendered for the first block of ``block_type``
    (Wagtail wraps each in ``<div class="... block-<type>">``)."""
    start = rf'<div class="(?:[^"]* )?block-{block_type}">'
    end = r'</div>\s*(?=<div class="(?:[^"]* )?block-|</article>)'
    match = re.search(rf"{start}(.*?){end}", html, re.S)
    return match.group(1) if match else None


def test_share_block_under_page_body_shows_something(host_site):
    """Share buttons for the page, or a visible fallback; never nothing."""
    response = route(host_site, "content page")
    assert response["status"] == 200, describe(response)
    share = block_html(response["html"], "share")
    assert share is not None, "the share block is not on the page"
    assert re.sub(r"<[^>]+>|\s", "", share), f"the share block is empty: {share!r}"


def test_related_block_under_page_body_shows_the_chosen_article(host_site):
    response = route(host_site, "content page")
    assert response["status"] == 200, describe(response)
    related = block_html(response["html"], "related_articles")
    assert related is not None, "the related articles block is not on the page"
    article_url = host_site["seen"]["urls"]["article"]
    assert f'href="{article_url}"' in related, f"no link to the article: {related!r}"
