"""Demo news: an article index at /news/ with twelve articles, their
authors, tags, categories, sources, captioned pictures and recommended
picks, in the language of the page tree it is made in.

``tuidang_demo`` calls :func:`create_demo_articles` for the Simplified
Chinese tree and :func:`ensure_news` for each translated tree; run alone,
this command does the former for the site's home page. The words are in
:mod:`home.demo_news_texts`; everything is invented and marked as demo
content: the outlets are fictional and their links go to example.org.
Idempotent: a second run finds every article by its slug and adds nothing.
"""

import datetime
import json

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from home import demo_images
from home.demo_news_texts import ARTICLES
from home.demo_texts import (
    AUTHORS,
    CATEGORIES,
    CREDIT,
    NEWS,
    ORIGINAL,
    PUBLICATIONS,
)
from home.models import HomePage
from wagtail_tuidang.models import ArticleCategory, Author
from wagtail_tuidang.pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageRecommendation,
    StatementIndexPage,
)

INDEX_SLUG = "news"


class Command(BaseCommand):
    help = "Create the demo news articles below the home page (safe to run twice)."

    def handle(self, *args, **options):
        home = HomePage.objects.first()
        if home is None:
            self.stderr.write("Run tuidang_demo first: there is no home page.")
            return
        with transaction.atomic():
            create_demo_articles(home)
        self.stdout.write(self.style.SUCCESS("Demo articles are ready."))


def create_demo_articles(home):
    """The news index below ``home`` with the demo articles, in the
    original language (Simplified Chinese); creates only what is missing."""
    return ensure_news(home, ORIGINAL)


def ensure_news(home, language, original=None):
    """The news index below ``home`` and its articles, written in
    ``language``; when ``original`` (the original tree's news index) is
    given, each page is the translation of the original's page of the same
    slug."""
    index = ensure_index(home, language, original)
    existing = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    if existing.issuperset(entry["slug"] for entry in ARTICLES):
        return index
    originals = {}
    if original is not None:
        originals = {page.slug: page for page in ArticlePage.objects.child_of(original)}
    context = {
        "authors": ensure_authors(language),
        "categories": ensure_categories(language),
        "wall": StatementIndexPage.objects.filter(locale=home.locale).first(),
    }
    made = {}
    for number, entry in enumerate(ARTICLES):
        if entry["slug"] not in existing:
            made[entry["slug"]] = add_article(
                index, number, entry, language, originals.get(entry["slug"]), context
            )
    add_picks(index, made)
    return index


def ensure_index(home, language, original):
    index = ArticleIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        title, intro = NEWS[language]["title"], NEWS[language]["intro"]
        index = ArticleIndexPage(title=title, slug=INDEX_SLUG, intro=intro)
        index = home.add_child(instance=translation_of(index, original, home))
    return index


def translation_of(page, original, parent):
    """``page``, made the translation of ``original`` (when given) in the
    locale of its ``parent``."""
    if original is not None:
        page.translation_key = original.translation_key
        page.locale = parent.locale
    return page


def ensure_authors(language):
    """The authors, by key, as the readers of ``language`` know them: their
    names in its script and their bios in its language. The authors of one
    key share a (generated, blurred) photo."""
    authors = {}
    for number, (key, names) in enumerate(AUTHORS.items()):
        name, bio = names[language]
        author = Author.objects.filter(name=name, bio=bio).first()
        if author is None:
            photo = author_photo(key, number)
            author = Author.objects.create(name=name, bio=bio, photo=photo)
        authors[key] = author
    return authors


def author_photo(key, number):
    original_name = AUTHORS[key][ORIGINAL][0]
    known = Author.objects.filter(name=original_name, photo__isnull=False).first()
    if known is not None:
        return known.photo
    return demo_images.save_picture(
        demo_images.portrait(100 + number, (240, 240)),
        f"{original_name} (demo)",
        f"author-{key}",
    )


def ensure_categories(language):
    categories = {}
    for key, names in CATEGORIES.items():
        slug, name = names[language]
        categories[key] = ArticleCategory.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )[0]
    return categories


def add_article(index, number, entry, language, original, context):
    """One article of ``entry`` in ``language`` below ``index``."""
    texts = entry[language]
    hero, inline = pictures(entry, number, language)
    date = timezone.localdate() - datetime.timedelta(days=entry["days_ago"])
    published = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))
    article = ArticlePage(
        slug=entry["slug"],
        title=texts["title"],
        summary=texts["summary"],
        date=date,
        hero_image=hero,
        hero_caption=texts["caption"],
        hero_credit=CREDIT[language],
        body=json.dumps(body(texts["body"], language, inline, context["wall"])),
        first_published_at=published,
        last_published_at=published,
    )
    if entry["source"] is not None:
        outlet, days_before = entry["source"]
        article.source_name = PUBLICATIONS[outlet][language]
        article.source_url = f"https://example.org/demo/{outlet}/{entry['slug']}"
        article.source_date = date - datetime.timedelta(days=days_before)
    article.article_authors = [
        ArticlePageAuthor(author=context["authors"][key], sort_order=i)
        for i, key in enumerate(entry["authors"])
    ]
    article.tags.add(*texts["tags"])
    article = index.add_child(instance=translation_of(article, original, index))
    article.categories.set([context["categories"][key] for key in entry["categories"]])
    return article


def pictures(entry, number, language):
    """The article's hero picture and, if its body has one, the id of its
    inline picture. Each language has its own copies, titled (and so
    described to screen readers) in its language."""
    texts = entry[language]
    hero = demo_images.save_picture(
        demo_images.news_photo(entry["scene"], number),
        texts["caption"],
        f"hero-{entry['slug']}-{language}",
    )
    captions = [
        part[1] for part in texts["body"] if part[0] == "image"
    ]  # str: a letter
    if not captions:
        return hero, None
    inline = demo_images.save_picture(
        demo_images.news_photo("desk", number),
        captions[0],
        f"inline-{entry['slug']}-{language}",
    )
    return hero, inline.pk


def body(parts, language, inline, wall):
    """The body's blocks (StreamField JSON) from the entry's parts."""
    blocks = []
    for part in parts:
        if isinstance(part, str):
            blocks.append({"type": "paragraph", "value": f"<p>{part}</p>"})
        elif part[0] == "heading":
            blocks.append(
                {"type": "heading", "value": {"text": part[1], "level": "h2"}}
            )
        elif part[0] == "quote":
            value = {"quote": part[1], "attribution": part[2]}
            blocks.append({"type": "quote", "value": value})
        elif part[0] == "image" and inline is not None:
            value = {"image": inline, "caption": part[1], "credit": CREDIT[language]}
            blocks.append({"type": "image", "value": value})
        elif part[0] == "counter" and wall is not None:
            value = {"page": wall.pk, "show_organisations": True}
            blocks.append({"type": "statement_counter", "value": value})
    return blocks


def add_picks(index, made):
    """The editor's recommended picks of the articles just made, each the
    article of the same language with the slug the entry names."""
    pages = {page.slug: page for page in ArticlePage.objects.child_of(index)}
    for entry in ARTICLES:
        article = made.get(entry["slug"])
        if article is None or not entry["picks"]:
            continue
        article.recommended_pages = [
            ArticlePageRecommendation(recommended=pages[slug], sort_order=i)
            for i, slug in enumerate(entry["picks"])
        ]
        article.save()
