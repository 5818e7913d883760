"""Whole-page caching in a CDN or a reverse proxy, kept correct by purges
through Wagtail's ``wagtail.contrib.frontend_cache``.

- :mod:`.usage` records, for every live page, the blocks it shows that
  depend on another page (a wall's counter or latest statements, a featured
  statement, a list of articles), so that a change to that page purges the
  pages showing it.
- :mod:`.purging` sends batches of URLs to the configured backends in a
  background task; a backend that fails is logged, never an error for the
  moderator or editor whose change caused the purge.
- :mod:`.signals` purges what a page's publication, unpublication or move
  makes stale; :mod:`wagtail_tuidang.statements.purge` what a statement
  decision does.
"""
