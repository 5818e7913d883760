"""``{% load wagtail_tuidang_tags %}``: the one tag library of wagtail-tuidang.

Each feature keeps its tags beside its code, in a ``templatetags`` module with
its own ``register``; this library merges them so templates load one name.
"""

from importlib import import_module

from django import template

register = template.Library()

#: Feature modules whose ``register`` this library merges.
FEATURE_LIBRARIES = [
    "wagtail_tuidang.articles.templatetags",
    "wagtail_tuidang.fragments",
    "wagtail_tuidang.l10n",
    "wagtail_tuidang.layout.templatetags",
    "wagtail_tuidang.sharing.templatetags",
    "wagtail_tuidang.statements.proof_tags",
    "wagtail_tuidang.statements.wall_tags",
]

for _path in FEATURE_LIBRARIES:
    _library = import_module(_path).register
    register.tags.update(_library.tags)
    register.filters.update(_library.filters)
