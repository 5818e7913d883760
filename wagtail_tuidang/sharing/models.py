"""Per-site share and metadata settings, edited under Settings in the admin."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string

from . import validation
from .networks import DEFAULT_NETWORKS, ShareOptions, get_networks, network_choices


def default_networks():
    """The buttons a site shows until an editor picks its own."""
    return [("network", key) for key in DEFAULT_NETWORKS]


class NetworkListBlock(blocks.StreamBlock):
    """An ordered list of networks, each chosen once.

    A StreamField gives editors the admin's own add, remove and drag-to-reorder
    controls; the choices come from the registry when the form is drawn, so a
    network a site adds through the hook is offered with the built-in ones.
    """

    network = blocks.ChoiceBlock(
        choices=network_choices, label=_("Network"), icon="link"
    )

    def clean(self, value):
        value = super().clean(value)
        seen, repeats = set(), {}
        for index, child in enumerate(value):
            if child.value in seen:
                repeats[index] = ValidationError(_("This network is already listed."))
            seen.add(child.value)
        if repeats:
            raise blocks.StreamBlockValidationError(block_errors=repeats)
        return value


@register_setting(icon="link")
class ShareSettings(BaseSiteSetting):
    """Which share buttons a site shows, and what its page metadata says."""

    networks = StreamField(
        NetworkListBlock(),
        blank=True,
        default=default_networks,
        verbose_name=_("share buttons"),
        help_text=_("The networks offered, in this order. Drag to reorder."),
    )
    show_copy_link = models.BooleanField(_("show “Copy link”"), default=True)
    show_web_share = models.BooleanField(
        _("show “Share…”"),
        default=True,
        help_text=_("Opens the device's own share menu, where the browser has one."),
    )
    x_handle = models.CharField(
        _("X handle"),
        max_length=60,
        blank=True,
        help_text=_("The site's account on X, added as “via @name” to posts."),
    )
    hashtags = models.CharField(
        _("default hashtags"),
        max_length=255,
        blank=True,
        help_text=_("Added to posts on X, e.g. “#Tuidang, #三退”."),
    )
    mastodon_instance = models.CharField(
        _("Mastodon server"),
        max_length=255,
        blank=True,
        help_text=_(
            "The server the Mastodon button opens, e.g. mastodon.social. "
            "Readers on other servers can use “Copy link”."
        ),
    )
    publisher_name = models.CharField(
        _("publisher name"),
        max_length=255,
        blank=True,
        help_text=_("Named as the publisher in page metadata; the site name if blank."),
    )
    publisher_logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("publisher logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    default_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("default share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in link previews of pages that have no image of their own."),
    )

    select_related = ["publisher_logo", "default_image"]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("networks"),
                FieldPanel("show_copy_link"),
                FieldPanel("show_web_share"),
            ],
            heading=_("Share buttons"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("x_handle"),
                FieldPanel("hashtags"),
                FieldPanel("mastodon_instance"),
            ],
            heading=_("Networks"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("publisher_name"),
                FieldPanel("publisher_logo"),
                FieldPanel("default_image"),
            ],
            heading=_("Page metadata"),
        ),
    ]

    class Meta:
        verbose_name = _("sharing and metadata")
        verbose_name_plural = _("sharing and metadata")

    def clean(self):
        super().clean()
        # The admin form refuses repeats (NetworkListBlock); code may not.
        self.networks = [("network", key) for key in dict.fromkeys(self.network_keys)]
        errors = {}
        for name, normalise in (
            ("x_handle", validation.normalise_x_handle),
            ("hashtags", validation.normalise_hashtags),
            ("mastodon_instance", validation.normalise_host),
        ):
            try:
                setattr(self, name, normalise(getattr(self, name)))
            except ValidationError as error:
                errors[name] = error
        if "mastodon" in self.network_keys and not self.mastodon_instance:
            errors.setdefault(
                "mastodon_instance",
                _("Name a Mastodon server, or remove the Mastodon button."),
            )
        if errors:
            raise ValidationError(errors)

    @property
    def network_keys(self):
        """The chosen network keys, in order: read from the stored data, since
        Wagtail's ``ChoiceBlock`` would build its translated choices for
        each key (on every page, which shows the share bar and metadata)."""
        return [item["value"] for item in self.networks.raw_data]

    def get_networks(self):
        """The chosen networks that are still registered, in order."""
        known = get_networks()
        return [known[key] for key in self.network_keys if key in known]

    def get_options(self):
        """What URL builders need to know about this site."""
        return ShareOptions(
            x_handle=self.x_handle,
            hashtags=tuple(validation.parse_hashtags(self.hashtags)),
            mastodon_instance=self.mastodon_instance,
        )
