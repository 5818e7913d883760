"""``{% tuidang_proof %}``: the proof-of-work widget of a statement form,
merged into ``{% load wagtail_tuidang_tags %}``.

Renders nothing without a request in the context (the form is then not shown
either) or when the proof is turned off (``POW_COST`` 0).
"""

from django import template
from django.template.loader import render_to_string

from . import proof

register = template.Library()


@register.simple_tag(takes_context=True)
def tuidang_proof(context):
    """The widget, carrying a fresh challenge for this request's client."""
    request = context.get("request")
    if request is None or not proof.enabled():
        return ""
    return render_to_string(
        "wagtail_tuidang/statements/_proof.html",
        {"challenge": proof.challenge_json(request), "field": proof.FIELD},
    )
