"""The plugin's public pages inside a site's own layout.

Every public page template of the plugin extends ``wagtail_tuidang/layout.html``,
which extends the template named by ``WAGTAIL_TUIDANG_BASE_TEMPLATE`` (the
plugin's standalone ``wagtail_tuidang/base.html`` by default). What a page needs
in ``<head>`` (stylesheets, ``noindex``, feed links, Open Graph and JSON-LD) is
described by the page's ``get_tuidang_head(context)`` (see :mod:`.head`) and
rendered by ``{% tuidang_head %}``, which the site adds once to its
``<head>``; whatever that tag did not render in a response, the layout still
links at the start of the content.
"""
