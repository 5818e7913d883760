"""Concrete page types: thin classes over the mixins in wagtail_tuidang."""
