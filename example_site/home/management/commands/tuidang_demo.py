"""Fill the example site with demo content and demo users.

Idempotent: every step looks for what it would create first, so a second run
adds nothing. Passwords are printed by ``make demo``; they are for a local demo
only.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, Site

from home import demo_statements
from home.models import HomePage

#: username → (password, group or None for a superuser)
DEMO_USERS = {
    "admin": ("admin-demo-pass", None),
    "moderator": ("moderator-demo-pass", "Tuidang moderators"),
    "volunteer": ("volunteer-demo-pass", "Tuidang volunteers"),
    "editor": ("editor-demo-pass", "Tuidang editors"),
}
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


class Command(BaseCommand):
    help = "Create the example site's demo content and users (safe to run twice)."

    def handle(self, *args, **options):
        with transaction.atomic():
            home = self.ensure_home_page()
            self.ensure_users(home)
            for step in self.get_content_steps():
                step(home)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def get_content_steps(self):
        """Later features add their demo content here, each step idempotent."""
        return [demo_statements.ensure_demo]

    def ensure_home_page(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's own placeholder page (a plain Page) gives way to the
            # demo home page; deleting it also deletes the Site pointing at it.
            for page in root.get_children().specific():
                if type(page) is Page:
                    page.delete()
            home = root.add_child(
                instance=HomePage(
                    title="退党服务中心 · Tuidang Service Center",
                    slug="home",
                    intro="<p>Statements quitting the Chinese Communist Party, the "
                    "Communist Youth League and the Young Pioneers.</p>",
                )
            )
        if not Site.objects.filter(is_default_site=True).exists():
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Tuidang demo",
            )
        return home

    def ensure_users(self, home):
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
        editors = Group.objects.get(name="Tuidang editors")
        for codename in EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
