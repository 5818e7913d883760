"""The volunteer console: statements entered on behalf of callers, with their
consent, by users holding ``wagtail_tuidang.submit_as_volunteer``."""
