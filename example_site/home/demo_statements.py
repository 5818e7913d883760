"""Demo content for the statement wall: a wall at /statements/ with a baseline,
about 2,000 invented statements over the last 90 days, three featured
statement pages with generated photos, and the statement blocks on the home
page. Everything is invented and marked as demo data.

The statements are generated from ``random.Random(SEED)``, so every run
produces the same names, texts and spread of days (relative to today).
"""

import datetime
import random

from django.utils import timezone

from home import demo_images
from home.demo_texts import HOME, ORIGINAL, STORIES, WALL
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage, StatementPage
from wagtail_tuidang.statements import registration, search, tallies
from wagtail_tuidang.statements.choices import Organisation, Region, Source, Status
from wagtail_tuidang.statements.text import fingerprint

SEED = 2026
DAYS = 90
PUBLISHED = 1_950
PENDING = 40
REJECTED = 6
SPAM = 4
REAL_NAMES = 24

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
)
GIVEN = (
    "明真善忍正义新生平安福德光华清志诚信勇和慧觉醒良心"
    "民天佑春晓云海山林雪梅兰竹国强伟芳丽杰静敏燕红霞刚"
)
ALIASES = (
    "觉醒者", "明白人", "求真", "向善", "天佑", "自由人", "新生", "平安", "看清了",
    "不做陪葬品", "良知", "光明", "正念", "有福人", "清醒", "回头是岸",
)  # fmt: skip
TEXTS = (
    "本人郑重声明：退出曾经加入的中共党、团、队组织，抹去兽印，不做中共的陪葬品。",
    "看清了中共的本质，声明退出曾经加入的共青团和少先队。",
    "入团时不懂事，今天声明退出，做一个真正的自己。",
    "为了家人的平安，我们一家人一起声明退出。",
    "不再为谎言作证，声明退出中共及其一切组织。",
    "天佑善良的人，我声明退出少先队。",
)
REASONS = (
    "请填写一个化名，不要只写“无”。",
    "声明内容无法辨认，请重新提交。",
    "请至少选择一个退出的组织。",
)


def ensure_statement_wall(home):
    """The wall below the home page, filled once."""
    wall = StatementIndexPage.objects.child_of(home).filter(slug="statements").first()
    if wall is None:
        wall = home.add_child(instance=new_wall())
        wall.save_revision().publish()
    if not Statement.objects.for_page(wall).exists():
        fill_wall(wall, timezone.now())
    return wall


def new_wall():
    texts = WALL[ORIGINAL]
    return StatementIndexPage(
        title=texts["title"],
        slug="statements",
        intro=texts["intro"],
        baseline_total=455_000_000,
        # Many quit more than one organisation: these add up to more.
        baseline_party=150_000_000,
        baseline_youth_league=230_000_000,
        baseline_young_pioneers=260_000_000,
        baseline_date=datetime.date(2025, 12, 31),
        default_statement_text=texts["wording"],
    )


def fill_wall(wall, now):
    """Store the generated statements and their tallies, in a few queries.

    The demo bypasses the transitions module on purpose: it writes thousands
    of rows in one go, with statuses and dates set explicitly, and then builds
    the tallies from the very same rows, so totals and rows agree. At run time
    the transitions module remains the only writer of statuses and tallies.
    """
    statements = generate_statements(wall, now, random.Random(SEED))
    number_published(statements, random.Random(SEED + 1))
    Statement.objects.bulk_create(statements, batch_size=500)
    confirm_real_names(wall)
    tallies.rebuild(wall)


def generate_statements(wall, now, rng):
    """Unsaved statements: published ones spread over the last ``DAYS``
    days (more in recent weeks), pending, rejected and spam ones."""
    today = timezone.localdate(now)
    seen = set()
    statements = []
    kinds = [Status.PUBLISHED] * PUBLISHED + [Status.PENDING] * PENDING
    kinds += [Status.REJECTED] * REJECTED + [Status.SPAM] * SPAM
    for index, status in enumerate(kinds):
        statement = new_statement(wall, rng, real=index < REAL_NAMES)
        when = random_moment(rng, today, now, recent=status != Status.PUBLISHED)
        set_status(statement, status, when, rng)
        statement.fingerprint = fingerprint(statement.name, statement.region)
        statement.flag_duplicate = statement.fingerprint in seen
        statement.search_text = search.search_text(statement)
        seen.add(statement.fingerprint)
        statements.append(statement)
    return statements


def new_statement(wall, rng, real=False):
    family = rng.random() < 0.08
    party, league, pioneers = organisations(rng)
    statement = Statement(
        index_page=wall,
        name=real_name(rng) if real else alias(rng),
        quit_party=party,
        quit_youth_league=league,
        quit_young_pioneers=pioneers,
        people_count=rng.randint(2, 6) if family else 1,
        region=rng.choice(REGIONS) if rng.random() < 0.8 else "",
        text=(TEXTS[3] if family else rng.choice(TEXTS)) if rng.random() < 0.3 else "",
        language="zh-hans",
        source=rng.choices(SOURCES, weights=(80, 12, 8))[0],
        receipt_hash=None,
    )
    if real:
        statement.is_real_name = statement.consent_real_name = True
        statement.alias = alias(rng)
    return statement


REGIONS = [region.value for region in Region if region.value]
SOURCES = (Source.WEB, Source.VOLUNTEER, Source.PHONE)


def organisations(rng):
    """(party, youth league, young pioneers): "三退" (all three) is common."""
    return rng.choices(
        [(True, True, True), (False, True, True), (False, False, True),
         (True, False, False), (True, True, False)],
        weights=(40, 30, 15, 5, 10),
    )[0]  # fmt: skip


def alias(rng):
    if rng.random() < 0.3:
        return rng.choice(ALIASES)
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def real_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))


def random_moment(rng, today, now, recent=False):
    """A moment on one of the last ``DAYS`` days, never after ``now``; more
    recent days are likelier. ``recent`` keeps to the last three days."""
    days = 3 if recent else DAYS
    back = rng.choices(range(days), weights=[2 * days - d for d in range(days)])[0]
    day = today - datetime.timedelta(days=back)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    seconds = min(86_400, (now - start).total_seconds())
    return start + datetime.timedelta(seconds=rng.random() * seconds)


def set_status(statement, status, when, rng):
    """Status and dates as if the statement had been submitted and, unless
    pending, decided at ``when``."""
    statement.status = status
    statement.submitted_at = when
    if status != Status.PENDING:
        statement.submitted_at -= datetime.timedelta(minutes=rng.randint(5, 600))
        statement.decided_at = when
    statement.declared_on = timezone.localdate(statement.submitted_at)
    if status == Status.PUBLISHED:
        statement.published_at = when
    elif status == Status.REJECTED:
        statement.public_reason = rng.choice(REASONS)
    elif status == Status.SPAM:
        statement.flag_honeypot = statement.flag_too_fast = True


def number_published(statements, rng):
    """Registration numbers for the published statements, as publication
    gives them, drawn from ``rng`` so that every run gives the same ones
    (from a generator of their own: the names and texts stay the same)."""
    for statement in statements:
        if statement.status == Status.PUBLISHED:
            body = f"{rng.randrange(10**15):015d}"
            statement.registration_number = body + str(registration.damm(body))


def confirm_real_names(wall):
    """Confirm half of the consented real names, as two moderators would
    (the moderation admin records real confirmations)."""
    consented = (
        Statement.objects.for_page(wall)
        .published()
        .filter(is_real_name=True, consent_real_name=True)
    )
    ids = list(consented.order_by("id").values_list("id", flat=True)[::2])
    Statement.objects.filter(pk__in=ids).update(real_name_confirmed=True)
    # Confirmed names are now shown, so they are searchable too.
    search.refresh(Statement.objects.filter(pk__in=ids))


def ensure_featured_pages(home, wall, language=ORIGINAL, originals=None):
    """The featured statement pages below ``home``, in ``language``, each
    with a generated photo and linked to a published statement of the wall;
    with ``originals`` (the original tree's pages by slug), translations of
    them. Returns the first one."""
    pages = StatementPage.objects.child_of(home)
    existing = set(pages.values_list("slug", flat=True))
    for number, story in enumerate(STORIES):
        if story["slug"] not in existing:
            original = (originals or {}).get(story["slug"])
            add_featured_page(home, wall, number, story, language, original)
    return pages.live().order_by("path").first()


def add_featured_page(home, wall, number, story, language, original):
    title, paragraphs = story[language]
    if original is None:
        fields = [org.field_name for org in Organisation]
        quits = dict(zip(fields, story["orgs"], strict=True))
        statement = featured_statement(
            wall, story["name"], story["people"], quits, story[ORIGINAL][1][-1]
        )
        declared_on = statement.declared_on if statement else None
    else:
        quits = {
            org.field_name: getattr(original, org.field_name) for org in Organisation
        }
        statement, declared_on = original.statement, original.declared_on
    page = StatementPage(
        title=title,
        slug=story["slug"],
        display_name=story["name"],
        photo=demo_photo(number, story["name"], language),
        body="\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
        statement=statement,
        declared_on=declared_on,
        **quits,
    )
    if original is not None:
        page.translation_key, page.locale = original.translation_key, home.locale
    home.add_child(instance=page)
    page.save_revision().publish()


def featured_statement(wall, name, people, quits, words):
    """The newest published statement of ``people`` quitting ``quits``,
    renamed for the featured person and given the last ``words`` of their
    story: its card on the wall then shows the featured page's name (and the
    family's words, "父母退党…", are what a search for 退黨 finds)."""
    statement = (
        Statement.objects.for_page(wall)
        .published()
        .filter(is_real_name=False, people_count=people, **quits)
        .exclude(name__in=[story["name"] for story in STORIES])
        .newest_first()
        .first()
    )
    if statement is not None:
        statement.name = name
        statement.text = words
        statement.fingerprint = fingerprint(name, statement.region)
        statement.save(update_fields=["name", "text", "fingerprint"])
    return statement


def demo_photo(number, name, language):
    """A generated portrait, out of focus: nothing is downloaded and no
    real person is shown. Titled (its text for screen readers) in
    ``language``."""
    title = PORTRAIT_TITLE[language].format(name=name)
    return demo_images.save_picture(
        demo_images.portrait(number), title, f"portrait-{number + 1}-{language}"
    )


#: The portraits' titles, which screen readers read as their description.
PORTRAIT_TITLE = {
    "zh-hans": "{name}（照片经模糊处理）",
    "zh-hant": "{name}（照片經模糊處理）",
    "en": "{name} (photo blurred)",
}


def ensure_home_blocks(home, wall, featured, language=ORIGINAL):
    """Put the four statement blocks on the home page, once, headed in
    ``language``."""
    if any(block["type"] == "statement_counter" for block in home.body.raw_data):
        return
    texts = HOME[language]
    home.body.append(("statement_counter", {"page": wall, "heading": texts["counter"]}))
    home.body.append(
        ("latest_statements", {"page": wall, "count": 5, "heading": texts["latest"]})
    )
    home.body.append(("featured_statement", {"page": featured}))
    home.body.append(("statement_form", {"page": wall, "heading": texts["form"]}))
    home.save_revision().publish()


def ensure_demo(home):
    """The wall, its featured pages and the home page's blocks (idempotent)."""
    wall = ensure_statement_wall(home)
    featured = ensure_featured_pages(home, wall)
    ensure_home_blocks(home, wall, featured)
