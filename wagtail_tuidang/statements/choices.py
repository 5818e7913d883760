"""Fixed vocabularies of a statement: status, source, region, organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Needs fixing")
    SPAM = "spam", _("Spam")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Unpublished by staff (a published statement that must not stay public).
    TAKEN_DOWN = "taken_down", _("Taken down")


class Source(models.TextChoices):
    WEB = "web", _("Web form")
    VOLUNTEER = "volunteer", _("Volunteer")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    IMPORT = "import", pgettext_lazy("source", "Import")


class Organisation(models.TextChoices):
    """The three organisations one can quit; each is a boolean field on Statement."""

    PARTY = "party", _("Chinese Communist Party")
    YOUTH_LEAGUE = "youth_league", _("Communist Youth League")
    YOUNG_PIONEERS = "young_pioneers", _("Young Pioneers")

    @property
    def field_name(self):
        """Name of the Statement boolean field recording this organisation."""
        return f"quit_{self.value}"

    @property
    def tally_field(self):
        """Name of the StatementTally counter of people for this organisation."""
        return f"people_{self.value}"


class Region(models.TextChoices):
    """China's provincial-level divisions, Hong Kong, Macau, Taiwan, overseas."""

    NOT_GIVEN = "", _("Not given")
    BEIJING = "bj", _("Beijing")
    TIANJIN = "tj", _("Tianjin")
    HEBEI = "he", _("Hebei")
    SHANXI = "sx", _("Shanxi")
    INNER_MONGOLIA = "nm", _("Inner Mongolia")
    LIAONING = "ln", _("Liaoning")
    JILIN = "jl", _("Jilin")
    HEILONGJIANG = "hl", _("Heilongjiang")
    SHANGHAI = "sh", _("Shanghai")
    JIANGSU = "js", _("Jiangsu")
    ZHEJIANG = "zj", _("Zhejiang")
    ANHUI = "ah", _("Anhui")
    FUJIAN = "fj", _("Fujian")
    JIANGXI = "jx", _("Jiangxi")
    SHANDONG = "sd", _("Shandong")
    HENAN = "ha", _("Henan")
    HUBEI = "hb", _("Hubei")
    HUNAN = "hn", _("Hunan")
    GUANGDONG = "gd", _("Guangdong")
    GUANGXI = "gx", _("Guangxi")
    HAINAN = "hi", _("Hainan")
    CHONGQING = "cq", _("Chongqing")
    SICHUAN = "sc", _("Sichuan")
    GUIZHOU = "gz", _("Guizhou")
    YUNNAN = "yn", _("Yunnan")
    TIBET = "xz", _("Tibet")
    SHAANXI = "sn", _("Shaanxi")
    GANSU = "gs", _("Gansu")
    QINGHAI = "qh", _("Qinghai")
    NINGXIA = "nx", _("Ningxia")
    XINJIANG = "xj", _("Xinjiang")
    HONG_KONG = "hk", _("Hong Kong")
    MACAU = "mo", _("Macau")
    TAIWAN = "tw", _("Taiwan")
    OVERSEAS = "os", pgettext_lazy("region", "Overseas")
