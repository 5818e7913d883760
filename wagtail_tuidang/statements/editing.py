"""The page editor's form of statement index pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.admin.panels import Panel

from . import walls

EDITED_ON_ORIGINAL = _(
    "All translations of this page share one total. Edit it on the original "
    "page of this wall."
)


class StatementIndexPageForm(WagtailAdminPageForm):
    """On a translation of a wall, the historical total is the original
    page's: shown, but not editable (Django ignores a disabled field's posted
    value), and saved as the original's so that both pages say the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if page.pk is None or walls.is_wall(page):
            return
        baseline = walls.baseline_of(page)
        for name in walls.BASELINE_FIELDS:
            field = self.fields.get(name)
            if field is None:
                continue
            field.disabled = True
            field.help_text = EDITED_ON_ORIGINAL
            self.initial[name] = baseline[name]


class EmbedCodePanel(Panel):
    """The code an editor copies to show the wall's running total on another
    site: the framed counter (``embed/counter/``) and the badge image
    (``embed/badge/``), with the page's own address; nothing until the page
    is live."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_tuidang/admin/embed_code_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            url = page.get_full_url(self.request) if page.pk and page.live else None
            if url:
                url = url if url.endswith("/") else url + "/"
                context["wall_url"] = url
                context["counter_url"] = url + page.reverse_subpage("embed_counter")
                context["badge_url"] = url + page.reverse_subpage("embed_badge")
                context["json_url"] = url + page.reverse_subpage("stats_json")
            context["page_title"] = page.title
            return context
