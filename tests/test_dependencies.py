"""Every package the plugin imports is one it declares.

A module that arrives only because Wagtail happens to depend on it today
breaks the plugin the day Wagtail stops, so each third-party module imported
anywhere in ``wagtail_tuidang/`` must come from a distribution listed in
pyproject's ``dependencies``.
"""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "wagtail_tuidang"

#: Distributions that provide a declared one's module under the same name,
#: documented as its stand-in (docs/explanation/dependencies.md).
STAND_INS = {"opencc-python-reimplemented": "opencc"}


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    names = set()
    for requirement in project["dependencies"]:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        names.add(normalise(match.group(1)))
    return names


def imported_top_level_modules():
    """Top-level module → the files importing it, for absolute imports."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".", 1)[0]
                modules.setdefault(top, set()).add(path.relative_to(REPO).as_posix())
    return modules


def third_party_modules():
    return {
        module: files
        for module, files in imported_top_level_modules().items()
        if module not in sys.stdlib_module_names and module != "wagtail_tuidang"
    }


def test_the_scan_sees_the_imports_the_plugin_is_known_to_make():
    modules = third_party_modules()
    for module in ["django", "wagtail", "django_tasks", "openpyxl", "taggit"]:
        assert module in modules
    assert "json" not in modules
    assert "wagtail_tuidang" not in modules


def test_every_imported_third_party_module_is_declared():
    declared = declared_distributions()
    providers = packages_distributions()
    undeclared = {}
    for module, files in third_party_modules().items():
        distributions = {normalise(name) for name in providers.get(module, [])}
        allowed = {
            name
            for name in distributions
            if name in declared or STAND_INS.get(name) == module
        }
        if not allowed:
            undeclared[module] = (sorted(distributions), sorted(files)[:3])
    assert undeclared == {}, (
        "imported but not in pyproject's dependencies "
        "(module: (installed distributions, first files)): "
        f"{undeclared}"
    )
