from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from .blocks import HomeStreamBlock


class HomePage(Page):
    """The example site's front page: an introduction and a body of blocks."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    body = StreamField(HomeStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    max_count = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A page of text: about the service, privacy, staying safe."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(
        _("body"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("text page")


def _page_link(name):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="site")
class SiteFrameSettings(ClusterableModel, BaseSiteSetting):
    """What the masthead, the main navigation and the footer of every page
    show. The pages are chosen once, in the site's main language: each
    language's navigation leads to their translations."""

    hotline = models.CharField(
        _("hotline"),
        max_length=60,
        blank=True,
        help_text=_("A telephone number shown in the footer of every page."),
    )
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Shown in the footer of every page."),
    )
    statements_page = _page_link(_("statement wall"))
    news_page = _page_link(_("news"))
    about_page = _page_link(_("about"))
    privacy_page = _page_link(_("privacy"))
    safety_page = _page_link(_("staying safe"))

    select_related = [
        "site__root_page",
        "statements_page",
        "news_page",
        "about_page",
        "privacy_page",
        "safety_page",
    ]

    panels = [
        InlinePanel("names", heading=_("Name of the site in each language")),
        MultiFieldPanel([FieldPanel("hotline"), FieldPanel("email")], _("Contact")),
        MultiFieldPanel(
            [
                FieldPanel("statements_page"),
                FieldPanel("news_page"),
                FieldPanel("about_page"),
                FieldPanel("privacy_page"),
                FieldPanel("safety_page"),
            ],
            _("Navigation"),
        ),
    ]

    class Meta:
        verbose_name = _("masthead and footer")
        verbose_name_plural = _("masthead and footer")


def language_choices():
    return settings.LANGUAGES


class SiteFrameName(Orderable):
    """The site's name and tagline in one language, as the masthead shows
    them to readers of that language."""

    frame = ParentalKey(
        SiteFrameSettings, on_delete=models.CASCADE, related_name="names"
    )
    language = models.CharField(_("language"), max_length=20, choices=language_choices)
    name = models.CharField(_("name"), max_length=120)
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)

    panels = [FieldPanel("language"), FieldPanel("name"), FieldPanel("tagline")]

    class Meta(Orderable.Meta):
        verbose_name = _("name")
        verbose_name_plural = _("names")
