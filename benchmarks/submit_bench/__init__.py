"""A Wagtail form builder page to compare submissions with (benchmarks only).

``benchmarks/submit_load.py`` runs the example site with this app added
(``submit_bench.settings``), so that Wagtail's own ``wagtail.contrib.forms``
and the plugin's ``submit/`` route are served by the same gunicorn, database
and Redis. Nothing here is part of the plugin.
"""
