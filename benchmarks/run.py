"""Run every benchmark in this folder, one after the other (`make benchmark`).

Each benchmark is a script printing Markdown for docs/benchmarks.md. Pass
names to run only some: `python benchmarks/run.py wall_reads`.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names):
    scripts = sorted(
        p
        for p in HERE.glob("*.py")
        if p.name != "run.py" and not p.name.startswith("_")
    )
    if names:
        scripts = [p for p in scripts if p.stem in names]
    failed = 0
    for script in scripts:
        print(f"## {script.stem}", flush=True)
        failed |= subprocess.call([sys.executable, str(script)])  # noqa: S603 - our own scripts
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
