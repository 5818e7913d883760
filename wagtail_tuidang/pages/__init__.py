"""Ready-made page types built on the mixins in :mod:`wagtail_tuidang`.

Optional: a site with its own base page builds its page types from the mixins
instead and leaves this app out of ``INSTALLED_APPS``.
"""
