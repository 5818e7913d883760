"""Statement and StatementTally.

``Statement`` is a plain model on purpose: there will be hundreds of millions of
rows, and a page-tree node, revision or workflow state per statement would bloat
tables the whole Wagtail site shares. Its ``status`` is written only by
:mod:`wagtail_tuidang.statements.transitions`.
"""

import secrets
import string

import swapper
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..crypto import get_cipher
from . import labels, registration, search
from .choices import Organisation, Region, Source, Status

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")
ALPHANUMERIC = string.ascii_letters + string.digits
#: The columns a published statement is shown from, wherever it is shown
#: (its permalink, the read API, the downloads, the static mirror): what it
#: says, and the fields that decide which name it shows.
PUBLIC_COLUMNS = (
    "public_id",
    "name",
    "alias",
    "is_real_name",
    "consent_real_name",
    "real_name_confirmed",
    "quit_party",
    "quit_youth_league",
    "quit_young_pioneers",
    "people_count",
    "region",
    "declared_on",
    "published_at",
    "text",
)
#: The anti-spam flags, each a boolean field of :class:`Statement`: the
#: moderation queue lists the statements of each in a tab of its own.
FLAG_FIELDS = (
    "flag_duplicate",
    "flag_rate_limited",
    "flag_rate_limit_unknown",
    "flag_honeypot",
    "flag_too_fast",
    "flag_no_proof",
    "flag_replayed",
    "flag_flood",
)


def new_public_id():
    """A random, URL-safe, non-sequential id (about 96 bits) for permalinks.

    It never starts with "-" or "_": a leading "-" reads as a formula in a
    spreadsheet, so exports would have to alter the id."""
    token = secrets.token_urlsafe(12)
    if token[0] in "-_":
        token = secrets.choice(ALPHANUMERIC) + token[1:]
    return token


class StatementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def for_page(self, page):
        """Statements of ``page``'s wall: with localisation, those of all its
        translations (see :mod:`~wagtail_tuidang.statements.walls`)."""
        from .walls import wall_id

        return self.filter(index_page_id=wall_id(page))

    def newest_first(self):
        return self.order_by("-published_at", "-id")


class Statement(models.Model):
    """One resignation statement, covering one or more people.

    ``index_page`` is its wall: with localisation, the original of the index
    page's translations, whichever translation it was sent on."""

    id = models.BigAutoField(primary_key=True)
    index_page = models.ForeignKey(
        PAGE_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("statement index page"),
    )
    public_id = models.CharField(
        _("public id"),
        max_length=24,
        unique=True,
        default=new_public_id,
        editable=False,
    )

    # Assigned at publication (see ``registration``); NULL until then, and
    # unique must allow many NULLs.
    registration_number = models.CharField(  # noqa: DJ001
        _("registration number"),
        max_length=16,
        unique=True,
        null=True,
        editable=False,
    )

    name = models.CharField(
        pgettext_lazy("statement", "name"),
        max_length=60,
        help_text=_("An alias, or a real name when the person agreed to publish it."),
    )
    alias = models.CharField(
        _("alias"),
        max_length=60,
        blank=True,
        help_text=_("Shown instead of a real name until it may be published."),
    )
    is_real_name = models.BooleanField(_("is a real name"), default=False)
    consent_real_name = models.BooleanField(
        _("consents to publishing the real name"), default=False
    )
    real_name_confirmed = models.BooleanField(
        _("real name confirmed by moderators"), default=False
    )

    quit_party = models.BooleanField(_("quits the Communist Party"), default=False)
    quit_youth_league = models.BooleanField(
        _("quits the Communist Youth League"), default=False
    )
    quit_young_pioneers = models.BooleanField(
        _("quits the Young Pioneers"), default=False
    )
    people_count = models.PositiveIntegerField(
        _("number of people"), default=1, validators=[MinValueValidator(1)]
    )
    region = models.CharField(
        _("region"), max_length=2, choices=Region.choices, blank=True, default=""
    )
    text = models.TextField(_("statement"), blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    declared_on = models.DateField(_("date declared"), default=timezone.localdate)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        editable=False,
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.WEB
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # Who last corrected the wording in the admin: like the submitter, that
    # person may not publish it (four eyes on every word published).
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("last corrected by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    public_reason = models.CharField(
        _("reason shown to the submitter"), max_length=255, blank=True
    )
    internal_note = models.TextField(
        _("internal note"),
        blank=True,
        editable=False,
        help_text=_("Seen by moderators only, never by the submitter."),
    )

    # NULL, not "", for statements without a receipt (volunteer entries,
    # imports): unique must allow many of them.
    receipt_hash = models.CharField(  # noqa: DJ001
        _("receipt code hash"), max_length=64, unique=True, null=True, editable=False
    )
    # A keyed hash of the nonce of the rendered form that sent the statement
    # (see ``resends``): unique, so that one rendered form stores one
    # statement however often it is sent. NULL for imports, which have none.
    submission_key = models.CharField(  # noqa: DJ001
        _("submission key"), max_length=64, unique=True, null=True, editable=False
    )
    fingerprint = models.CharField(
        _("duplicate fingerprint"), max_length=64, blank=True, db_index=True
    )
    #: For a statement from an import: a digest of its row's cells and of how
    #: many identical rows came before it in the file, so that importing the
    #: file again creates nothing (see ``transfer.importer``).
    import_key = models.CharField(  # noqa: DJ001
        _("import key"), max_length=32, null=True, blank=True, editable=False
    )
    # The public words, folded for search (see ``search``): never a real
    # name that is not shown. Indexed on PostgreSQL by migration 0013.
    search_text = models.TextField(
        _("search text"), blank=True, default="", editable=False
    )
    flag_duplicate = models.BooleanField(_("possible duplicate"), default=False)
    flag_rate_limited = models.BooleanField(_("over the rate limit"), default=False)
    # Set when the rate-limit cache could not be reached: not refused, but
    # looked at, since nothing counted this client's submissions.
    flag_rate_limit_unknown = models.BooleanField(
        _("rate limit unknown"), default=False
    )
    flag_honeypot = models.BooleanField(_("honeypot filled"), default=False)
    flag_too_fast = models.BooleanField(_("submitted too fast"), default=False)
    # The form carried no valid proof of work: sent without JavaScript, or
    # by a client that did not solve the challenge.
    flag_no_proof = models.BooleanField(_("no proof of work"), default=False)
    # The form's render token or proof-of-work challenge was used before by
    # another statement: one rendered form cannot vouch for many.
    flag_replayed = models.BooleanField(_("form used before"), default=False)
    # Sent while everyone's submissions were over the global rate or the
    # pending queue was over its ceiling.
    flag_flood = models.BooleanField(_("sent during a flood"), default=False)

    contact_encrypted = models.TextField(
        _("contact details (encrypted)"), blank=True, editable=False
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            # Public listing, permalink-free reads: newest published first.
            models.Index(
                fields=["index_page", "-published_at", "-id"],
                condition=Q(status=Status.PUBLISHED),
                name="tuidang_stmt_published_idx",
            ),
            # The read API across all walls (statements/api.py): the same
            # order without the wall, so several walls page by one seek.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status=Status.PUBLISHED),
                name="tuidang_stmt_published_all_idx",
            ),
            # Moderation queue: oldest pending first.
            models.Index(
                fields=["status", "submitted_at"], name="tuidang_stmt_queue_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quit_party=True)
                | Q(quit_youth_league=True)
                | Q(quit_young_pioneers=True),
                name="tuidang_stmt_quits_something",
            ),
            models.CheckConstraint(
                condition=Q(people_count__gte=1), name="tuidang_stmt_people_positive"
            ),
            models.UniqueConstraint(
                fields=["index_page", "import_key"],
                condition=Q(import_key__isnull=False),
                name="tuidang_stmt_import_key_unique",
            ),
        ]
        permissions = [
            ("moderate_statement", _("Can moderate statements")),
            ("confirm_real_name", _("Can confirm real names")),
            ("view_contact", _("Can view contact details")),
            ("import_statements", _("Can import statements")),
            # submit_as_volunteer lives on ``VolunteerEntry``'s content type,
            # export_statements on ``StatementPageLogEntry``'s.
            (
                "take_down_statement",
                _("Can take down and redact published statements"),
            ),
        ]

    def __str__(self):
        return self.public_name

    def save(self, *args, **kwargs):
        """Keep ``search_text`` true to the saved words: a save of any field
        it is made of (even with ``update_fields``) rewrites it."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or search.SOURCE_FIELDS & set(update_fields):
            self.search_text = search.search_text(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        return super().save(*args, **kwargs)

    @property
    def organisations(self):
        """The organisations this statement quits, in their canonical order."""
        return [org for org in Organisation if getattr(self, org.field_name)]

    @property
    def organisations_display(self):
        """:attr:`organisations` as one line of the active language
        ("Chinese Communist Party, Young Pioneers"), translated once per
        language (see :mod:`.labels`)."""
        return labels.organisations(
            (self.quit_party, self.quit_youth_league, self.quit_young_pioneers)
        )

    def get_region_display(self):
        """The region's label, as Django's own ``get_region_display()`` gives
        it, without rebuilding the translated choices on each call."""
        return labels.choice_label(Region, self.region)

    @property
    def shows_real_name(self):
        return self.is_real_name and search.name_is_public(self)

    @property
    def public_name(self):
        """The only name ever shown publicly: the real name needs both consent
        and confirmation; otherwise the alias (or "Anonymous"). The same rule
        decides what the public search may find (:mod:`.search`)."""
        if search.name_is_public(self):
            return self.name
        return self.alias or str(_("Anonymous"))

    @property
    def registration_number_display(self):
        """The registration number in groups of four, or "" before publication."""
        return registration.format_number(self.registration_number)

    @property
    def has_contact(self):
        return bool(self.contact_encrypted)

    def set_contact(self, contact):
        """Store contact details encrypted (an empty value clears them)."""
        self.contact_encrypted = get_cipher().encrypt(contact) if contact else ""


class StatementTally(models.Model):
    """Published statements and people per index page (the wall, as for
    ``Statement.index_page``) and day.

    Changed only by the transitions module, in the same transaction as the
    status change, with ``F()`` updates. The public total is the page's baseline
    plus the sum of its tallies, never a ``COUNT(*)`` over statements.
    """

    id = models.BigAutoField(primary_key=True)
    index_page = models.ForeignKey(
        PAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("statement index page"),
    )
    day = models.DateField(_("day"))
    statements = models.BigIntegerField(_("statements"), default=0)
    people = models.BigIntegerField(_("people"), default=0)
    people_party = models.BigIntegerField(_("people quitting the party"), default=0)
    people_youth_league = models.BigIntegerField(
        _("people quitting the Youth League"), default=0
    )
    people_young_pioneers = models.BigIntegerField(
        _("people quitting the Young Pioneers"), default=0
    )
    #: When the row last changed: the "last update" of the published figures.
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement tally")
        verbose_name_plural = _("statement tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["index_page", "day"], name="tuidang_tally_page_day"
            )
        ]

    def __str__(self):
        return f"{self.day}: {self.people}"


class StatementRegionTally(models.Model):
    """Published statements and people per index page (the wall), day and
    region: the regional figures of ``stats/`` and ``stats/json/``.

    Kept exactly like :class:`StatementTally`: changed only by the
    transitions module, in the same transaction as the status change, with
    ``F()`` updates, and recounted by ``tallies.rebuild()``. Historical
    totals (the baseline, ``record_history()``) have no region, so these
    rows add up to the statements published here, not to the public total.
    """

    id = models.BigAutoField(primary_key=True)
    index_page = models.ForeignKey(
        PAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("statement index page"),
    )
    day = models.DateField(_("day"))
    region = models.CharField(
        _("region"), max_length=2, choices=Region.choices, blank=True, default=""
    )
    statements = models.BigIntegerField(_("statements"), default=0)
    people = models.BigIntegerField(_("people"), default=0)

    class Meta:
        verbose_name = _("regional statement tally")
        verbose_name_plural = _("regional statement tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["index_page", "day", "region"],
                name="tuidang_region_tally_page_day",
            )
        ]

    def __str__(self):
        return f"{self.day} {self.region or '-'}: {self.people}"


class SpentToken(models.Model):
    """A single-use token (a form's render token, a proof-of-work challenge)
    used while the cache could not be reached: see :mod:`.spent`. Holds a
    keyed hash only, and is deleted once it expires."""

    digest = models.CharField(_("digest"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("spent token")
        verbose_name_plural = _("spent tokens")

    def __str__(self):
        return self.digest
