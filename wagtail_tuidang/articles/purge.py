"""The pages an article's publication, unpublication or move makes stale,
besides the article itself (which Wagtail's ``frontend_cache`` purges):

- its index: the first page and the feeds (``get_cached_paths``);
- the pages listing that index's latest articles (an article list block);
- the pages with a related-articles block (which may list any article);
- the articles recommending it, and the articles sharing a tag or a
  category with it, whose related lists may now show it or drop it.

Older pages of the index (``?page=``) and its tag and category views are
too many to name: they expire with their time-to-live.
"""

from django.core.exceptions import FieldDoesNotExist

from ..basepage import page_model
from ..cdn import usage
from . import related


def pages_to_purge(article, parent=None):
    """The live pages, besides ``article``, that show it in a list.
    ``parent`` is its index when it is not (or no longer) the article's
    parent in the tree, as after a move."""
    pages = page_model().objects.live()
    parents = [p for p in (parent, article.get_parent()) if p is not None]
    ids = {p.pk for p in parents}
    ids |= usage.pages_showing(usage.ARTICLE_LIST, [p.pk for p in parents])
    ids |= usage.pages_showing(usage.ARTICLES, [], include_any=True)
    ids |= recommending(article)
    ids |= sharing_topics(article)
    ids.discard(article.pk)
    return pages.filter(pk__in=ids).specific()


def recommending(article):
    """The ids of the articles that pick ``article`` as recommended."""
    ids = set()
    for model in related._ARTICLE_LINKS.models:
        try:
            relation = model._meta.get_field("recommended_pages")
        except FieldDoesNotExist:  # a page type without picks
            continue
        rows = relation.related_model.objects.filter(recommended_id=article.pk)
        ids.update(rows.values_list(relation.field.attname, flat=True))
    return ids


def sharing_topics(article):
    """The ids of the articles sharing a tag or a category with ``article``:
    their related lists rank it among theirs."""
    model = related._ranking_model(article)
    if model is None:
        return set()
    return set(related._candidates(model, article).values_list("pk", flat=True))
