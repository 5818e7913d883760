"""Fill the example site with demo content and demo users.

Idempotent: every step looks for what it would create first, so a second run
adds nothing. Passwords are printed by ``make demo``; they are for a local demo
only.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from home import demo_frame, demo_statements, demo_translations
from home.demo_texts import HOME, ORIGINAL
from home.management.commands.tuidang_demo_articles import create_demo_articles
from home.models import HomePage
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation.setup import run_setup
from wagtail_tuidang.statements import search
from wagtail_tuidang.statements.choices import Status

#: username → (password, group or None for a superuser)
DEMO_USERS = {
    "admin": ("admin-demo-pass", None),
    "moderator": ("moderator-demo-pass", "Tuidang moderators"),
    "volunteer": ("volunteer-demo-pass", "Tuidang volunteers"),
    "editor": ("editor-demo-pass", "Tuidang editors"),
}


class Command(BaseCommand):
    help = "Create the example site's demo content and users (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default=None,
            help="host:port the demo is served at (make demo passes its own): "
            "the site's share links, canonical URLs and feeds name it.",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            home = self.ensure_home_page()
            if options["address"]:
                self.set_address(options["address"])
            self.ensure_users()
            for step in self.get_content_steps():
                step(home)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def get_content_steps(self):
        """Later features add their demo content here, each step idempotent."""
        # Articles come after the wall: the featured article shows its counter.
        # Translations follow the pages they translate. The workflow comes
        # last, once the wall and the article index exist. The masthead and
        # footer follow the pages they link to.
        return [
            demo_statements.ensure_demo,
            create_demo_articles,
            demo_translations.ensure_translations,
            demo_frame.ensure_frame,
            ensure_moderation_demo,
        ]

    def ensure_home_page(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's own placeholder page (a plain Page) gives way to the
            # demo home page; deleting it also deletes the Site pointing at it.
            for page in root.get_children().specific():
                if type(page) is Page:
                    page.delete()
            texts = HOME[ORIGINAL]
            home = root.add_child(
                instance=HomePage(
                    title=texts["title"], slug="home", intro=texts["intro"]
                )
            )
        if not Site.objects.filter(is_default_site=True).exists():
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                # No name: one Site serves the three languages' trees, and a
                # name in one of them would end every page's title in it.
                site_name="",
            )
        return home

    def set_address(self, address):
        """Give the default site the address the demo is served at, so that
        the absolute URLs it writes (share links, canonical, feeds) work."""
        hostname, _sep, port = address.rpartition(":")
        if not hostname or not port.isdigit():
            hostname, port = address, "80"
        site = Site.objects.get(is_default_site=True)
        if (site.hostname, site.port) != (hostname, int(port)):
            site.hostname, site.port = hostname, int(port)
            site.save()

    def ensure_users(self):
        User = get_user_model()
        access_admin = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        for username, (password, group_name) in DEMO_USERS.items():
            if User.objects.filter(username=username).exists():
                continue
            user = User(
                username=username,
                email=f"{username}@example.invalid",
                is_staff=group_name is None,
                is_superuser=group_name is None,
            )
            user.set_password(password)
            user.save()
            if group_name:
                group, _ = Group.objects.get_or_create(name=group_name)
                group.permissions.add(access_admin)
                user.groups.add(group)


REAL_NAME = {"is_real_name": True, "consent_real_name": True}
#: Pending demo statements (by position, oldest id first) given a flag or a
#: real name, so the moderation queue shows what moderators meet.
DEMO_QUEUE_CHANGES = (
    (slice(0, 4), {"flag_rate_limited": True}),
    (slice(3, 6), {"flag_too_fast": True}),
    (slice(6, 7), {"flag_honeypot": True}),
    (slice(8, 10), {**REAL_NAME, "alias": "明白人"}),
    # No alias: stays pending until two moderators confirm the real name.
    (slice(10, 11), REAL_NAME),
)


def ensure_moderation_demo(home):
    """The groups, permissions and workflow of ``tuidang_setup``, and a few
    flagged statements and real names in the pending queue (once).

    The workflow goes to the wall and the article index, as on any site, and
    to the home page too (``tuidang_setup --attach-to``): every page of the
    example site is the plugin's, featured statement pages sit right below
    the home page, and the demo editor's pages are to be reviewed by the
    demo moderators."""
    run_setup(attach_to=[home])
    pending = Statement.objects.filter(status=Status.PENDING).order_by("id")
    if pending.filter(flag_rate_limited=True).exists():
        return
    ids = list(pending.values_list("id", flat=True)[:11])
    for positions, changes in DEMO_QUEUE_CHANGES:
        Statement.objects.filter(pk__in=ids[positions]).update(**changes)
    # A real name that now waits for confirmation is no longer searchable.
    search.refresh(Statement.objects.filter(pk__in=ids))
