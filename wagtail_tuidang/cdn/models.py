"""The registry of blocks that show another page (see :mod:`.usage`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..statements.models import PAGE_MODEL

#: ``target_id`` of a block that may show any page of its kind.
ANY = 0


class BlockUsage(models.Model):
    """A live page shows a block depending on another page: ``kind`` names
    what it shows ("wall", "featured", "article_list", "articles"),
    ``target_id`` the page it shows it of (:data:`ANY`: pages of every
    wall or index, as a related-articles block showing the latest articles).

    Kept on publication (:func:`.usage.record`), so it says what the live
    page shows, never a draft's blocks."""

    page = models.ForeignKey(
        PAGE_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    kind = models.CharField(_("kind"), max_length=32)
    target_id = models.BigIntegerField(_("shown page"))

    class Meta:
        verbose_name = _("block usage")
        verbose_name_plural = _("block usages")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "target_id"],
                name="tuidang_block_usage_unique",
            )
        ]
        indexes = [
            models.Index(fields=["kind", "target_id"], name="tuidang_block_usage_idx")
        ]

    def __str__(self):
        return f"{self.page_id} shows {self.kind} of {self.target_id}"
