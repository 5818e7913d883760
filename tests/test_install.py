"""The wheel is complete, and installs into Wagtail sites as the README says.

Builds the sdist and, from it, the wheel; checks their metadata as PyPI will;
installs the wheel into a fresh virtual environment (dependencies come from the
package index, through pip's cache); runs ``wagtail start``; adds the apps the
README lists, each one not already there, to the site's ``INSTALLED_APPS``;
then checks, migrates and serves pages, all with the installed wheel and never
this source tree. A second site, which lists two of those apps already as many
sites do, follows the same lines.
"""

import ast
import json
import re
import sys
from pathlib import Path

import pytest

import wagtail_tuidang
from tests.install_support import PACKAGE, REPO, call, run

pytestmark = pytest.mark.slow

#: The comment that marks the block of apps to add, in the README and in
#: docs/installation.md.
INSTALL_APPS_MARKER = "<!-- install-apps -->"


def documented_apps(path):
    """The apps a page tells a site to add: the Python block after the
    marker, a plain list of quoted names (with comments) to merge."""
    text = path.read_text(encoding="utf-8")
    assert text.count(INSTALL_APPS_MARKER) == 1, path
    block = re.search(
        re.escape(INSTALL_APPS_MARKER) + r"\s*```python\n(.*?)```", text, re.DOTALL
    )
    assert block, f"no python block after {INSTALL_APPS_MARKER} in {path}"
    apps = ast.literal_eval("[" + block.group(1) + "]")
    assert apps and all(isinstance(app, str) for app in apps)
    return apps


#: What a site developer adds to INSTALLED_APPS, read from the README.
README_APPS = documented_apps(REPO / "README.md")


def add_apps(settings_file, apps):
    """Do what the README says: add to the site's ``INSTALLED_APPS`` list each
    app not already there. Returns the apps added."""
    text = settings_file.read_text()
    assert text.count("INSTALLED_APPS = [") == 1, "one INSTALLED_APPS list"
    start = text.index("INSTALLED_APPS = [")
    listed = ast.literal_eval(
        text[start + len("INSTALLED_APPS = ") :].split("]")[0] + "]"
    )
    missing = [app for app in apps if app not in listed]
    lines = "".join(f'    "{app}",\n' for app in missing)
    head = start + len("INSTALLED_APPS = [\n")
    settings_file.write_text(text[:head] + lines + text[head:])
    return missing


#: Runs inside the new site with its own Python; prints what it saw as JSON.
SMOKE_SCRIPT = """
import json, os, sysconfig

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsite.settings.dev")
import django

django.setup()

from django.apps import apps
from django.test import Client
from wagtail.models import Page, Site

import wagtail_tuidang

client = Client()
home = Site.objects.get(is_default_site=True).root_page
statuses = {path: client.get(path).status_code for path in ["/", "/admin/login/"]}

# Each ready-made page type, created with a title alone, published and served.
# A type that may not live under the home page goes under one that accepts it.
page_types = [
    model
    for model in apps.get_app_config("wagtail_tuidang_pages").get_models()
    if issubclass(model, Page)
]
parents, waiting = [home], list(page_types)
while waiting:
    placeable = [
        (model, parent)
        for model in waiting
        for parent in parents
        if model.can_create_at(parent)
    ]
    model, parent = placeable[0] if placeable else (waiting[0], home)
    waiting.remove(model)
    page = parent.add_child(instance=model(title=f"New {model.__name__}", live=False))
    page.save_revision().publish()
    page.refresh_from_db()
    parents.append(page)
    statuses[f"{model.__name__} {page.url}"] = client.get(page.url).status_code

print(json.dumps({
    "statuses": statuses,
    "page_types": [model.__name__ for model in page_types],
    "module": wagtail_tuidang.__file__,
    "site_packages": sysconfig.get_paths()["purelib"],
}))
"""


def test_wheel_holds_templates_static_files_and_both_apps(dist):
    names = dist["names"]
    for required in [
        "wagtail_tuidang/templates/wagtail_tuidang/base.html",
        "wagtail_tuidang/static/wagtail_tuidang/css/tuidang.css",
        "wagtail_tuidang/migrations/__init__.py",
        "wagtail_tuidang/pages/__init__.py",
        "wagtail_tuidang/pages/models.py",
        "wagtail_tuidang/pages/migrations/__init__.py",
    ]:
        assert required in names


def test_wheel_holds_every_migration(dist):
    migrations = {
        name
        for name in dist["expected"]
        if "/migrations/" in name and name.endswith(".py")
    }
    assert "wagtail_tuidang/pages/migrations/__init__.py" in migrations
    assert migrations <= dist["names"]


def test_wheel_holds_the_compiled_translations(dist):
    compiled = sorted(PACKAGE.glob("locale/*/LC_MESSAGES/django.mo"))
    if not compiled:
        pytest.skip("no catalogue is compiled in the source tree yet")
    for path in compiled:
        assert path.relative_to(REPO).as_posix() in dist["names"]


def test_wheel_holds_every_file_of_the_package(dist):
    """A file outside pyproject's package-data patterns would be silently lost."""
    assert dist["expected"] - dist["names"] == set()


def test_wheel_leaves_out_tests_docs_and_the_example_site(dist):
    top_level = {name.split("/", 1)[0] for name in dist["names"]}
    assert top_level == {
        "wagtail_tuidang",
        f"wagtail_tuidang-{wagtail_tuidang.__version__}.dist-info",
    }


def test_wheel_metadata_names_the_package_and_its_dependencies(dist):
    metadata = dist["metadata"]
    assert "Name: wagtail-tuidang" in metadata
    assert f"Version: {wagtail_tuidang.__version__}" in metadata
    for dependency in [
        "Django",
        "wagtail",
        "django-modelcluster",
        "cryptography",
        "OpenCC",
        "django-tasks",
        "django-taggit",
        "django-filter",
        "openpyxl",
    ]:
        assert f"Requires-Dist: {dependency}" in metadata


def test_wheel_and_sdist_metadata_pass_twine_check(dist):
    """What PyPI would refuse (a README that does not render, metadata it
    cannot read) fails here rather than at upload time."""
    pytest.importorskip("twine")
    output = run(
        sys.executable,
        "-m",
        "twine",
        "check",
        "--strict",
        dist["wheel"],
        dist["sdist"],
        cwd=REPO,
    )
    assert output.count("PASSED") == 2, output


@pytest.fixture(scope="module")
def environment(wheel_venv, tmp_path_factory):
    """The virtual environment holding only the wheel (tests/conftest.py),
    and a directory for this module's sites."""
    return {**wheel_venv, "root": tmp_path_factory.mktemp("install")}


def start_site(environment, name):
    """A project made by ``wagtail start``, and its settings file."""
    run(
        environment["bin"] / "wagtail",
        "start",
        name,
        cwd=environment["root"],
        env=environment["env"],
    )
    site_dir = environment["root"] / name
    return site_dir, site_dir / name / "settings" / "base.py"


@pytest.fixture(scope="module")
def new_site(environment):
    """A site made by ``wagtail start`` with the README's apps added."""
    site_dir, base = start_site(environment, "newsite")
    added = add_apps(base, README_APPS)
    assert added == README_APPS
    (site_dir / "smoke.py").write_text(SMOKE_SCRIPT)
    return {"python": environment["python"], "dir": site_dir, "env": environment["env"]}


@pytest.fixture(scope="module")
def established_site(environment):
    """A site that already lists the two Wagtail contrib apps the plugin uses
    (as many do), then follows the README."""
    site_dir, base = start_site(environment, "established")
    own = ["wagtail.contrib.settings", "wagtail.contrib.routable_page"]
    assert add_apps(base, own) == own
    added = add_apps(base, README_APPS)
    assert added == [app for app in README_APPS if app not in own]
    return {"python": environment["python"], "dir": site_dir, "env": environment["env"]}


def manage(site, *args):
    return run(site["python"], "manage.py", *args, cwd=site["dir"], env=site["env"])


def test_the_readme_lists_the_apps_as_a_plain_list_to_merge():
    assert README_APPS == [
        "wagtail_tuidang",
        "wagtail_tuidang.pages",
        "wagtail.contrib.routable_page",
        "wagtail.contrib.settings",
    ]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "INSTALLED_APPS +=" not in readme
    assert "not already there" in readme


def test_the_installation_page_lists_the_same_apps():
    docs = REPO / "docs" / "installation.md"
    assert documented_apps(docs) == README_APPS
    assert "INSTALLED_APPS +=" not in docs.read_text(encoding="utf-8")


def test_the_readme_installs_from_the_wheel_make_wheel_builds(dist):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make wheel" in readme
    documented = re.search(r"pip install dist/(\S+\.whl)", readme).group(1)
    built = dist["wheel"].name
    assert documented.replace("<version>", wagtail_tuidang.__version__) == built


def test_new_site_passes_the_system_checks(new_site):
    """No error; the one warning says the statement form leaves out contact
    details until a contact key is set (the README's lines set none)."""
    returncode, output = call(new_site, "manage.py", "check")
    assert returncode == 0, output
    assert "System check identified 1 issue" in output, output
    assert "wagtail_tuidang.W006" in output


def test_a_site_listing_the_contrib_apps_already_passes_the_checks(established_site):
    """Appending the README's apps would list two of them twice, which
    Django refuses; adding those not already there does not."""
    returncode, output = call(established_site, "manage.py", "check")
    assert returncode == 0, output
    assert "Application labels aren't unique" not in output
    assert "System check identified 1 issue" in output, output
    assert "wagtail_tuidang.W006" in output


def test_new_site_needs_no_migration_the_wheel_lacks(new_site):
    manage(new_site, "makemigrations", "--check", "--dry-run")


def test_new_site_migrates_and_serves_every_page_type(new_site):
    manage(new_site, "migrate", "--noinput")
    output = run(
        new_site["python"], "smoke.py", cwd=new_site["dir"], env=new_site["env"]
    )
    seen = json.loads(output.strip().splitlines()[-1])

    module = Path(seen["module"]).resolve()
    assert module.is_relative_to(Path(seen["site_packages"]).resolve())
    assert not module.is_relative_to(REPO)

    assert len(seen["statuses"]) == 2 + len(seen["page_types"])
    assert seen["statuses"] == dict.fromkeys(seen["statuses"], 200)
