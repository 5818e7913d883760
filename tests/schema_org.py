"""A small validator for the schema.org types the plugin's JSON-LD uses.

Written from the type definitions on schema.org (and the properties Google
requires of the rich results that use them), for these types only; nothing
is fetched. :func:`validate` returns a list of problems, empty when the data
is valid: every ``@type`` is known, every property belongs to the type (or
one it inherits from), required properties are present and not empty, and
every value has one of the property's expected types.
"""

import datetime
import re
from urllib.parse import urlsplit

#: type → (parent type, required properties, {property: (expected types…)}).
#: Expected types are schema.org types or the data types below.
TYPES = {
    "Thing": (
        None,
        (),
        {
            "name": ("Text",),
            "url": ("URL",),
            "description": ("Text",),
            "image": ("URL", "ImageObject"),
            "mainEntityOfPage": ("URL", "CreativeWork"),
        },
    ),
    "CreativeWork": (
        "Thing",
        (),
        {
            "about": ("Thing",),
            "author": ("Person", "Organization"),
            "dateModified": ("DateTime", "Date"),
            "datePublished": ("DateTime", "Date"),
            "headline": ("Text",),
            "inLanguage": ("Text",),
            "mainEntity": ("Thing",),
            "publisher": ("Organization", "Person"),
            "text": ("Text",),
        },
    ),
    "WebPage": ("CreativeWork", ("name", "url"), {}),
    "CollectionPage": ("WebPage", ("mainEntity",), {}),
    "ItemPage": ("WebPage", ("mainEntity",), {}),
    "Article": ("CreativeWork", (), {}),
    # Google's Article rich result: headline, image, datePublished, publisher.
    "NewsArticle": (
        "Article",
        ("headline", "datePublished", "publisher", "mainEntityOfPage"),
        {},
    ),
    "MediaObject": (
        "CreativeWork",
        (),
        {"width": ("Integer",), "height": ("Integer",)},
    ),
    "ImageObject": ("MediaObject", ("url",), {}),
    "Person": ("Thing", ("name",), {}),
    "Organization": ("Thing", ("name",), {"logo": ("URL", "ImageObject")}),
    "ItemList": (
        "Thing",
        ("itemListElement", "numberOfItems"),
        {"itemListElement": ("ListItem",), "numberOfItems": ("Integer",)},
    ),
    # Google's list rich result: position, and url or item.
    "ListItem": ("Thing", ("position", "url"), {"position": ("Integer",)}),
}
#: Properties that may hold a list of values.
REPEATABLE = {"image", "author", "about", "itemListElement"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def ancestors(type_name):
    """``type_name`` and every type it inherits from, nearest first."""
    while type_name is not None:
        yield type_name
        type_name = TYPES[type_name][0]


def is_a(type_name, expected):
    return type_name in TYPES and expected in ancestors(type_name)


def properties(type_name):
    found = {}
    for name in ancestors(type_name):
        found = {**TYPES[name][2], **found}
    return found


def required(type_name):
    return [prop for name in ancestors(type_name) for prop in TYPES[name][1]]


def validate(data, path="$", root=True):
    """Problems with ``data`` (a JSON-LD object), as strings."""
    if not isinstance(data, dict):
        return [f"{path}: not an object"]
    problems = []
    if root and data.get("@context") != "https://schema.org":
        problems.append(f"{path}: @context is not https://schema.org")
    type_name = data.get("@type")
    if type_name not in TYPES:
        return [*problems, f"{path}: unknown @type {type_name!r}"]
    known = properties(type_name)
    if "@id" in data and set(data) <= {"@id", "@type"}:
        # A reference to a node described elsewhere (by its URL).
        return problems + _check_value(data["@id"], ("URL",), f"{path}.@id")
    for prop in required(type_name):
        if data.get(prop) is None or data.get(prop) == "":
            problems.append(f"{path}: {type_name} lacks {prop}")
    for prop, value in data.items():
        if prop in ("@context", "@type", "@id"):
            continue
        if prop not in known:
            problems.append(f"{path}: {prop} is not a property of {type_name}")
            continue
        problems += _check_values(prop, value, known[prop], f"{path}.{prop}")
    if type_name == "ItemList":
        problems += _check_list(data, path)
    return problems


def _check_values(prop, value, expected, path):
    if isinstance(value, list):
        if prop not in REPEATABLE:
            return [f"{path}: {prop} takes one value"]
        return [
            problem
            for index, item in enumerate(value)
            for problem in _check_value(item, expected, f"{path}[{index}]")
        ]
    return _check_value(value, expected, path)


def _check_value(value, expected, path):
    if isinstance(value, dict):
        type_name = value.get("@type")
        if not any(is_a(type_name, kind) for kind in expected):
            return [f"{path}: a {type_name} where {expected} is expected"]
        return validate(value, path, root=False)
    if any(_is_data(value, kind) for kind in expected):
        return []
    return [f"{path}: {value!r} is not one of {expected}"]


def _is_data(value, kind):
    if kind == "Text":
        return isinstance(value, str) and value.strip() != ""
    if kind == "URL":
        parts = urlsplit(value) if isinstance(value, str) else None
        return parts is not None and parts.scheme in ("http", "https") and parts.netloc
    if kind == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "Date":
        return isinstance(value, str) and ISO_DATE.fullmatch(value) is not None
    if kind == "DateTime":
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return parsed.tzinfo is not None and "T" in value
    return False


def _check_list(data, path):
    elements = data.get("itemListElement") or []
    problems = []
    if data.get("numberOfItems") != len(elements):
        problems.append(f"{path}: numberOfItems is not the number of elements")
    positions = [item.get("position") for item in elements if isinstance(item, dict)]
    if positions != list(range(1, len(elements) + 1)):
        problems.append(f"{path}: positions are not 1…{len(elements)}")
    return problems
