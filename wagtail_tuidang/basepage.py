"""What the plugin reads of a page beyond what every Wagtail page has.

Wagtail's ``Page`` adds ``seo_title``, ``search_description`` and
``show_in_menus`` to :class:`wagtail.models.AbstractPage`; a site's own base
page for Wagtail 8's ``WAGTAIL_PAGE_MODEL`` may have none of them. The plugin
reads them with ``getattr`` and a fallback (here, and in
:mod:`wagtail_tuidang.sharing`), and its page types take their
``search_fields`` from the base page they are built on, never from ``Page``.
"""

import swapper


def page_model():
    """The site's base page model: ``WAGTAIL_PAGE_MODEL``'s, else ``Page``."""
    return swapper.load_model("wagtailcore", "Page")


def search_description(page):
    """The page's description for search engines, or "" where its base page
    has none."""
    return getattr(page, "search_description", "") or ""


def base_search_fields(cls, mixin):
    """The ``search_fields`` ``cls`` inherits from the class after ``mixin``
    in its method resolution order: the base page it is built on."""
    return list(getattr(super(mixin, cls), "search_fields", ()))


def defines_own(cls, mixin, name):
    """Whether ``cls`` or a class between it and ``mixin`` sets ``name``."""
    for klass in cls.__mro__:
        if klass is mixin:
            return False
        if name in vars(klass):
            return True
    return False


def page_permission(codename):
    """``"app_label.codename"`` of a page-tree permission named as on
    Wagtail's ``Page`` (``"add_page"``, ``"publish_page"``…), on the site's
    base page model: ``"base.add_basepage"`` where ``WAGTAIL_PAGE_MODEL`` is
    ``"base.BasePage"``."""
    meta = page_model()._meta
    action = codename.removesuffix("_page")
    return f"{meta.app_label}.{action}_{meta.model_name}"
