"""Signals that make cached article details, lists and rendered fragments
stale (see ``cache`` and ``fragments``) and the cached private paths (see
``restrictions``), and warm a published article's own.

Connected from the app's ``ready()`` through :func:`connect`.
"""

import swapper
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..sharing.models import ShareSettings
from . import cache, restrictions
from .models import ArticleCategory, Author

UID = "wagtail_tuidang.articles.invalidate"
#: Models whose rows an article shows, so that editing one changes pages:
#: a site's name and address and its share settings are in every page's
#: link preview, a locale's language code in every article's markup.
SHOWN_MODELS = (
    PageViewRestriction,
    Author,
    ArticleCategory,
    Tag,
    get_image_model(),
    Site,
    Locale,
    ShareSettings,
)


def invalidate_lists(**kwargs):
    """A page went live or left, or who may see one changed: any cached
    list of related pages may be wrong."""
    cache.bump_generation("related")


def restrictions_changed(**kwargs):
    """A view restriction was added or removed: which pages are private
    changed, and so may any list."""
    restrictions.forget()
    cache.bump_generation("related")


def page_changed(sender, instance=None, **kwargs):
    """A page was moved or deleted, or an alias was saved (or stopped being
    one): which tree paths are private may have changed. Other saves, such
    as a new page or a publication, leave every private path as it was (a
    page made below a private one is private by its path); but a live page
    saved whole outside a publication (by code: the editor's drafts save a
    few fields of their own) may show other words in every list."""
    if instance is None or not isinstance(instance, _page_model()):
        return
    if kwargs.get("signal") is post_save and not _may_change_paths(instance, **kwargs):
        if instance.live and kwargs.get("update_fields") is None:
            cache.bump_generation("related")
        return
    restrictions.forget()
    # A related list may show the page at its old place, or no longer public.
    cache.bump_generation("related")


def _may_change_paths(instance, update_fields=None, **kwargs):
    if instance.alias_of_id is not None:
        return True
    return update_fields is not None and bool(
        {"alias_of", "alias_of_id"} & set(update_fields)
    )


def _page_model():
    return swapper.load_model("wagtailcore", "Page")


def invalidate(**kwargs):
    """An author, category, tag or image was edited: any cached article
    detail or list may be wrong."""
    cache.bump_generation()


def warm_published_article(instance, **kwargs):
    """An article was published: once that has committed, cache what its
    next view reads (the other articles' lists are stale by then anyway)."""
    from .mixins import ArticlePageMixin

    if isinstance(instance, ArticlePageMixin):
        # robust: a failure is logged, never turned into an error for the
        # editor whose publication has already been saved.
        transaction.on_commit(instance.warm_cache, robust=True)


def _connections():
    yield page_published, None, invalidate_lists, f"{UID}.published"
    # After invalidate_lists: receivers run in the order they were connected.
    yield page_published, None, warm_published_article, f"{UID}.warm"
    yield page_unpublished, None, invalidate_lists, f"{UID}.unpublished"
    # Any sender: a page is saved and deleted as its own class.
    yield post_save, None, page_changed, f"{UID}.page.saved"
    yield post_delete, None, page_changed, f"{UID}.page.deleted"
    yield post_page_move, None, page_changed, f"{UID}.page.moved"
    for model in SHOWN_MODELS:
        receiver = restrictions_changed if model is PageViewRestriction else invalidate
        for signal in (post_save, post_delete):
            name = "saved" if signal is post_save else "deleted"
            yield signal, model, receiver, f"{UID}.{model._meta.label_lower}.{name}"


def connect():
    """Connect the receivers to every signal that calls for them."""
    for signal, sender, receiver, uid in _connections():
        signal.connect(receiver, sender=sender, dispatch_uid=uid)


def disconnect():
    """Undo :func:`connect`."""
    for signal, sender, _receiver, uid in _connections():
        signal.disconnect(sender=sender, dispatch_uid=uid)
