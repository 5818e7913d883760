"""Ready-made page types: thin classes over the mixins in wagtail_tuidang.

A site with its own base page writes the same two lines with its base page in
place of ``Page``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from wagtail_tuidang.statements.mixins import (
    StatementIndexPageMixin,
    StatementPageMixin,
)


class StatementIndexPage(StatementIndexPageMixin, Page):
    class Meta:
        verbose_name = _("statement index page")
        verbose_name_plural = _("statement index pages")


class StatementPage(StatementPageMixin, Page):
    class Meta:
        verbose_name = _("featured statement page")
        verbose_name_plural = _("featured statement pages")
