"""The mirror's manifest: what the last export wrote, kept in the output
folder so that the next run rewrites only what changed.

It holds only what the mirror shows anyway: each exported URL with its file,
the SHA-256 of the file, its kind and the site URLs it links to (so that an
unchanged page is followed without rendering it again), and for each
published statement a digest of its *public* fields (the name as shown,
never a hidden one). Publishing it with the mirror reveals nothing.
"""

import json
import os
from dataclasses import dataclass, field

NAME = ".tuidang-mirror.json"
FORMAT = 1


@dataclass
class Entry:
    """One exported URL."""

    file: str
    sha256: str
    kind: str  # "page", "statement", "asset", "redirect" or "elsewhere"
    links: list = field(default_factory=list)


@dataclass
class Manifest:
    state: dict = field(default_factory=dict)
    statements: dict = field(default_factory=dict)
    entries: dict = field(default_factory=dict)

    @classmethod
    def load(cls, folder):
        """The manifest in ``folder``, or an empty one (a first export, or a
        manifest from another format: everything is written again)."""
        try:
            with open(os.path.join(folder, NAME), encoding="utf-8") as file:
                data = json.load(file)
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls()
        entries = {url: Entry(*row) for url, row in data["entries"].items()}
        return cls(data["state"], data["statements"], entries)

    def save(self, folder):
        """Write atomically: a run stopped half-way leaves the old manifest."""
        data = {
            "format": FORMAT,
            "state": self.state,
            "statements": self.statements,
            "entries": {
                url: [e.file, e.sha256, e.kind, e.links]
                for url, e in sorted(self.entries.items())
            },
        }
        path = os.path.join(folder, NAME)
        with open(path + ".tmp", "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False, separators=(",", ":"))
        os.replace(path + ".tmp", path)
