"""``tuidang_mirror_export``: the public site as a static mirror in a folder."""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from ...conf import get_setting
from ...mirror.exporter import MirrorExport, NotAMirrorError


class Command(BaseCommand):
    help = (
        "Write the public site (statement walls, permalinks, days, statistics, "
        "articles, feeds and their static files) into a folder as a static "
        "mirror with relative links. Run again to update it: only what changed "
        "is rewritten, and withdrawn statements are removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="Folder to write (created if missing).")
        parser.add_argument(
            "--main-url",
            help="Where readers reach the live site, for the form and receipts "
            "(default: WAGTAIL_TUIDANG_MIRROR_MAIN_URL, else the site's URL).",
        )
        parser.add_argument(
            "--base-url",
            help="The mirror's own address, named in Open Graph tags, JSON-LD "
            "and feeds (default: the main URL).",
        )
        parser.add_argument(
            "--site", help="Hostname of the Wagtail site (default: the default site)."
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Render every page again (after changing templates or settings).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Processes rendering the statements' permalinks (default 1; "
            "up to the number of CPU cores pays).",
        )

    def handle(self, *args, **options):
        site = self.get_site(options["site"])
        main_url = options["main_url"] or get_setting("MIRROR_MAIN_URL")
        if options["jobs"] < 1:
            raise CommandError("--jobs must be 1 or more.")
        for name, url in (("main URL", main_url), ("base URL", options["base_url"])):
            if url is not None and not _is_web_address(url):
                raise CommandError(
                    f"The {name} must be an http:// or https:// address, not {url!r}."
                )
        export = MirrorExport(
            options["output"],
            site=site,
            main_url=main_url,
            base_url=options["base_url"],
            full=options["full"],
            jobs=options["jobs"],
        )
        try:
            counts = export.run()
        except NotAMirrorError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot write {options['output']}: {error}") from None
        for url, status in export.problems:
            self.stderr.write(f"Linked on the main site instead ({status}): {url}")
        self.stdout.write(
            "Mirror in {folder}: {rendered} rendered, {kept} unchanged and not "
            "rendered, {written} written, {unchanged} already up to date, "
            "{removed} removed.".format(folder=export.folder, **_all(counts))
        )

    def get_site(self, hostname):
        if hostname is None:
            site = Site.objects.filter(is_default_site=True).first()
        else:
            site = Site.objects.filter(hostname=hostname).first()
        if site is None:
            raise CommandError(f"No such site: {hostname or 'no default site'}.")
        return site


def _is_web_address(url):
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _all(counts):
    names = ("rendered", "kept", "written", "unchanged", "removed")
    return {name: counts[name] for name in names}
