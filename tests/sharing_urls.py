"""A test-only URLconf: the example site's URLs plus a page carrying share bars.

``/__share__/<page id>/`` renders a page the way an article template does:
``{% tuidang_meta %}`` in the head, a share bar above and below the content.
"""

from django.http import Http404, HttpResponse
from django.template import RequestContext, Template
from django.urls import path
from wagtail.models import Page

from example_site.urls import urlpatterns as site_urlpatterns

SHARE_PAGE = Template(
    """{% extends "wagtail_tuidang/base.html" %}{% load wagtail_tuidang_tags %}
{% block meta %}{% tuidang_meta page %}{% endblock %}
{% block content %}
<h1>{{ page.title }}</h1>
{% share_buttons page %}
<p>Body text.</p>
{% share_buttons page heading="Share this page" %}
{% endblock %}"""
)


def share_page(request, page_id):
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404
    context = RequestContext(request, {"page": page.specific})
    return HttpResponse(SHARE_PAGE.render(context))


urlpatterns = [path("__share__/<int:page_id>/", share_page), *site_urlpatterns]
