"""The mixin every public page type of the plugin shares."""

from ..mirror import mirror_of
from ..sharing import hosts
from . import languages, quick_exit
from .head import CONTEXT_NAME, Head, new_layout


class TuidangLayoutMixin:
    """Renders inside ``WAGTAIL_TUIDANG_BASE_TEMPLATE`` and describes its head.

    Part of every page mixin of the plugin; a site's own page type gets it
    with them.
    """

    def serve(self, request, *args, **kwargs):
        """Answer the language switcher's ``?language=`` (on a site whose
        languages share URLs) with the cookie and a redirect; otherwise the
        page, saying that it varies on the language cookie where its URL
        does not give the language, and pointing Tor Browser at the onion
        address if there is one."""
        switch = languages.switch_response(request)
        if switch is not None:
            return switch
        response = super().serve(request, *args, **kwargs)
        hosts.add_onion_location(request, response)
        return languages.patch_vary(request, response)

    def get_sitemap_urls(self, request=None):
        """Wagtail's sitemap entries, on the mirror or onion address the
        sitemap was requested through (see :mod:`~wagtail_tuidang.sharing.hosts`)."""
        entries = super().get_sitemap_urls(request)
        for entry in entries:
            entry["location"] = hosts.public_url(entry["location"], request)
        return entries

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context[CONTEXT_NAME] = new_layout()
        # The main site's URL when rendered for the static mirror, which has
        # no forms: templates say where to submit instead.
        context["tuidang_mirror"] = mirror_of(request)
        return context

    def get_tuidang_head(self, context):
        """What ``{% tuidang_head %}`` renders for this page, from the context
        its template renders with: a :class:`~wagtail_tuidang.layout.head.Head`.
        Override this to link another stylesheet or feed, e.g.
        ``head = super().get_tuidang_head(context); head.stylesheets.append(…)``,
        or ``head.meta = {"page": self}`` for Open Graph, Twitter card and
        JSON-LD (see :mod:`wagtail_tuidang.sharing.meta`).
        """
        head = Head()
        if quick_exit.exit_url(context.get("request")):
            head.stylesheets.append(quick_exit.STYLESHEET)
        return head
