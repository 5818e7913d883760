"""A site format module replacing Django's Traditional Chinese dates."""

DATE_FORMAT = "Y/m/d"
