"""News articles: article pages and their index, related and recommended
posts, reading time, body blocks and feeds.

Page *mixins* are in :mod:`.mixins`; the ready-made page types in
:mod:`wagtail_tuidang.pages.models`.
"""
