"""The start every benchmark shares; import it before anything of Django's.

Puts the repository and the example site on ``sys.path``, uses the test
settings, and a new SQLite file in :data:`BENCH_DIR` unless ``DATABASE_URL``
names a database; then sets Django up.
"""

import os
import sys
import tempfile
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
#: A new folder for this run's files (the SQLite database among them).
BENCH_DIR = tempfile.mkdtemp(prefix="tuidang-bench-")

sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR}/bench.sqlite3")
django.setup()
