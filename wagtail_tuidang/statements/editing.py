"""The page editor's form of statement index pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.pages import WagtailAdminPageForm

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
