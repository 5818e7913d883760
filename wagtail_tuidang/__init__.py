"""wagtail-tuidang: a reusable Wagtail app for a Tuidang (退党) service."""

__version__ = "0.1.0.dev0"
