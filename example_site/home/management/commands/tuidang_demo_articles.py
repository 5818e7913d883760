"""Demo news: an article index "News" at /news/ with 30 articles, their
authors, tags, categories, sources and generated hero images.

``tuidang_demo`` calls :func:`create_demo_articles`; run alone, this command
does the same for the site's home page. Everything is invented and marked as
demo content: the outlets are fictional and their links go to example.org.
Idempotent: a second run finds every article by its slug and adds nothing.
"""

import datetime
import io
import json

from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

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

AUTHORS = {
    # key: (name, bio)
    "lin": ("Lin Wei", "Reports on the Chinese diaspora from New York."),
    "zhang": ("张慧", "关注海外华人社区与人权议题的记者。"),
    "chen": ("Maria Chen", "Covers Taiwan and Hong Kong."),
    "park": ("David Park", "Writes about technology and censorship."),
    "wang": ("王晓明", "热线志愿者，记录来电者的故事。"),
}
CATEGORIES = {
    # slug: name
    "reports": "Reports",
    "interviews": "Interviews",
    "commentary": "Commentary",
    "events": "活动",
}
PUBLICATIONS = ("Pacific Chinese Herald", "太平洋华人周报", "Harbour Post")

#: The article written on this project's subject, in full.
FEATURED = {
    "slug": "volunteers-help-callers-quit-the-party",
    "title": "“I want my name off their list”: volunteers help callers quit "
    "the Communist Party",
    "summary": "On a hotline and at a street booth in Flushing, volunteers take "
    "down statements from people in China who are quitting the Party, the "
    "Youth League and the Young Pioneers, often under an alias.",
    "authors": ("lin", "zhang"),
    "tags": ("三退", "volunteers", "hotline", "testimony"),
    "categories": ("reports",),
    "source": (
        "Pacific Chinese Herald",
        "https://example.org/herald/2025/volunteers-quit-party",
        3,
    ),
    "paragraphs": (
        "The phone on the folding table rings a little after nine in the "
        "evening, which is morning in Shandong. The caller gives no name at "
        "first. He asks whether it is safe to talk, and whether anyone in "
        "China will see what he says.",
        "The volunteer who answers, a retired accountant who has staffed the "
        "line for six years, explains how it works: he may choose an alias, "
        "no one will publish his phone number, and a moderator reads every "
        "statement before it appears on the wall. After a pause the caller "
        "dictates two sentences. He joined the Youth League at fourteen "
        "because the whole class did. He does not want his name on their "
        "list any more.",
        "Statements like his are collected by phone, at booths in front of "
        "supermarkets and subway stations, and through a website that people "
        "in mainland China reach over VPNs. Organisers say the running total "
        "of people who have quit the Party and its youth organisations has "
        "passed 450 million since the count began in 2004, a figure that "
        "cannot be checked independently but that has grown steadily.",
        "For many callers the decision is less political than personal. "
        "Volunteers describe parents who quit on behalf of a whole family "
        "after a relative was detained, teachers who joined the Party for a "
        "promotion, and students who say they were enrolled in the Young "
        "Pioneers before they could read.",
    ),
    "quote": (
        "Most people whisper the first time they call. By the end they are "
        "speaking normally. That change is what I listen for.",
        "A hotline volunteer in Flushing",
    ),
    "closing": (
        "Privacy is the first thing the organisers talk about. The site loads "
        "nothing from Google or Facebook, because those requests are blocked "
        "in China and reveal who is reading. Contact details are optional, "
        "encrypted, and deleted after review.",
        "Back at the booth, the volunteer reads the statement back to the "
        "caller, who asks for one change: he wants it to say that he quit "
        "the Young Pioneers too. Then he thanks her and hangs up.",
    ),
}

#: (slug, title, summary, authors, tags, categories, source index or None)
ARTICLES = (
    ("flushing-booth-anniversary", "Flushing booth marks ten years of "
     "Saturday shifts", "Volunteers look back on a decade at the same "
     "corner.", ("lin",), ("volunteers", "New York"), ("events",), 0),
    ("hotline-night-shift", "热线夜班：来电者的声音", "志愿者讲述深夜接听"
     "来自国内电话的经历。", ("wang",), ("hotline", "三退", "testimony"),
     ("reports",), None),
    ("teacher-quits-league", "A teacher explains why she quit the Youth "
     "League", "She joined at fifteen; at forty she asked to be removed.",
     ("chen",), ("testimony", "youth league"), ("interviews",), 2),
    ("vpn-readers", "How readers behind the firewall reach the site",
     "VPNs, Tor and patience: a look at how statements arrive.", ("park",),
     ("censorship", "technology"), ("reports",), None),
    ("family-statement", "一家四口同时声明退出", "过年团聚时，一家人决定"
     "一起退出。", ("zhang",), ("三退", "testimony"), ("reports",), 1),
    ("toronto-parade", "Toronto parade celebrates a milestone",
     "Marchers carried the running total on a banner.", ("chen", "lin"),
     ("Toronto", "milestones"), ("events",), 0),
    ("taipei-booth", "Tourists stop at a Taipei booth", "Visitors from the "
     "mainland stop to read and, sometimes, to sign.", ("chen",),
     ("Taiwan", "volunteers"), ("reports",), 2),
    ("why-aliases", "Why most statements use an alias", "A name can cost a "
     "job or a passport at home.", ("park",), ("privacy", "三退"),
     ("commentary",), None),
    ("moderators-at-work", "Inside the moderation queue", "Every statement "
     "is read before it is published.", ("park", "wang"), ("moderation",
     "volunteers"), ("reports",), None),
    ("hong-kong-letters", "香港来信：我们为什么退出", "几位香港读者讲述"
     "他们的选择。", ("zhang",), ("Hong Kong", "testimony"),
     ("interviews",), 1),
    ("students-abroad", "Students abroad weigh the risks of speaking out",
     "Some quit quietly; others stay silent.", ("lin",), ("students",
     "privacy"), ("interviews",), 0),
    ("counting-method", "How the running total is counted", "Baselines, "
     "daily tallies and why each person counts once.", ("park",),
     ("milestones", "三退"), ("commentary",), None),
    ("street-booth-winter", "冬日街头的三退点", "零下十度，志愿者依然"
     "守在摊位前。", ("wang",), ("volunteers", "三退"), ("events",), 1),
    ("retired-officer", "A retired officer's statement", "He served for "
     "thirty years and quit at seventy.", ("lin",), ("testimony",),
     ("interviews",), 0),
    ("nine-commentaries", "Readers still ask about the Nine Commentaries",
     "Twenty years on, the book still starts conversations.", ("chen",),
     ("history", "三退"), ("commentary",), 2),
    ("sydney-rally", "Sydney rally draws a crowd at Chinatown", "Speakers "
     "read statements aloud in three languages.", ("chen",), ("Sydney",
     "milestones"), ("events",), 2),
    ("phone-safety", "Calling safely from China", "What volunteers tell "
     "callers before they give a statement.", ("park",), ("privacy",
     "hotline"), ("commentary",), None),
    ("young-pioneers", "少先队的红领巾", "许多人在识字之前就被编入了少先队。",
     ("zhang",), ("youth league", "history"), ("commentary",), 1),
    ("volunteer-training", "Training new volunteers", "A Saturday workshop "
     "on listening, privacy and paperwork.", ("wang",), ("volunteers",
     "hotline"), ("events",), None),
    ("doctor-statement", "A doctor quits after the pandemic years",
     "\u201cI could not keep repeating numbers I knew were false.\u201d",
     ("lin",), ("testimony",), ("interviews",), 0),
    ("la-booth", "Los Angeles booth opens near a transit hub", "A new "
     "table, the same forms.", ("chen",), ("volunteers", "Los Angeles"),
     ("events",), 2),
    ("spam-wave", "When the spam came", "A flood of fake statements, and "
     "how moderators cleared it.", ("park",), ("moderation", "technology"),
     ("reports",), None),
    ("grandmother", "奶奶的声明", "八十岁的奶奶让孙子帮她打电话。",
     ("wang",), ("testimony", "hotline", "三退"), ("reports",), 1),
    ("business-owner", "A business owner weighs the cost", "Trade ties "
     "keep many silent; one explains why he spoke.", ("lin",),
     ("testimony", "business"), ("interviews",), 0),
    ("translation-team", "The team that translates every statement",
     "Simplified, traditional, English: volunteers check each one.",
     ("zhang", "park"), ("volunteers", "translation"), ("reports",), None),
    ("london-vigil", "London vigil remembers those detained", "Candles "
     "outside the embassy and a reading of names.", ("chen",), ("London",
     "human rights"), ("events",), 2),
    ("milestone-400-million", "The day the count passed 400 million",
     "Volunteers recall the evening the number turned.", ("lin",),
     ("milestones", "三退"), ("reports",), 0),
    ("censored-search", "What Chinese search engines show for “三退”",
     "Nothing, mostly: a short study.", ("park",), ("censorship",
     "technology"), ("commentary",), None),
    ("letters-to-editor", "读者来信选登", "几封来自国内读者的信。",
     ("zhang", "wang"), ("testimony",), ("commentary",), 1),
)  # fmt: skip

PALETTE = (
    ((179, 0, 27), (40, 10, 60)),
    ((20, 70, 140), (10, 20, 40)),
    ((200, 120, 20), (90, 20, 20)),
    ((30, 120, 90), (10, 40, 50)),
    ((120, 40, 140), (20, 20, 60)),
)


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
    """The "News" index below ``home`` with the demo articles; creates only
    what is missing."""
    index = ensure_index(home)
    wanted = [FEATURED["slug"], *(row[0] for row in ARTICLES)]
    existing = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    if existing.issuperset(wanted):
        return index
    authors = ensure_authors()
    categories = ensure_categories()
    made = {}
    for number, row in enumerate(ARTICLES):
        if row[0] not in existing:
            made[row[0]] = add_article(index, number, row, authors, categories)
    if FEATURED["slug"] not in existing:
        add_featured(index, authors, categories, list(made.values())[:3])
    return index


def ensure_index(home):
    index = ArticleIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = home.add_child(
            instance=ArticleIndexPage(
                title="News",
                slug=INDEX_SLUG,
                intro="<p>Reports, interviews and commentary about people "
                "quitting the Chinese Communist Party (demo content).</p>",
            )
        )
    return index


def ensure_authors():
    authors = {}
    for number, (key, (name, bio)) in enumerate(AUTHORS.items()):
        author = Author.objects.filter(name=name).first()
        if author is None:
            photo = demo_image(f"{name} (demo)", number, (240, 240), f"author-{key}")
            author = Author.objects.create(name=name, bio=bio, photo=photo)
        authors[key] = author
    return authors


def ensure_categories():
    return {
        slug: ArticleCategory.objects.get_or_create(slug=slug, defaults={"name": name})[
            0
        ]
        for slug, name in CATEGORIES.items()
    }


def add_article(index, number, row, authors, categories):
    slug, title, summary, author_keys, tags, category_slugs, source = row
    paragraphs = (
        summary,
        "This is demo content for the example site: the people, quotes and "
        "outlets are invented. It shows how an article looks with a byline, "
        "tags, categories, share buttons and related posts.",
    )
    article = new_article(
        slug,
        title,
        summary,
        days_ago=2 + number * 3,
        image=demo_image(title, number, (1200, 675), f"hero-{slug}"),
        body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
    )
    if source is not None:
        article.source_name = PUBLICATIONS[source]
        article.source_url = f"https://example.org/demo/{slug}"
        article.source_date = article.date
    return attach(index, article, authors, author_keys, tags, categories,
                   category_slugs)  # fmt: skip


def add_featured(index, authors, categories, picks):
    name, url, days = FEATURED["source"]
    quote, attribution = FEATURED["quote"]
    body = [("paragraph", f"<p>{text}</p>") for text in FEATURED["paragraphs"]]
    body += [
        ("quote", {"quote": quote, "attribution": attribution}),
        ("heading", {"text": "Privacy first", "level": "h2"}),
        *[("paragraph", f"<p>{text}</p>") for text in FEATURED["closing"]],
    ]
    wall = StatementIndexPage.objects.live().first()
    if wall is not None:
        body.append(
            ("statement_counter", {"page": wall.pk, "show_organisations": True})
        )
    article = new_article(
        FEATURED["slug"],
        FEATURED["title"],
        FEATURED["summary"],
        days_ago=0,
        image=demo_image(
            "Volunteers at a street booth (demo)", 0, (1200, 675), "hero-featured"
        ),  # fmt: skip
        body=body,
        hero_caption="A street booth in Flushing, New York (illustration).",
        hero_credit="Demo image",
    )
    article.source_name = name
    article.source_url = url
    article.source_date = article.date - datetime.timedelta(days=days)
    article.recommended_pages = [
        ArticlePageRecommendation(recommended=page, sort_order=i)
        for i, page in enumerate(picks)
    ]
    return attach(index, article, authors, FEATURED["authors"], FEATURED["tags"],
                   categories, FEATURED["categories"])  # fmt: skip


def new_article(slug, title, summary, days_ago, image, body, **fields):
    date = timezone.localdate() - datetime.timedelta(days=days_ago)
    published = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))
    return ArticlePage(
        slug=slug,
        title=title,
        summary=summary,
        date=date,
        hero_image=image,
        body=json.dumps([{"type": kind, "value": value} for kind, value in body]),
        first_published_at=published,
        last_published_at=published,
        **fields,
    )


def attach(index, article, authors, author_keys, tags, categories, category_slugs):
    article.article_authors = [
        ArticlePageAuthor(author=authors[key], sort_order=i)
        for i, key in enumerate(author_keys)
    ]
    article.tags.add(*tags)
    article.categories.set([categories[slug] for slug in category_slugs])
    return index.add_child(instance=article)


def demo_image(title, number, size, name):
    """A generated picture: a gradient with a few rings,
    made in memory (nothing is downloaded)."""
    start, end = PALETTE[number % len(PALETTE)]
    width, height = size
    mask = PILImage.linear_gradient("L").resize(size)
    picture = PILImage.composite(
        PILImage.new("RGB", size, end), PILImage.new("RGB", size, start), mask
    )
    draw = ImageDraw.Draw(picture)
    for step in range(3):
        radius = height // (3 + step)
        x = (number * 97 + step * 211) % width
        y = (number * 53 + step * 131) % height
        shade = tuple(min(255, c + 40) for c in start)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), outline=shade, width=6
        )
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name=f"demo-{name}.jpg")
    image.save()
    return image
