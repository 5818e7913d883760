"""Page mixins for statement pages. Concrete page types add ``Page`` (or a
site's own base page): see :mod:`wagtail_tuidang.pages.models`."""

from html import unescape

from django.db import models, transaction
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

from ..api_fields import FiguresField
from ..basepage import search_description
from ..layout.head import Feed
from ..layout.pages import TuidangLayoutMixin
from . import tallies, walls
from .choices import Organisation
from .editing import EmbedCodePanel, StatementIndexPageForm
from .meta import route_meta
from .views.data import open_data
from .views.days import days
from .views.feeds import feed
from .views.keep import keep
from .views.listing import detail, index
from .views.open_data import embed_badge, embed_counter, stats_json
from .views.receipt import receipt
from .views.stats import stats
from .views.submit import submit
from .views.transparency import transparency
from .views.verify import verify

LISTING_CSS = "wagtail_tuidang/css/statements-listing.css"
FORM_CSS = "wagtail_tuidang/css/statements-form.css"
#: Set (True) on a wall by a query that loaded it together with the
#: knowledge that no view restriction applies to it.
UNRESTRICTED = "_tuidang_unrestricted"


def view_restrictions(path, steplen):
    """The view restrictions of the page at tree ``path`` and of its
    ancestors (for an alias, of its source page): their tree paths are the
    prefixes of ``path``."""
    paths = [path[:end] for end in range(steplen, len(path) + 1, steplen)]
    return PageViewRestriction.objects.filter(
        Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
    )


class StatementIndexPageMixin(TuidangLayoutMixin, RoutablePageMixin, models.Model):
    """A statement wall: published statements, the submission form, receipts,
    statistics and feeds, all as routes below one page.

    Routes: ``""``, ``submit/``, ``receipt/``, ``receipt/keep/``,
    ``verify/``, ``s/<public_id>/``, ``stats/``, ``days/``, ``feed/`` (RSS
    2.0), ``feed/atom/``, and the open data: ``stats/json/``,
    ``embed/counter/``, ``embed/badge/``, ``data/`` and (when turned on)
    ``transparency/``. Each renders the first template that exists from
    :meth:`get_route_template_names`.

    With Wagtail's localisation, all translations of a page are one wall
    (see :mod:`~wagtail_tuidang.statements.walls`): one set of statements and
    tallies, and one baseline, edited on the original page.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    baseline_total = models.BigIntegerField(
        _("baseline total"),
        default=0,
        help_text=_("People who quit before this site started counting."),
    )
    baseline_party = models.BigIntegerField(_("of whom the party"), default=0)
    baseline_youth_league = models.BigIntegerField(
        _("of whom the Youth League"), default=0
    )
    baseline_young_pioneers = models.BigIntegerField(
        _("of whom the Young Pioneers"), default=0
    )
    baseline_date = models.DateField(
        _("baseline as of"),
        null=True,
        blank=True,
        help_text=_("The date the baseline figures were counted."),
    )
    default_statement_text = models.TextField(
        _("default statement wording"),
        blank=True,
        help_text=_("Offered on the form for people who do not write their own."),
    )
    submissions_open = models.BooleanField(_("accept new statements"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("default_statement_text"),
        FieldPanel("submissions_open"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("baseline_total"), FieldPanel("baseline_date")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("baseline_party"),
                        FieldPanel("baseline_youth_league"),
                        FieldPanel("baseline_young_pioneers"),
                    ]
                ),
            ],
            heading=_("Historical total"),
        ),
        EmbedCodePanel(heading=_("Show the total on another site")),
    ]

    #: The pages below are routes, not child pages.
    subpage_types = []

    #: Fields of Wagtail's API v2 pages endpoint (docs/reference/api.md);
    #: the statements themselves are ``StatementsAPIViewSet``'s.
    api_fields = [
        APIField("intro"),
        APIField("baseline_total"),
        APIField("baseline_date"),
        APIField("submissions_open"),
        APIField("figures", serializer=FiguresField()),
    ]

    #: Stylesheets each route links after the plugin's base stylesheet.
    route_stylesheets = {
        "index": [LISTING_CSS],
        "detail": [LISTING_CSS],
        "submit": [FORM_CSS],
        "submit_done": [FORM_CSS],
        "receipt": [FORM_CSS],
        "receipt_card": [FORM_CSS, "wagtail_tuidang/css/receipt-card.css"],
        "verify": [FORM_CSS, LISTING_CSS],
        "stats": [LISTING_CSS, "wagtail_tuidang/css/statements-stats.css"],
        "days": [LISTING_CSS],
        "open_data": [LISTING_CSS, "wagtail_tuidang/css/statements-open-data.css"],
        "transparency": [
            LISTING_CSS,
            "wagtail_tuidang/css/statements-open-data.css",
        ],
    }
    #: Routes that search engines must never index: they show a person's own
    #: submission or receipt, or what a number someone typed belongs to.
    #: Also sent as an ``X-Robots-Tag`` header.
    noindex_routes = frozenset(
        {"submit", "submit_done", "receipt", "receipt_card", "verify"}
    )
    #: Days listed on a page of ``days/``.
    days_per_page = 100

    #: The editor's form: on a translation, the baseline fields are the
    #: original page's and cannot be edited. A replacement should subclass it.
    base_form_class = StatementIndexPageForm

    #: The form of ``submit/`` and of the statement form block (a dotted path
    #: or a class). Override to add fields: subclass ``StatementForm``.
    statement_form_class = "wagtail_tuidang.statements.forms.StatementForm"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if not self.pk:
            return result
        update_fields = kwargs.get("update_fields")
        baseline_saved = update_fields is None or set(update_fields) & set(
            walls.BASELINE_FIELDS
        )
        if baseline_saved and walls.is_wall(self):
            walls.share_baseline(self)
        tallies.invalidate(walls.wall_id(self))  # the baseline may have changed
        return result

    def delete(self, *args, **kwargs):
        """Deleting the original of a translated wall first hands its
        statements, tallies and baseline to the next oldest translation."""
        with transaction.atomic():
            walls.hand_over(self)
            return super().delete(*args, **kwargs)

    def get_cached_paths(self):
        """The routes a frontend cache holds and a publication of this page
        (its introduction, its baseline) makes stale: Wagtail's
        ``frontend_cache`` purges them all."""
        from .purge import changing_routes

        return ["/" + route for route in changing_routes()]

    def get_view_restrictions(self):
        """Wagtail's answer (the restrictions of this page and its ancestors,
        for an alias those of its source page) in one query instead of two:
        the ancestors' tree paths are the prefixes of this page's. None at
        all when the query that loaded this page found none (see
        :mod:`.routes`)."""
        if getattr(self, UNRESTRICTED, False):
            return PageViewRestriction.objects.none()
        return view_restrictions(self.path, self.steplen).distinct()

    def get_route_template_names(self, route):
        """Templates for ``route`` ("index", "detail", "submit", "submit_done",
        "receipt", "verify", "certificate", "stats", "days"), most specific
        first. Override this to add your
        own."""
        meta = self._meta
        return [
            f"{meta.app_label}/{meta.model_name}_{route}.html",
            f"wagtail_tuidang/statements/{route}.html",
        ]

    def get_tuidang_head(self, context):
        """The head of the route in ``context`` (``route``, set by the views):
        its stylesheets, ``noindex`` on the private routes and on a listing
        with notices, and feed links on the listing."""
        route = context.get("route", "index")
        head = super().get_tuidang_head(context)
        head.stylesheets += self.route_stylesheets.get(route, [])
        filter_form = context.get("filter_form")
        head.noindex = (
            route in self.noindex_routes
            or bool(context.get("notices"))
            or bool(filter_form is not None and filter_form.errors)
        )
        if route == "index":
            head.feeds = self._feed_links(context.get("request"))
        head.meta = self.get_route_meta(route, context)
        return head

    def get_route_meta(self, route, context):
        """Canonical URL, title, description, image and JSON-LD type of
        ``route`` (the keyword arguments of
        :func:`~wagtail_tuidang.sharing.meta.meta_context`; see
        :mod:`~wagtail_tuidang.statements.meta`). Override this to describe a
        route of your own."""
        return route_meta(self, route, context)

    def get_sitemap_urls(self, request=None):
        """The wall, and its statistics and archive of days. Permalinks are
        not listed: a sitemap of every statement would be a list of names."""
        entries = super().get_sitemap_urls(request)
        if not entries:
            return entries
        wall = entries[0]["location"]
        wall += "" if wall.endswith("/") else "/"
        for route in ("stats", "days"):
            entries.append({"location": wall + self.reverse_subpage(route)})
        return entries

    def _feed_links(self, request):
        from .wall_tags import route_url

        return [
            Feed(
                "application/rss+xml",
                _("%(title)s (RSS)") % {"title": self.title},
                route_url(self, "feed", request=request),
            ),
            Feed(
                "application/atom+xml",
                _("%(title)s (Atom)") % {"title": self.title},
                route_url(self, "feed_atom", request=request),
            ),
        ]

    def get_form_class(self):
        """Override this to pick the form other than by ``statement_form_class``."""
        form_class = self.statement_form_class
        if isinstance(form_class, str):
            form_class = import_string(form_class)
        return form_class

    @cached_property
    def figures(self):
        """Total and recent figures (cached; see ``tallies.get_figures``)."""
        return tallies.get_figures(self)

    @path("", name="index")
    def index_route(self, request):
        return index(request, self)

    @re_path(r"^s/(?P<public_id>[-_A-Za-z0-9]{1,32})/$", name="detail")
    def detail_route(self, request, public_id):
        return detail(request, self, public_id)

    @path("submit/", name="submit")
    def submit_route(self, request):
        return submit(request, self)

    @path("receipt/", name="receipt")
    def receipt_route(self, request):
        return receipt(request, self)

    @path("receipt/keep/", name="receipt_keep")
    def receipt_keep_route(self, request):
        return keep(request, self)

    @path("verify/", name="verify")
    def verify_route(self, request):
        return verify(request, self)

    @path("stats/", name="stats")
    def stats_route(self, request):
        return stats(request, self)

    @path("stats/json/", name="stats_json")
    def stats_json_route(self, request):
        return stats_json(request, self)

    @path("embed/counter/", name="embed_counter")
    def embed_counter_route(self, request):
        return embed_counter(request, self)

    @path("embed/badge/", name="embed_badge")
    def embed_badge_route(self, request):
        return embed_badge(request, self)

    @path("data/", name="open_data")
    def open_data_route(self, request):
        return open_data(request, self)

    @path("transparency/", name="transparency")
    def transparency_route(self, request):
        return transparency(request, self)

    @path("days/", name="days")
    def days_route(self, request):
        return days(request, self)

    @path("feed/", name="feed")
    def feed_route(self, request):
        return feed(request, self, "rss")

    @path("feed/atom/", name="feed_atom")
    def atom_feed_route(self, request):
        return feed(request, self, "atom")


class StatementPageMixin(TuidangLayoutMixin, models.Model):
    """A featured statement as an editorial page, going through Wagtail's page
    workflow: a person's display name, photo, story and what they quit."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )
    body = RichTextField(
        _("story"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"],
    )
    quit_party = models.BooleanField(_("quits the Communist Party"), default=False)
    quit_youth_league = models.BooleanField(
        _("quits the Communist Youth League"), default=False
    )
    quit_young_pioneers = models.BooleanField(
        _("quits the Young Pioneers"), default=False
    )
    declared_on = models.DateField(_("date declared"), null=True, blank=True)
    statement = models.ForeignKey(
        "wagtail_tuidang.Statement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("statement"),
        help_text=_("The published statement this page features, if any."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("display_name"),
        FieldPanel("photo"),
        FieldPanel("body"),
        FieldRowPanel(
            [
                FieldPanel("quit_party"),
                FieldPanel("quit_youth_league"),
                FieldPanel("quit_young_pioneers"),
            ],
            heading=_("Quits"),
        ),
        FieldPanel("declared_on"),
        FieldPanel("statement"),
    ]

    subpage_types = []

    class Meta:
        abstract = True

    @property
    def organisations(self):
        return [org for org in Organisation if getattr(self, org.field_name)]

    def get_tuidang_head(self, context):
        head = super().get_tuidang_head(context)
        head.stylesheets.append("wagtail_tuidang/css/statements-blocks.css")
        head.meta = {"page": self}
        return head

    def get_meta_description(self):
        """The description in link previews: the search description, else
        the start of the story as plain text."""
        story = Truncator(unescape(strip_tags(self.body or ""))).chars(200)
        return search_description(self) or " ".join(story.split())

    def get_meta_image(self):
        """The image in link previews: the photo the page shows, or None
        (the site's default share image)."""
        return self.photo

    @property
    def featured_name(self):
        return self.display_name or self.title

    def get_template(self, request, *args, **kwargs):
        meta = self._meta
        return [
            f"{meta.app_label}/{meta.model_name}.html",
            "wagtail_tuidang/statements/statement_page.html",
        ]
